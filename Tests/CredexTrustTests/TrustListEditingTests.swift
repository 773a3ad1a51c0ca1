import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import CredexTrust
import Foundation
import Testing

/// Each proposal edit, and each of its refusals with its reason.
@Suite struct TrustListEditingTests {
    static let admins = (1...3).map { _ in Ed25519PrivateKey.generate() }
    static let memberKey = Ed25519PrivateKey.generate()
    static let pin = try! TLSIdentity.generate(commonName: "member", dnsNames: ["member.example"]).publicKeyPin
    static let node = try! NodeID(validating: "did:web:member.example")
    static let stranger = try! NodeID(validating: "did:web:stranger.example")
    static let position = LogPosition(seq: 7, id: RecordID(canonicalBytes: Array("record 7".utf8)))

    /// Version 1: three admins, threshold 2, one active member.
    static func content() -> TrustListContent {
        TrustListFactory.content(
            admins: admins,
            threshold: 2,
            members: [TrustListFactory.member(node.rawValue, signingKey: memberKey.publicKey, tlsPin: pin)]
        )
    }

    static func refusal(_ edit: () throws -> TrustListContent) -> String? {
        do {
            _ = try edit()
            return nil
        } catch let error as TrustError {
            return error.code == .malformed ? error.reason : "\(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("admit a verified join request, with attested facts and a scope")
    func admit() throws {
        let request = try JoinRequestTests.request()
        let scope = TrustListContent.Accreditation(credentialTypes: ["micro-credential"], eqfLevels: [6])
        let next = try Self.content().admitting(
            request,
            federation: RecordFactory.federation,
            version: 2,
            attested: ["legalName", "pic"],
            accreditation: scope
        )
        let entry = try #require(next.member(request.statement.nodeId))
        #expect(entry.institutions[0].attested == ["legalName", "pic"])
        #expect(entry.accreditation == scope)
        #expect(entry.status == [.init(status: "admitted", version: 2)])
        try next.validate(version: 2)

        #expect(
            Self.refusal { try next.admitting(request, federation: RecordFactory.federation, version: 3) }
                == "\(request.statement.nodeId) is already a member"
        )
        #expect(
            Self.refusal {
                try Self.content().admitting(request, federation: "urn:credex:federation:other", version: 2)
            }
                == "the join request of \(request.statement.nodeId) is for \(RecordFactory.federation), not urn:credex:federation:other"
        )
        #expect(
            Self.refusal {
                try Self.content().admitting(
                    request,
                    federation: RecordFactory.federation,
                    version: 2,
                    attested: ["schacDomain"]
                )
            } == "schacDomain cannot be attested: the join request does not state it"
        )
    }

    @Test("suspend and withdraw need a member in the right standing; reinstate an inactive one")
    func standing() throws {
        let suspended = try Self.content().suspending(
            Self.node,
            validThrough: Self.position,
            version: 2,
            reason: "audit"
        )
        #expect(
            suspended.member(Self.node)?.status.last
                == .init(status: "suspended", version: 2, validThrough: Self.position, reason: "audit")
        )
        #expect(
            Self.refusal { try suspended.suspending(Self.node, validThrough: Self.position, version: 3) }
                == "\(Self.node) is suspended: it cannot be suspended"
        )
        let withdrawn = try suspended.withdrawing(Self.node, validThrough: Self.position, version: 3)
        #expect(withdrawn.member(Self.node)?.status.last?.status == "withdrawn")
        let reinstated = try withdrawn.reinstating(Self.node, version: 4)
        #expect(reinstated.member(Self.node)?.status.last == .init(status: "reinstated", version: 4))
        #expect(
            Self.refusal { try reinstated.reinstating(Self.node, version: 5) }
                == "\(Self.node) is active: it cannot be reinstated"
        )
        #expect(
            Self.refusal { try Self.content().withdrawing(Self.stranger, validThrough: Self.position, version: 2) }
                == "\(Self.stranger) is not a member"
        )
    }

    @Test("rotate a key: the old one through a position, the new one from the next seq")
    func rotate() throws {
        let old = KeyID(Self.memberKey.publicKey)
        let new = KeyID(Ed25519PrivateKey.generate().publicKey)
        let next = try Self.content().rotatingKey(of: Self.node, old: old, through: Self.position, new: new)
        #expect(
            next.member(Self.node)?.signingKeys == [
                .init(keyId: old, fromSeq: 1, through: Self.position), .init(keyId: new, fromSeq: 8),
            ]
        )
        try next.validate(version: 2)
        #expect(
            Self.refusal { try next.rotatingKey(of: Self.node, old: old, through: Self.position, new: new) }
                == "\(old) is not a current signing key of \(Self.node)"
        )
        let adminKey = KeyID(Self.admins[0].publicKey)
        #expect(
            Self.refusal {
                try Self.content().rotatingKey(of: Self.node, old: old, through: Self.position, new: adminKey)
            }
                == "\(adminKey) is already in the trust list: a new key must be new"
        )
    }

    @Test("add a TLS pin, then retire the old one; the last current pin stays")
    func pins() throws {
        let newPin = try TLSIdentity.generate(commonName: "next", dnsNames: ["member.example"]).publicKeyPin
        #expect(
            Self.refusal { try Self.content().retiringTLSPin(Self.pin, of: Self.node, version: 2) }
                == "\(Self.pin) is \(Self.node)'s last current TLS pin: add its new pin first"
        )
        let added = try Self.content().addingTLSPin(newPin, to: Self.node, version: 2)
        #expect(
            Self.refusal { try added.addingTLSPin(newPin, to: Self.node, version: 3) }
                == "TLS pin \(newPin) is already \(Self.node)'s"
        )
        #expect(
            Self.refusal { try added.addingTLSPin("sha256/short", to: Self.node, version: 3) }
                == "sha256/short is not a TLS pin (sha256/ and the base64 of 32 bytes)"
        )
        let retired = try added.retiringTLSPin(Self.pin, of: Self.node, version: 3)
        #expect(
            retired.member(Self.node)?.tlsKeys == [
                .init(pin: Self.pin, fromVersion: 1, throughVersion: 2), .init(pin: newPin, fromVersion: 2),
            ]
        )
        #expect(
            Self.refusal { try retired.retiringTLSPin(Self.pin, of: Self.node, version: 4) }
                == "\(Self.pin) is not a current TLS pin of \(Self.node)"
        )
    }

    @Test("resolve a fork once per seq, for members only")
    func fork() throws {
        let next = try Self.content().resolvingFork(of: Self.node, valid: Self.position)
        #expect(next.forkResolutions == [.init(issuer: Self.node, valid: Self.position)])
        #expect(
            Self.refusal { try next.resolvingFork(of: Self.node, valid: Self.position) }
                == "the fork of \(Self.node) at seq 7 is already resolved"
        )
        #expect(
            Self.refusal { try next.resolvingFork(of: Self.stranger, valid: Self.position) }
                == "\(Self.stranger) is not a member"
        )
    }

    @Test("admins and threshold: never a node key, never below the threshold, always in range")
    func governance() throws {
        let newAdmin = KeyID(Ed25519PrivateKey.generate().publicKey)
        let added = try Self.content().addingAdmin(newAdmin, name: "Dana")
        #expect(added.admins.count == 4)
        #expect(Self.refusal { try added.addingAdmin(newAdmin, name: "Dana") } == "\(newAdmin) is already an admin")
        let nodeKey = KeyID(Self.memberKey.publicKey)
        #expect(
            Self.refusal { try Self.content().addingAdmin(nodeKey, name: "Node") }
                == "\(nodeKey) is a signing key of \(Self.node): admin keys are never node keys"
        )
        let removed = try Self.content().removingAdmin(KeyID(Self.admins[2].publicKey))
        #expect(removed.admins.count == 2)
        let last = KeyID(Self.admins[1].publicKey)
        #expect(
            Self.refusal { try removed.removingAdmin(last) }
                == "removing \(last) would leave 1 admins for threshold 2: lower it first"
        )
        #expect(Self.refusal { try removed.removingAdmin(newAdmin) } == "\(newAdmin) is not an admin")
        #expect(try Self.content().changingThreshold(to: 3).threshold == 3)
        #expect(
            Self.refusal { try Self.content().changingThreshold(to: 4) }
                == "the threshold must be 1 to the number of admins (3), not 4"
        )
        #expect(try Self.content().changingThreshold(to: 2) == Self.content())
    }

    @Test("the next draft follows the previous version, and its governance holds once signed")
    func draft() throws {
        let first = try TrustListVersion(
            try TrustListFactory.version(1, content: Self.content(), signers: Self.admins[0...1])
        )
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let due = try ClaimedTime(validating: "2027-02-01T00:00:00Z")
        let next = try Self.content().suspending(Self.node, validThrough: Self.position, version: 2)
        let draft = try next.draft(federation: RecordFactory.federation, after: first, now: now, nextUpdate: due)
        #expect(draft.kind == .trustList && draft.seq == 2 && draft.keyID == nil)
        #expect(draft.prev == first.contentID)
        #expect(draft.issuer.rawValue == RecordFactory.federation)
        let body = try JSONValueDecoder().decode(TrustListContent.self, from: draft.body)
        #expect(body.issuedAt == ClaimedTime(now) && body.nextUpdate == due)

        let signed = try TrustListVersion(draft.record(signatures: [try draft.signature(by: Self.admins[2])]))
        let tooFew = #expect(throws: TrustError.self) { try TrustListGovernance.check(signed, follows: first) }
        #expect(tooFew?.code == .tooFewSignatures)
        let enough = try TrustListVersion(
            draft.record(signatures: try Self.admins[1...2].map { try draft.signature(by: $0) })
        )
        try TrustListGovernance.check(enough, follows: first)

        let wrong = #expect(throws: TrustError.self) {
            try next.draft(federation: "urn:credex:federation:other", after: first, now: now, nextUpdate: due)
        }
        #expect(wrong?.code == .wrongFederation)
        var invalid = next
        invalid.threshold = 0
        let malformed = #expect(throws: TrustError.self) {
            try invalid.draft(federation: RecordFactory.federation, after: first, now: now, nextUpdate: due)
        }
        #expect(
            malformed?.reason.hasPrefix("version 2 would not be valid: ") == true,
            "\(String(describing: malformed))"
        )
        #expect(malformed?.reason.contains("(at /threshold)") == true)
    }
}
