import CredexCore

/// What replication has done, per peer, shared by every `PeerReplicator` of a node. Read a
/// snapshot with `peer(_:)` (for `credex peers`) or the whole as `prometheusText()`.
public actor ReplicationMetrics {
    /// One peer's figures since the node started.
    public struct Peer: Sendable, Hashable {
        public var recordsStored = 0
        public var bytesReceived = 0
        public var rounds = 0
        public var failedRounds = 0
        /// The error that ended the last round, nil once a round succeeds.
        public var lastError: String?
        /// Per issuer, how many records the peer holds that this node does not (after the last round).
        public var lag: [NodeID: Int64] = [:]
        public var refusals: [RefusalKey: Int] = [:]
        /// Records parsed and signature-checked, and the time that took.
        public var recordsVerified = 0
        public var verifyTime: Duration = .zero

        /// Records verified per second of verifying, on all cores together.
        public var verifyRate: Double {
            verifyTime > .zero ? Double(recordsVerified) / verifyTime.seconds : 0
        }
    }

    /// What refusals are counted by: reason and blamed party.
    public struct RefusalKey: Sendable, Hashable {
        public let reason: Refusal.Reason
        public let blamed: Blame
    }

    public private(set) var peers: [NodeID: Peer] = [:]
    /// Forks seen, by issuer.
    public private(set) var forks: [NodeID: Int] = [:]

    public init() {}

    /// The figures of `peer`, if it has been replicated from.
    public func peer(_ peer: NodeID) -> Peer? { peers[peer] }

    /// Total refusals blaming `blamed`, across all peers and reasons.
    public func refusals(blaming blamed: Blame) -> Int {
        peers.values.reduce(0) { total, peer in
            total + peer.refusals.filter { $0.key.blamed == blamed }.values.reduce(0, +)
        }
    }

    func received(_ bytes: Int, from peer: NodeID) {
        peers[peer, default: Peer()].bytesReceived += bytes
    }

    func verified(_ count: Int, in time: Duration, stored: Int, from peer: NodeID) {
        peers[peer, default: Peer()].recordsVerified += count
        peers[peer, default: Peer()].verifyTime += time
        peers[peer, default: Peer()].recordsStored += stored
    }

    func refused(_ refusal: Refusal, by peer: NodeID) {
        peers[peer, default: Peer()].refusals[RefusalKey(reason: refusal.reason, blamed: refusal.blamed), default: 0] +=
            1
    }

    func forked(_ issuer: NodeID) {
        forks[issuer, default: 0] += 1
    }

    func roundEnded(_ peer: NodeID, lag: [NodeID: Int64]?, error: String?) {
        peers[peer, default: Peer()].rounds += 1
        if let lag { peers[peer, default: Peer()].lag = lag }
        if error != nil { peers[peer, default: Peer()].failedRounds += 1 }
        peers[peer, default: Peer()].lastError = error
    }
}

extension Duration {
    /// The duration in seconds, as a fraction.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
