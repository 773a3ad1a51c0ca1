/// How a `PeerReplicator` paces itself. The sleep and the random source are injected so tests
/// run instantly and deterministically.
public struct ReplicationSettings: Sendable {
    /// The most records asked for in one range request.
    public var batchLimit: Int
    /// How long the peer may hold a heads request until its digest changes.
    public var longPoll: Duration
    public var backoff: Backoff
    /// Sleeps between failed rounds; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A uniform random number in 0...1, for the backoff's jitter.
    public var random: @Sendable () -> Double

    public init(
        batchLimit: Int = 500,
        longPoll: Duration = .seconds(25),
        backoff: Backoff = Backoff(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.batchLimit = batchLimit
        self.longPoll = longPoll
        self.backoff = backoff
        self.sleep = sleep
        self.random = random
    }
}

/// Exponential backoff with full jitter: after n consecutive failures the delay is drawn
/// uniformly from zero to `initial` doubled n - 1 times, capped at `maximum`. Jitter keeps
/// nodes that failed together (a peer restarting) from retrying together.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(60)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The largest delay after `failures` consecutive failures (at least one).
    public func ceiling(afterFailures failures: Int) -> Duration {
        let doublings = min(max(failures - 1, 0), 32)
        return min(maximum, initial * (1 << doublings))
    }

    /// The delay after `failures` consecutive failures, for `unit` drawn uniformly from 0...1.
    public func delay(afterFailures failures: Int, unit: Double) -> Duration {
        ceiling(afterFailures: failures) * min(max(unit, 0), 1)
    }
}
