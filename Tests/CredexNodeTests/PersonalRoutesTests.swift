import CredexCore
import CredexCrypto
import CredexJSON
import CredexNet
import CredexReplication
import CredexTesting
import CredexTrust
import Foundation
import Logging
import Testing

@testable import CredexNode
@testable import CredexStore

/// The peer protocol's personal-data routes (`POST /credex/v1/personal`, `POST /credex/v1/erasure`)
/// over real mutual TLS on loopback: every hostile message is refused with its status and leaves
/// nothing behind; a delivery stores part and grant; a notice erases, or is kept under a hold.
@Suite struct PersonalRoutesTests {
    // MARK: the federation

    /// `partner` signs its records and messages with this issuer's key.
    static let partnerIssuer = try! TestIssuer(seed: 41, node: Federation.partner.id)
    /// A third member, with a TLS identity and a signing key of its own.
    static let third = Federation.Party("did:web:third.example")
    static let thirdIssuer = try! TestIssuer(seed: 42, node: third.id)

    /// Home, partner (with `partnerKeys` if given) and the third member, in version 1.
    static func trust(partnerKeys: [TrustListContent.SigningKey]? = nil) throws -> FederationTrust {
        var partner = TrustListFactory.member(
            Federation.partner.id,
            signingKey: partnerIssuer.key.publicKey,
            tlsPin: Federation.partner.tls.publicKeyPin
        )
        if let partnerKeys { partner.signingKeys = partnerKeys }
        return try FederationTrust(
            signed: TestList(
                federation: Federation.name,
                version: 1,
                members: [
                    Federation.home.member(endpoint: Federation.homeProxyEndpoint), partner,
                    TrustListFactory.member(
                        third.id,
                        signingKey: thirdIssuer.key.publicKey,
                        tlsPin: third.tls.publicKeyPin
                    ),
                ]
            )
        )
    }

    /// A spec and an award by `issuer`, and the award's personal part.
    struct Award {
        let issuer: TestIssuer
        let records: [Record]
        let part: PersonalPart
        var id: RecordID { records[1].id }

        init(by issuer: TestIssuer = PersonalRoutesTests.partnerIssuer, name: String = "Aoife Byrne") throws {
            var signer = issuer
            part = try RecordFactory.personalPart(fullName: name, saltByte: 5)
            let spec = try signer.next(kind: .spec, body: RecordFactory.specBody())
            let award = try signer.next(
                kind: .award,
                body: RecordFactory.awardBody(spec: spec.id, learner: part.commitment())
            )
            self.issuer = issuer
            records = [spec, award]
        }

        /// A message about this award by its issuer (or `issuer`, signing with `key`), for home.
        func message(
            _ kind: PersonalMessage.Kind,
            issuer: TestIssuer? = nil,
            key: Ed25519PrivateKey? = nil,
            recipient: String = Federation.home.id,
            federation: String = Federation.name
        ) throws -> PersonalMessage {
            let issuer = issuer ?? self.issuer
            return try PersonalMessage(
                kind,
                federation: federation,
                issuer: issuer.nodeID,
                recipient: try NodeID(validating: recipient),
                award: id,
                commitment: try part.commitment(),
                reason: kind == .grant ? .firstRecipient : nil,
                key: key ?? issuer.key
            )
        }

        /// A store holding this award's records (not its part).
        func store() async throws -> SQLiteRecordStore {
            let store = try SQLiteRecordStore(inMemory: .init())
            _ = try await store.append(AppendBatch(records: try records.map { try $0.verified() }))
            return store
        }
    }

    // MARK: helpers

    /// `POST /credex/v1/<path>` with `body` on `listeners`' peer port, as `party`.
    static func post(
        _ path: String,
        _ body: [UInt8],
        to listeners: RunningListeners,
        as party: Federation.Party = Federation.partner
    ) async throws -> ReceivedResponse {
        try await PeerHTTPClient().withConnection(
            to: listeners.peer,
            tls: try Federation.client(party, trust: listeners.trust.current),
            expectedPeer: Federation.home.id
        ) {
            try await $0.send(
                OutgoingRequest(
                    method: "POST",
                    target: "/credex/v1/" + path,
                    headers: [
                        (PeerProtocol.versionHeader, PeerProtocol.version), ("content-type", "application/json"),
                    ],
                    body: body
                )
            )
        }
    }

