import CredexCore
import CredexJSON
import CredexNode
import CredexStore
import CredexTesting
import Foundation
import Testing

/// The rules a node applies to its own records before signing them.
@Suite struct IssuingServiceTests {
    /// A fresh node directory and its issuing service, which holds the directory lock.
    struct Node {
        let folder: TemporaryDirectory
        let issuing: IssuingService

        init(_ id: String = "did:web:issuer.example") async throws {
            folder = try TemporaryDirectory(prefix: "credex-node-test")
            let setup = NodeDirectory.Setup(
                nodeID: try NodeID(validating: id),
                federation: "urn:credex:federation:test",
                name: try LanguageMap(["en": "Test University"]),
                country: try CountryCode(validating: "IE"),
                dnsNames: ["localhost"]
            )
            let (directory, _) = try await NodeDirectory.initialize(
                at: folder.url.appendingPathComponent("node"),
                setup: setup
            )
            let access = try NodeAccess(directory: directory)
            issuing = try access.openIssuing(lock: try access.exclusiveLock())
        }

        func spec(_ title: String = "Brewing science") async throws -> Record {
            try await issuing.issue(kind: .spec, body: RecordFactory.specBody(title: ["en": title]))
        }

        func award(spec: RecordID) async throws -> Record {
            let input = AwardInput(
                spec: spec,
                issuedOn: try CalendarDate(validating: "2026-06-30"),
                learner: LearnerDetails(names: .init(given: "Aoife", family: "Ní Bhriain"))
            )
            return try await issuing.issueAward(input, spec: nil)
        }

        func status(_ target: RecordID, _ action: StatusChange.Action) async throws -> Record {
            try await issuing.issue(
                kind: .status,
                body: try JSONValueEncoder().encode(StatusChange(target: target, action: action))
            )
        }
    }

    private func expectRefusal(_ text: String, _ body: () async throws -> Void) async {
        let error = await #expect(throws: NodeError.self) { try await body() }
        #expect(error?.reason.contains(text) == true, "\(String(describing: error))")
    }

    @Test func theFirstRecordIsTheIssuerProfileAndSeqsFollow() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let spec = try await node.spec()
        let award = try await node.award(spec: spec.id)
        #expect(spec.seq == 2 && award.seq == 3 && award.prev == spec.id)
        let first = try await node.issuing.store.log(issuer: spec.issuer, afterSeq: 0, limit: 1)[0].record
        #expect(first.kind == .issuer && spec.prev == first.id)
        #expect(try await node.issuing.store.personalPart(award: award.id) != nil)
    }

    @Test func concurrentRequestsIssueOneRecordPerSeq() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let records = try await withThrowingTaskGroup(of: Record.self) { group in
            for index in 0..<20 { group.addTask { try await node.spec("Spec \(index)") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(records.map(\.seq).sorted() == Array(2...21))
        #expect(try await node.issuing.store.heads().first?.forked == false)
        #expect(try await node.issuing.store.check().isClean)
    }

    @Test func aWithdrawnSpecIsAwardedNoMore() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let spec = try await node.spec()
        let earlier = try await node.award(spec: spec.id)
        _ = try await node.status(spec.id, .withdraw)
        await expectRefusal("withdrawn") { _ = try await node.award(spec: spec.id) }
        #expect(try await node.issuing.store.status(of: spec.id) == .withdrawn)
        #expect(try await node.issuing.store.status(of: earlier.id) == .active)
    }

    @Test func statusActionsMustFitTheirTargetAndRevocationIsFinal() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let spec = try await node.spec()
        let award = try await node.award(spec: spec.id)
        await expectRefusal("does not apply") { _ = try await node.status(award.id, .withdraw) }
        await expectRefusal("does not apply") { _ = try await node.status(spec.id, .revoke) }
        _ = try await node.status(award.id, .suspend)
        #expect(try await node.issuing.store.status(of: award.id) == .suspended)
        _ = try await node.status(award.id, .revoke)
        await expectRefusal("revocation is final") { _ = try await node.status(award.id, .reinstate) }
        #expect(try await node.issuing.store.status(of: award.id) == .revoked)
    }

    @Test func anAwardNeedsAHeldSpec() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let missing = try RecordID(validating: String(repeating: "0", count: 64))
        await expectRefusal("does not hold") { _ = try await node.award(spec: missing) }
    }

    @Test func anEndorsementTargetsAnotherIssuersRecord() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let own = try await node.spec()
        let body: JSONValue = [
            "target": .string(own.id.rawValue), "targetIssuer": .string(own.issuer.rawValue), "role": "co-awarding",
            "body": ["id": "https://kering.example", "name": ["en": "Kering"], "country": "FR"],
        ]
        await expectRefusal("another node") {
            _ = try await node.issuing.issue(kind: .endorsement, body: try withType(body, "credex.endorsement/1"))
        }
    }

    @Test func aCheckpointNamesTheOtherLogsHeads() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        var other = try TestIssuer(seed: 7)
        let foreign = try other.nextVerified(kind: .spec, body: RecordFactory.specBody())
        _ = try await node.issuing.store.append(AppendBatch(records: [foreign]))
        let checkpoint = try await node.issuing.issue(kind: .checkpoint, body: try await node.issuing.checkpointBody())
        guard case .checkpoint(let body) = RecordBody(of: checkpoint) else {
            Issue.record("not a checkpoint")
            return
        }
        #expect(body.seen == [Checkpoint.Head(issuer: other.nodeID, seq: 1, id: foreign.record.id)])
    }

    @Test func aRestoredNodeIssuesOnlyAfterConfirmingItsHead() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        try await node.issuing.store.setState(.headConfirmed, "no")
        await expectRefusal("head is confirmed") { _ = try await node.spec() }
        await expectRefusal("--force") { _ = try await node.issuing.confirmHead(force: false) }
        let line = try await node.issuing.confirmHead(force: true)
        #expect(line.contains("confirmed by --force"))
        #expect(try await node.issuing.store.state(.headConfirmationLog)?.contains(line) == true)
        #expect(try await node.spec().seq == 2)
    }

    @Test func aPersonalPartGoesOnlyWithItsAward() async throws {
        let node = try await Node()
        defer { node.folder.remove() }
        let part = try PersonalPart(details: LearnerDetails(names: .init(full: "Tāne Ngata")))
        await expectRefusal("only awards") {
            _ = try await node.issuing.issue(kind: .spec, body: RecordFactory.specBody(), personalPart: part)
        }
        let spec = try await node.spec()
        let other = try PersonalPart(details: LearnerDetails(names: .init(full: "Someone Else")))
        let award = Award(
            spec: spec.id,
            learner: try part.commitment(),
            issuedOn: try CalendarDate(validating: "2026-01-01")
        )
        await expectRefusal("commitment") {
            _ = try await node.issuing.issue(
                kind: .award,
                body: try JSONValueEncoder().encode(award),
                personalPart: other
            )
        }
    }

    private func withType(_ body: JSONValue, _ type: String) throws -> JSONValue {
        guard case .object(var members) = body else { throw CredexError(.malformed, "not an object") }
        members["type"] = .string(type)
        return .object(members)
    }
}
