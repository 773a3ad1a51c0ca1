import CredexCore
import CredexReplication
import CredexTesting
import Foundation
import Testing

/// The loop: backoff with full jitter grows, is capped and resets; cancellation stops it.
@Suite struct RunLoopTests {
    @Test func backoffDoublesToItsCapWithFullJitter() {
        let backoff = Backoff()
        let ceilings = (1...10).map { backoff.ceiling(afterFailures: $0) }
        #expect(ceilings.prefix(4) == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)])
        #expect(ceilings.suffix(3).allSatisfy { $0 == .seconds(60) })
        #expect(backoff.ceiling(afterFailures: 1_000) == .seconds(60))
        #expect(backoff.delay(afterFailures: 3, unit: 0) == .zero)
        #expect(backoff.delay(afterFailures: 3, unit: 0.25) == .milliseconds(500))
        #expect(backoff.delay(afterFailures: 3, unit: 1) == .seconds(2))
    }

    /// Heads fail 4 times, one round succeeds, then the long polls fail: the delays are jittered
    /// below growing ceilings, and the success resets them. The sleep is injected: no time passes.
    @Test func failuresBackOffAndSuccessResets() async throws {
        let units = [0.9, 0.5, 1.0, 0.1, 0.7, 0.3]
        let random = Script(units)
        let sleeps = Recorder()
        let settings = ReplicationSettings(
            sleep: { delay in
                if await sleeps.add(delay) == units.count { throw CancellationError() }
            },
            random: { random.next() }
        )
        let peer = FakePeer()
        await peer.set(failingHeads: [1, 2, 3, 4, 6, 7])
        let harness = try Harness(trust: try Federation.trust([]), peer: peer, settings: settings)
        await harness.replicator.run()

        let backoff = Backoff()
        let delays = await sleeps.values
        let failures = [1, 2, 3, 4, 1, 2]
        #expect(delays.count == units.count)
        for (index, delay) in delays.enumerated() {
            #expect(delay == backoff.delay(afterFailures: failures[index], unit: units[index]))
            #expect(delay <= backoff.ceiling(afterFailures: failures[index]))
        }
        #expect(await peer.headsCalls == 7)
        let metrics = await harness.metrics.peer(peer.peer)
        // Every unreachable heads call is a failed round, shown with its error until a round succeeds.
        #expect(metrics?.rounds == 7 && metrics?.failedRounds == 6)
        #expect(metrics?.lastError != nil)
    }

    @Test(.timeLimit(.minutes(1))) func cancellationStopsTheLoop() async throws {
        var issuer = try TestIssuer(seed: 3)
        let log = try specs(&issuer, 4)
        let harness = try Harness(trust: try Federation.trust([Federation.member(issuer)]))
        await harness.peer.serve(log)
        let task = Task { await harness.replicator.run() }
        for await _ in harness.peer.longPolls { break }
        #expect(try await harness.stored(issuer.nodeID) == log.map(\.id))
        task.cancel()
        await task.value
        #expect(await harness.metrics.peer(harness.peer.peer)?.failedRounds == 0)
    }
}

/// Collects the delays the loop sleeps, in order.
actor Recorder {
    private(set) var values: [Duration] = []

    func add(_ delay: Duration) -> Int {
        values.append(delay)
        return values.count
    }
}

/// Hands out fixed values in order, from any thread.
final class Script: @unchecked Sendable {
    // `values` is only touched under `lock`.
    private var values: [Double]
    private let lock = NSLock()

    init(_ values: [Double]) { self.values = values }

    func next() -> Double { lock.withLock { values.isEmpty ? 0 : values.removeFirst() } }
}