    static func deliveryBody(_ grant: PersonalMessage, _ part: PersonalPart) throws -> [UInt8] {
        JCS.canonicalBytes(
            .object(["grant": try JSONValueEncoder().encode(grant), "part": try JSONValueEncoder().encode(part)])
        )
    }

    /// The grant stored beside `award`'s part, if any.
    static func storedGrant(_ award: RecordID, in store: SQLiteRecordStore) async throws -> PersonalMessage? {
        let bytes = try await store.writer.read { db in
            try Data.fetchOne(
                db,
                sql: "SELECT grant_bytes FROM personal_part WHERE award_id = ?",
                arguments: [award.rawValue]
            )
        }
        return try bytes.map { try PersonalMessage(canonicalBytes: [UInt8]($0)) }
    }

    static func text(_ response: ReceivedResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// Checks `response` is a problem with `status` and a reason, and names no personal data.
    static func expectRefused(
        _ response: ReceivedResponse,
        _ status: Int,
        _ comment: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(comment): \(text(response))", sourceLocation: sourceLocation)
        let problem = try? StrictJSON.parse(response.body, mode: .document)
        #expect(problem?["reason"]?.stringValue?.isEmpty == false, "\(comment)", sourceLocation: sourceLocation)
        #expect(!text(response).contains("Aoife"), "\(comment)", sourceLocation: sourceLocation)
    }

    /// Checks `store` holds no part of `award`, no tombstone and no notice.
    static func expectNothingStored(
        _ store: SQLiteRecordStore,
        _ award: RecordID,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(try await store.personalPart(award: award) == nil, sourceLocation: sourceLocation)
        #expect(try await store.erasures().isEmpty, sourceLocation: sourceLocation)
        #expect(try await store.receivedNotices().isEmpty, sourceLocation: sourceLocation)
    }

    // MARK: deliveries

    @Test func aDeliveryFromTheAwardsIssuerIsStoredWithItsGrant() async throws {
        let award = try Award()
        let store = try await award.store()
        try await RunningListeners.with(trust: try Self.trust(), store: store) { listeners in
            let body = try Self.deliveryBody(try award.message(.grant), award.part)
            let response = try await Self.post("personal", body, to: listeners)
            #expect(response.status == 200, "\(Self.text(response))")
            #expect(Self.text(response) == #"{"award":"\#(award.id.rawValue)","outcome":"stored"}"#)
            #expect(try await store.personalPart(award: award.id) == award.part)
            #expect(try await Self.storedGrant(award.id, in: store) == (try award.message(.grant)))
            // Delivered again (an answer was lost): accepted the same.
            #expect(try await Self.post("personal", body, to: listeners).status == 200)
            #expect(try await store.personalPart(award: award.id) == award.part)
            #expect(try await store.check().isClean)
        }
    }

    /// Grants and parts a member may not deliver, and the status each is refused with.
    enum HostileDelivery: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case keyNotInTheTrustList, retiredKey, badSignature, changedAfterSigning
        case grantOfAnotherIssuerRelayed, grantForAnAwardTheSenderDidNotIssue
        case forAnotherRecipient, forAnotherFederation
        case partNotMatchingTheCommitment, awardNotHeldYet, erasureNoticeAsGrant, grantWithoutReason, namesNotNFC

        var testDescription: String { rawValue }

        var status: Int {
            switch self {
            case .keyNotInTheTrustList, .retiredKey, .badSignature, .changedAfterSigning,
                .grantOfAnotherIssuerRelayed, .grantForAnAwardTheSenderDidNotIssue, .forAnotherRecipient,
                .forAnotherFederation:
                return 403
            case .partNotMatchingTheCommitment: return 422
            case .awardNotHeldYet: return 409
            case .erasureNoticeAsGrant, .grantWithoutReason, .namesNotNFC: return 400
            }
        }
    }

