import CredexCore
import CredexReplication
import CredexStore
import CredexTesting
import Testing

/// Two validly signed records at one seq of an issuer's log: the second is kept as evidence,
/// the issuer is frozen, no one is blamed as a liar, and later rounds leave the issuer alone.
@Suite struct ForkTests {
    /// Issuer 1's log of 3 held locally; the peer holds the same first two and `branch` more.
    func setUp(branch: Int) async throws -> (TestIssuer, [Record], [Record], Harness) {
        var issuer = try TestIssuer(seed: 1)
        let shared = try specs(&issuer, 2)
        var other = issuer
        let held = shared + [try issuer.next(kind: .spec, body: RecordFactory.specBody(title: ["en": "held"]))]
        let branched = try (1...branch).map { _ in
            try other.next(kind: .spec, body: RecordFactory.specBody(title: ["en": "other branch"]))
        }
        let harness = try Harness(trust: try Federation.trust([Federation.member(issuer)]))
        _ = try await harness.store.append(AppendBatch(records: held.map { try $0.verified() }))
        await harness.peer.serve(shared + branched)
        return (issuer, held, branched, harness)
    }

    @Test(arguments: [1, 2]) func aForkIsKeptAndFreezesTheIssuer(branch: Int) async throws {
        let (issuer, held, branched, harness) = try await setUp(branch: branch)
        let report = try await harness.replicator.round()
        #expect(report.refusals.isEmpty && report.stored == 0)
        #expect(report.forks.map(\.conflicting) == [branched[0].id])
        #expect(report.forks.first?.held == held[2].id && report.forks.first?.seq == 3)
        #expect(try await harness.stored(issuer.nodeID) == held.map(\.id))
        #expect(try await harness.store.head(of: issuer.nodeID)?.forked == true)
        #expect(await harness.metrics.forks[issuer.nodeID] == 1)
        #expect(harness.log.all.contains { $0.message.hasPrefix("fork:") && $0.metadata["peer.id"] != nil })

        let requests = await harness.peer.requests.count
        #expect(try await harness.replicator.round().requests == 0)
        #expect(await harness.peer.requests.count == requests)
    }
}
