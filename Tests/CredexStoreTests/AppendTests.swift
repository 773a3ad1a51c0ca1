import CredexCore
import CredexStore
import CredexTesting
import Testing

/// Appending hash-chained logs: heads, logs, idempotence, broken chains and forks.
@Suite struct AppendTests {
    @Test(arguments: Backend.allCases)
    func appendAChainOfThree(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (issuer, records) = try specChain(seed: 1, count: 3)

        let outcome = try await test.store.append(records)
        #expect(outcome.appended == records.map(\.id))
        #expect(outcome.alreadyHeld == 0)
        #expect(outcome.fork == nil)

        #expect(try await test.store.heads() == [head(issuer, 3, records[2].id)])
        let log = try await test.store.log(issuer: issuer.nodeID, afterSeq: 0, limit: 10)
        #expect(log.map(\.record) == records)
        #expect(log.allSatisfy { $0.flags.isEmpty })
        #expect(
            try await test.store.log(issuer: issuer.nodeID, afterSeq: 1, limit: 1).map(\.record.id) == [records[1].id]
        )
        #expect(try await test.store.log(issuer: nil, afterSeq: 0, limit: 10).map(\.record) == records)

        let stored = try #require(try await test.store.record(id: records[1].id))
        #expect(stored.record == records[1])
        #expect(try stored.record.verified().record.id == records[1].id)
        let unknown = try RecordID(validating: String(repeating: "0", count: 64))
        #expect(try await test.store.record(id: unknown) == nil)
    }

    @Test(arguments: Backend.allCases)
    func reappendingTheSameBatchAddsNothing(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (_, records) = try specChain(seed: 1, count: 3)
        try await test.store.append(records)
        let heads = try await test.store.heads()

        let again = try await test.store.append(records)
        #expect(again.appended.isEmpty)
        #expect(again.alreadyHeld == 3)
        #expect(again.fork == nil)
        #expect(try await test.store.heads() == heads)
        #expect(try await test.store.log(issuer: nil, afterSeq: 0, limit: 10).count == 3)
    }

    @Test(arguments: Backend.allCases)
    func twoIssuersInterleaveInOneBatch(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (first, a) = try specChain(seed: 1, count: 2)
        let (second, b) = try specChain(seed: 2, count: 2)
        let outcome = try await test.store.append([a[0], b[0], b[1], a[1]])
        #expect(outcome.appended.count == 4)
        let heads = try await test.store.heads()
        #expect(
            Set(heads) == [
                head(first, 2, a[1].id), head(second, 2, b[1].id),
            ]
        )
    }

    @Test(arguments: Backend.allCases)
    func aGapIsABrokenChainAndNothingIsStored(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (issuer, records) = try specChain(seed: 1, count: 3)
        try await test.store.append([records[0]])

        let error = await expectStoreError(.brokenChain) { try await test.store.append([records[2]]) }
        #expect(error?.reason.contains("expected #2") == true)
        #expect(try await test.store.record(id: records[2].id) == nil)
        #expect(try await test.store.heads().map(\.seq) == [1])

        // The batch is atomic: the good #2 before a bad record of another issuer is not kept.
        let (_, other) = try specChain(seed: 2, count: 3)
        await expectStoreError(.brokenChain) { try await test.store.append([records[1], other[2]]) }
        #expect(try await test.store.record(id: records[1].id) == nil)
        #expect(try await test.store.log(issuer: issuer.nodeID, afterSeq: 0, limit: 10).map(\.record.seq) == [1])
        #expect(try await test.store.heads() == [head(issuer, 1, records[0].id)])

        // A log must start at #1.
        await expectStoreError(.brokenChain) { try await test.store.append([other[1]]) }
    }

    @Test(arguments: Backend.allCases)
    func aWrongPrevIsABrokenChain(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (issuer, records) = try specChain(seed: 1, count: 1)
        try await test.store.append(records)
        let (_, other) = try specChain(seed: 2, count: 1)
        let wrong = try issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 2, prev: other[0].id)
            .signed(with: issuer.key)

        let error = await expectStoreError(.brokenChain) { try await test.store.append([wrong]) }
        #expect(error?.reason.contains(other[0].id.rawValue) == true)
        #expect(try await test.store.record(id: wrong.id) == nil)
        #expect(try await test.store.heads().map(\.seq) == [1])
    }

    @Test(arguments: Backend.allCases)
    func aForkIsKeptAsEvidenceAndFreezesTheIssuer(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let chain = try specChain(seed: 1, count: 2)
        var issuer = chain.issuer
        let records = chain.records
        let (bystander, others) = try specChain(seed: 2, count: 2)
        try await test.store.append(records + [others[0]])
        let conflicting = try issuer.draft(
            kind: .spec,
            body: RecordFactory.specBody(title: ["en": "Another #2"]),
            seq: 2,
            prev: records[0].id
        ).signed(with: issuer.key)
        #expect(conflicting.id != records[1].id)

        let outcome = try await test.store.append([conflicting])
        #expect(outcome.fork == forkEvidence(issuer, 2, held: records[1].id, conflicting: conflicting.id))
        #expect(outcome.appended.isEmpty)
        #expect(try await test.store.record(id: conflicting.id) == nil)
        #expect(try await test.store.record(id: records[1].id)?.record == records[1])

        let heads = try await test.store.heads()
        #expect(heads.first { $0.issuer == issuer.nodeID } == head(issuer, 2, records[1].id, forked: true))
        #expect(heads.first { $0.issuer == bystander.nodeID }?.forked == false)

        let next = try issuer.next(kind: .spec, body: RecordFactory.specBody())
        #expect(next.seq == 3)
        await expectStoreError(.forkedIssuer) { try await test.store.append([next]) }
        #expect(try await test.store.record(id: next.id) == nil)
        // Other issuers go on.
        #expect(try await test.store.append([others[1]]).appended == [others[1].id])
        #expect(try await test.store.check().isClean)
    }
}