    @Test(arguments: HostileDelivery.allCases)
    func aHostileDeliveryIsRefusedAndNothingStored(_ hostile: HostileDelivery) async throws {
        let ownAward = try Award()
        let thirdsAward = try Award(by: Self.thirdIssuer)
        var award = ownAward
        var trust = try Self.trust()
        var part = ownAward.part
        let grant: PersonalMessage
        switch hostile {
        case .keyNotInTheTrustList:
            grant = try award.message(.grant, key: Ed25519PrivateKey.generate())
        case .retiredKey:
            let retired = Ed25519PrivateKey.generate()
            trust = try Self.trust(partnerKeys: [
                .init(
                    keyId: KeyID(retired.publicKey),
                    fromSeq: 1,
                    through: LogPosition(seq: 1, id: award.records[0].id)
                ),
                .init(keyId: Self.partnerIssuer.keyID, fromSeq: 2),
            ])
            grant = try award.message(.grant, key: retired)
        case .badSignature:
            var forged = try award.message(.grant)
            forged.signature = Base64URL.encode([UInt8](repeating: 1, count: 64))
            grant = forged
        case .changedAfterSigning:
            var changed = try award.message(.grant)
            changed.reason = .share
            grant = changed
        case .grantOfAnotherIssuerRelayed:
            // A genuine grant of the third member, sent on by the partner.
            award = thirdsAward
            part = thirdsAward.part
            grant = try thirdsAward.message(.grant)
        case .grantForAnAwardTheSenderDidNotIssue:
            // The partner grants, with its own valid key, a part of an award the third member issued.
            award = thirdsAward
            part = thirdsAward.part
            grant = try thirdsAward.message(.grant, issuer: Self.partnerIssuer)
        case .forAnotherRecipient:
            grant = try award.message(.grant, recipient: Self.third.id)
        case .forAnotherFederation:
            grant = try award.message(.grant, federation: "urn:credex:federation:other")
        case .partNotMatchingTheCommitment:
            part = try RecordFactory.personalPart(fullName: "Aoife Byrne", saltByte: 6)
            grant = try award.message(.grant)
        case .awardNotHeldYet:
            grant = try award.message(.grant)
        case .erasureNoticeAsGrant:
            grant = try award.message(.erasure)
        case .grantWithoutReason:
            grant = try PersonalMessage(
                .grant,
                federation: Federation.name,
                issuer: award.issuer.nodeID,
                recipient: try NodeID(validating: Federation.home.id),
                award: award.id,
                commitment: try award.part.commitment(),
                key: award.issuer.key
            )
        case .namesNotNFC:
            part.names = .init(full: "Aoife Ni\u{0301}amh Byrne")
            grant = try award.message(.grant)
        }
        let store = try SQLiteRecordStore(inMemory: .init())
        if hostile != .awardNotHeldYet {
            for held in [ownAward, thirdsAward] {
                _ = try await store.append(AppendBatch(records: try held.records.map { try $0.verified() }))
            }
        }
        let body = try Self.deliveryBody(grant, part)
        try await RunningListeners.with(trust: trust, store: store) { listeners in
            Self.expectRefused(try await Self.post("personal", body, to: listeners), hostile.status, hostile.rawValue)
        }
        try await Self.expectNothingStored(store, award.id)
        try await Self.expectNothingStored(store, ownAward.id)
    }

