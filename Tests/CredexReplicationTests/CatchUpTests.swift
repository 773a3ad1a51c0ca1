import CredexCore
import CredexReplication
import CredexStore
import CredexTesting
import CredexTrust
import Testing

/// An honest peer: several issuers caught up in batches, an in-sync round that pulls nothing,
/// records relayed over two hops, and a round cut short that the next one resumes.
@Suite struct CatchUpTests {
    @Test func catchesUpSeveralIssuersInBatches() async throws {
        var issuers = try (1...3).map { try TestIssuer(seed: UInt8($0)) }
        let logs = try [12, 5, 7].enumerated().map { try specs(&issuers[$0.offset], $0.element) }
        let trust = try Federation.trust(issuers.map { Federation.member($0) })
        let harness = try Harness(trust: trust, settings: ReplicationSettings(batchLimit: 5))
        await harness.peer.serve(logs.flatMap { $0 })

        let report = try await harness.replicator.round()
        #expect(report.stored == 24 && report.refusals.isEmpty)
        #expect(report.requests == 3 + 1 + 2)
        for (issuer, log) in zip(issuers, logs) {
            #expect(try await harness.stored(issuer.nodeID) == log.map(\.id))
        }
        let metrics = try #require(await harness.metrics.peer(harness.peer.peer))
        #expect(metrics.recordsStored == 24 && metrics.recordsVerified == 24 && metrics.rounds == 1)
        #expect(metrics.bytesReceived == logs.joined().reduce(0) { $0 + $1.canonicalBytes.count + 4 })
        #expect(metrics.lag.values.allSatisfy { $0 == 0 } && metrics.lag.count == 3)

        let again = try await harness.replicator.round()
        #expect(again.stored == 0 && again.requests == 0)
        #expect(await harness.peer.requests.count == 6)
    }

    @Test func recordsTravelTwoHopsAndVerifyAsTheIssuers() async throws {
        var issuer = try TestIssuer(seed: 4)
        let log = try specs(&issuer, 9)
        let trust = try Federation.trust([Federation.member(issuer)])
        let a = try SQLiteRecordStore(inMemory: .init())
        _ = try await a.append(AppendBatch(records: log.map { try $0.verified() }))

        let metrics = ReplicationMetrics()
        let logger = CapturedLog.logger().0
        var upstream: any RecordStore = a
        var last = a
        for name in ["b", "c"] {
            let next = try SQLiteRecordStore(inMemory: .init())
            let source = StorePeer(peer: try NodeID(validating: "did:web:\(name).example"), store: upstream)
            let replicator = PeerReplicator(
                source: source,
                store: next,
                trust: { trust },
                metrics: metrics,
                settings: ReplicationSettings(batchLimit: 4),
                logger: logger
            )
            #expect(try await replicator.round().stored == 9)
            upstream = next
            last = next
        }
        let atC = try await last.log(issuer: issuer.nodeID, afterSeq: 0, limit: 100)
        #expect(atC.map(\.record.id) == log.map(\.id))
        for stored in atC {
            #expect(stored.record.issuer == issuer.nodeID && stored.record.keyID == issuer.keyID)
            #expect(stored.record.verifySignatures().isValid)
        }
    }

    @Test func anInterruptedRoundResumesFromTheStoredHead() async throws {
        var issuer = try TestIssuer(seed: 5)
        let log = try specs(&issuer, 10)
        let harness = try Harness(
            trust: try Federation.trust([Federation.member(issuer)]),
            settings: ReplicationSettings(batchLimit: 3)
        )
        await harness.peer.serve(log)
        await harness.peer.set(failOnRequest: 3)

        await #expect(throws: FakePeerError.self) { try await harness.replicator.round() }
        #expect(try await harness.stored(issuer.nodeID) == log.prefix(6).map(\.id))
        let failed = try #require(await harness.metrics.peer(harness.peer.peer))
        #expect(failed.failedRounds == 1 && failed.lastError != nil)

        await harness.peer.set()
        #expect(try await harness.replicator.round().stored == 4)
        #expect(await harness.peer.requests.map(\.after) == [0, 3, 6, 6, 9])
        #expect(try await harness.stored(issuer.nodeID) == log.map(\.id))
        #expect(await harness.metrics.peer(harness.peer.peer)?.lastError == nil)
    }

    @Test func cancellationFinishesTheBatchInHand() async throws {
        var issuer = try TestIssuer(seed: 6)
        let log = try specs(&issuer, 10)
        let harness = try Harness(
            trust: try Federation.trust([Federation.member(issuer)]),
            settings: ReplicationSettings(batchLimit: 4)
        )
        await harness.peer.serve(log)
        await harness.peer.set(cancelOnRequest: 2)
        // The round waits until the peer knows it, so the cancellation cannot come first.
        let registered = AsyncStream.makeStream(of: Void.self)
        let round = Task {
            for await _ in registered.stream { break }
            return try await harness.replicator.round()
        }
        await harness.peer.cancel(round)
        registered.continuation.yield()

        // Request 2 (the batch after the first, fetched while the first is appended) cancels the
        // round: whole batches only are stored (the first, and the second if it was already in hand
        // when the cancellation came), and no third is asked for.
        await #expect(throws: CancellationError.self) { try await round.value }
        let stored = try await harness.stored(issuer.nodeID)
        #expect(stored == log.prefix(4).map(\.id) || stored == log.prefix(8).map(\.id), "\(stored.count) stored")
        #expect(await harness.peer.requests.count == 2)
        #expect(await harness.metrics.peer(harness.peer.peer)?.failedRounds ?? 0 == 0)
    }

    @Test func aLargeBatchIsVerifiedInParallelInOrder() async throws {
        var issuer = try TestIssuer(seed: 8)
        let log = try specs(&issuer, 300)
        let harness = try Harness(trust: try Federation.trust([Federation.member(issuer)]))
        await harness.peer.serve(log)
        #expect(try await harness.replicator.round().stored == 300)
        #expect(try await harness.stored(issuer.nodeID) == log.map(\.id))
        #expect(await harness.metrics.peer(harness.peer.peer)?.verifyRate ?? 0 > 0)
    }
}