    @Test func malformedAndOversizedDeliveriesAreRefused() async throws {
        let award = try Award()
        let store = try await award.store()
        let grant = JCS.canonicalBytes(try JSONValueEncoder().encode(try award.message(.grant)))
        let part = JCS.canonicalBytes(try JSONValueEncoder().encode(award.part))
        let valid = try Self.deliveryBody(try award.message(.grant), award.part)
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        let malformed: [(String, [UInt8])] = [
            ("empty", []),
            ("not JSON", Array("grant=1&part=2".utf8)),
            ("an array", Array("[]".utf8)),
            ("no part", Array(#"{"grant":\#(text(grant))}"#.utf8)),
            ("no grant", Array(#"{"part":\#(text(part))}"#.utf8)),
            ("grant not an object", Array(#"{"grant":"yes","part":\#(text(part))}"#.utf8)),
            (
                "duplicate member",
                Array(#"{"grant":\#(text(grant)),"grant":\#(text(grant)),"part":\#(text(part))}"#.utf8)
            ),
            ("trailing bytes", valid + Array("}".utf8)),
            ("truncated", Array(valid.dropLast())),
        ]
        // A well-formed delivery padded past the limit.
        let padding = String(repeating: "x", count: PersonalRoutes.maxBodyBytes)
        let oversized = Array(#"{"grant":\#(text(grant)),"padding":"\#(padding)","part":\#(text(part))}"#.utf8)
        try await RunningListeners.with(trust: try Self.trust(), store: store) { listeners in
            for (name, body) in malformed {
                Self.expectRefused(try await Self.post("personal", body, to: listeners), 400, name)
            }
            Self.expectRefused(try await Self.post("personal", oversized, to: listeners), 413, "oversized")
            // The node still serves the same caller afterwards.
            #expect(try await Self.post("personal", valid, to: listeners).status == 200)
        }
        #expect(try await store.personalPart(award: award.id) == award.part)
    }

    // MARK: erasure notices

    @Test func aNoticeErasesThePartAndARepeatedDeliveryIsGone() async throws {
        let award = try Award()
        let store = try await award.store()
        try await RunningListeners.with(trust: try Self.trust(), store: store) { listeners in
            let delivery = try Self.deliveryBody(try award.message(.grant), award.part)
            #expect(try await Self.post("personal", delivery, to: listeners).status == 200)
            #expect(try await store.personalPart(award: award.id) == award.part)

            let notice = try award.message(.erasure).canonicalBytes()
            let response = try await Self.post("erasure", notice, to: listeners)
            #expect(response.status == 200, "\(Self.text(response))")
            #expect(Self.text(response) == #"{"award":"\#(award.id.rawValue)","outcome":"erased"}"#)
            #expect(try await store.personalPart(award: award.id) == nil)
            #expect(try await store.erasures().map(\.award) == [award.id])
            let log = try await store.receivedNotices()
            #expect(log.map(\.outcome) == ["erased"] && log.map(\.issuer) == [award.issuer.nodeID])

            Self.expectRefused(try await Self.post("personal", delivery, to: listeners), 410, "after erasure")
            #expect(try await store.personalPart(award: award.id) == nil)
            // The notice again: still erased.
            #expect(try await Self.post("erasure", notice, to: listeners).status == 200)
        }
    }

    @Test func underALegalHoldTheNoticeIsKeptWithTheHoldsReason() async throws {
        let award = try Award()
        let store = try await award.store()
        try await store.storeDelivered(award.part, grant: try award.message(.grant))
        let reason = "Appeal 2026/17 before the examinations board"
        try await store.hold(award: award.id, reason: reason)
        try await RunningListeners.with(trust: try Self.trust(), store: store) { listeners in
            let response = try await Self.post("erasure", try award.message(.erasure).canonicalBytes(), to: listeners)
            #expect(response.status == 200, "\(Self.text(response))")
            let answer = try StrictJSON.parse(response.body, mode: .document)
            #expect(answer == ["award": .string(award.id.rawValue), "outcome": "kept", "reason": .string(reason)])
        }
        #expect(try await store.personalPart(award: award.id) == award.part)
        #expect(try await store.erasures().isEmpty)
        let log = try await store.receivedNotices()
        #expect(log.map(\.outcome) == ["kept"] && log.map(\.reason) == [reason])
    }

    /// Erasure notices a member may not send, and the status each is refused with.
    enum HostileNotice: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case fromAMemberThatDidNotIssueTheAward, noticeOfAnotherIssuerRelayed, keyNotInTheTrustList, badSignature
        case forAnotherRecipient, forAnotherFederation, grantAsNotice, malformed, oversized

        var testDescription: String { rawValue }

        var status: Int {
            switch self {
            case .grantAsNotice, .malformed: return 400
            case .oversized: return 413
            default: return 403
            }
        }
    }

    @Test(arguments: HostileNotice.allCases)
    func aHostileNoticeIsRefusedAndThePartStays(_ hostile: HostileNotice) async throws {
        // The third member's award, whose part home holds.
        let award = try Award(by: Self.thirdIssuer)
        let store = try await award.store()
        try await store.storeDelivered(award.part, grant: try award.message(.grant))
        let body: [UInt8]
        switch hostile {
        case .fromAMemberThatDidNotIssueTheAward:
            body = try award.message(.erasure, issuer: Self.partnerIssuer).canonicalBytes()
        case .noticeOfAnotherIssuerRelayed:
            body = try award.message(.erasure).canonicalBytes()
        case .keyNotInTheTrustList:
            body = try award.message(.erasure, issuer: Self.partnerIssuer, key: .generate()).canonicalBytes()
        case .badSignature:
            var forged = try award.message(.erasure, issuer: Self.partnerIssuer)
            forged.signature = Base64URL.encode([UInt8](repeating: 2, count: 64))
            body = try forged.canonicalBytes()
        case .forAnotherRecipient:
            body = try award.message(.erasure, issuer: Self.partnerIssuer, recipient: Self.third.id).canonicalBytes()
        case .forAnotherFederation:
            body = try award.message(.erasure, issuer: Self.partnerIssuer, federation: "urn:credex:federation:other")
                .canonicalBytes()
        case .grantAsNotice:
            body = try award.message(.grant, issuer: Self.partnerIssuer).canonicalBytes()
        case .malformed:
            body = Array(#"{"type":"credex.erasure-notice/1""#.utf8)
        case .oversized:
            // The issuer's own valid notice, padded past the limit.
            guard case .object(var members) = try JSONValueEncoder().encode(try award.message(.erasure)) else {
                Issue.record("a notice encodes as an object")
                return
            }
            members["padding"] = .string(String(repeating: "x", count: PersonalRoutes.maxBodyBytes))
            body = JCS.canonicalBytes(.object(members))
        }
        try await RunningListeners.with(trust: try Self.trust(), store: store) { listeners in
            Self.expectRefused(try await Self.post("erasure", body, to: listeners), hostile.status, hostile.rawValue)
        }
        #expect(try await store.personalPart(award: award.id) == award.part)
        #expect(try await store.erasures().isEmpty)
        #expect(try await store.receivedNotices().isEmpty)
    }

    /// A member names itself issuer of another member's award in a notice sent before home holds
    /// the award: that must not stop the award's real issuer delivering its part.
    @Test func aNoticeForAnAwardNotHeldYetCannotBlockItsIssuersDelivery() async throws {
        let award = try Award(by: Self.thirdIssuer)
        let store = try SQLiteRecordStore(inMemory: .init())
        try await RunningListeners.with(trust: try Self.trust(), store: store) { listeners in
            let notice = try award.message(.erasure, issuer: Self.partnerIssuer).canonicalBytes()
            let early = try await Self.post("erasure", notice, to: listeners)
            #expect(early.status != 200, "\(Self.text(early))")
            _ = try await store.append(AppendBatch(records: try award.records.map { try $0.verified() }))
            let body = try Self.deliveryBody(try award.message(.grant), award.part)
            let response = try await Self.post("personal", body, to: listeners, as: Self.third)
            #expect(response.status == 200, "\(Self.text(response))")
        }
        #expect(try await store.personalPart(award: award.id) == award.part)
        #expect(try await store.erasures().isEmpty)
    }

    // MARK: the sender

    @Test func answersAreClassifiedAsAcceptedRetriedOrRefused() {
        let retryAt = Date(timeIntervalSince1970: 1_795_000_000)
        func outcome(_ status: Int, _ body: String = "", kind: OutboxEntry.Kind = .deliver) -> OutboxOutcome {
            PersonalDelivery.outcome(
                of: ReceivedResponse(status: status, headers: [], body: Array(body.utf8)),
                kind: kind,
                retryAt: retryAt
            )
        }
        #expect(outcome(200, #"{"award":"a","outcome":"stored"}"#) == .accepted(answer: "stored"))
        #expect(outcome(200, #"{"award":"a","outcome":"kept","reason":"Appeal"}"#) == .accepted(answer: "kept: Appeal"))
        #expect(outcome(200) == .accepted(answer: "accepted"))
        let problem = #"{"error":"Conflict","reason":"not held yet"}"#
        #expect(outcome(409, problem) == .failed("409: not held yet", retryAt: retryAt))
        for status in [429, 500, 502, 503, 599] {
            #expect(outcome(status) == .failed("\(status): no reason given", retryAt: retryAt), "\(status)")
        }
        for status in [201, 204, 301, 400, 401, 403, 404, 410, 413, 422, 600] {
            #expect(outcome(status, problem) == .refused("\(status): not held yet"), "\(status)")
        }
        // An erasure notice is not given up because the recipient does not know this node's key yet.
        for status in [401, 403] {
            #expect(outcome(status, problem, kind: .erase) == .failed("\(status): not held yet", retryAt: retryAt))
        }
        #expect(outcome(422, problem, kind: .erase) == .refused("422: not held yet"))
    }

    @Test func theIssuersOutboxIsDeliveredRetriedAndErasedOverTheNetwork() async throws {
        // The issuer is a real node whose id is the partner's.
        let folder = try TemporaryDirectory(prefix: "credex-node-test")
        defer { folder.remove() }
        let (directory, _) = try await NodeDirectory.initialize(
            at: folder.url.appendingPathComponent("node"),
            setup: NodeDirectory.Setup(
                nodeID: try NodeID(validating: Federation.partner.id),
                federation: Federation.name,
                name: try LanguageMap(["en": "Partner University"]),
                country: try CountryCode(validating: "IE"),
                dnsNames: ["localhost"]
            )
        )
        let access = try NodeAccess(directory: directory)
        let issuing = try access.openIssuing(lock: try access.exclusiveLock())
        let spec = try await issuing.issue(kind: .spec, body: RecordFactory.specBody())
        let award = try await issuing.issueAward(
            AwardInput(
                spec: spec.id,
                issuedOn: try CalendarDate(validating: "2026-06-30"),
                learner: LearnerDetails(names: .init(given: "Aoife", family: "Ní Bhriain"))
            ),
            spec: nil
        )
        let part = try #require(try await issuing.store.personalPart(award: award.id))
        let home = try NodeID(validating: Federation.home.id)
        #expect(try await issuing.store.queueDelivery(award: award.id, to: home, reason: .firstRecipient))

        // The trust list names the key the node signs with.
        let queued = try #require(try await issuing.store.outbox(award: award.id).first)
        let partner = TrustListFactory.member(
            Federation.partner.id,
            signingKey: try issuing.message(for: queued).keyId.publicKey,
            tlsPin: Federation.partner.tls.publicKeyPin
        )
        let trust = try Federation.trust(version: 1, partner: partner)
        let receiver = try SQLiteRecordStore(inMemory: .init())
        try await RunningListeners.with(trust: trust, store: receiver) { listeners in
            let delivery = PersonalDelivery(
                issuing: issuing,
                send: { recipient, request in
                    #expect(recipient == home)
                    return try await PeerHTTPClient().withConnection(
                        to: listeners.peer,
                        tls: try Federation.client(Federation.partner, trust: listeners.trust.current),
                        expectedPeer: Federation.home.id
                    ) { try await $0.send(request) }
                },
                logger: Logger(label: "test")
            )
            // The receiver has not replicated the award yet: the delivery is tried again later.
            try await delivery.sendDue()
            let waiting = try #require(try await issuing.store.outbox(award: award.id).first)
            #expect(waiting.state == .pending && waiting.attempts == 1)
            #expect(waiting.lastError?.hasPrefix("409: ") == true, "\(String(describing: waiting.lastError))")
            try await delivery.sendDue(now: waiting.nextAttempt.addingTimeInterval(-0.001))
            #expect(try await issuing.store.outbox(award: award.id).first?.attempts == 1, "not due yet")
            #expect(try await receiver.personalPart(award: award.id) == nil)

            let log = try await issuing.store.log(issuer: award.issuer, afterSeq: 0, limit: 100)
            _ = try await receiver.append(AppendBatch(records: try log.map { try $0.record.verified() }))
            try await delivery.sendDue(now: Date().addingTimeInterval(3600))
            let delivered = try await issuing.store.outbox(award: award.id)
            #expect(delivered.map(\.state) == [.done] && delivered.first?.answer == "stored")
            #expect(try await receiver.personalPart(award: award.id) == part)
            let grant = try #require(try await Self.storedGrant(award.id, in: receiver))
            #expect(grant.hasValidSignature && grant.type == .grant && grant.reason == .firstRecipient)
            #expect(grant.issuer == award.issuer && grant.recipient == home)
            #expect(try grant.commitment == part.commitment())

            // The learner asks the issuer to erase: the notice reaches the receiver.
            #expect(try await issuing.store.erase(.award(award.id)) == [award.id])
            try await delivery.sendDue()
            let outbox = try await issuing.store.outbox(award: award.id)
            #expect(outbox.map(\.kind) == [.erase, .deliver])
            #expect(outbox.map(\.state) == [.done, .done])
            #expect(outbox.first?.answer == "erased")
            #expect(try await receiver.personalPart(award: award.id) == nil)
            #expect(try await receiver.erasures().map(\.award) == [award.id])
            #expect(try await receiver.receivedNotices().map(\.outcome) == ["erased"])
        }
    }
}
