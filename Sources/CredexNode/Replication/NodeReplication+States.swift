import CredexCore
import CredexReplication

/// One member as `credex peers` shows it: whether the running node pulls from it, and how that
/// has gone since the node started.
public struct PeerState: Codable, Sendable, Hashable {
    public var node: String
    public var transport: String
    public var standing: String
    public var pulling: Bool
    public var rounds = 0
    public var failedRounds = 0
    public var recordsStored = 0
    public var bytesReceived = 0
    /// Records the peer held that this node did not, after the last round, over all logs.
    public var lag: Int64 = 0
    public var refusals = 0
    /// The error that ended the last round; nil once a round succeeds.
    public var lastError: String?
}

extension NodeReplication {
    /// Every other member of the trust list in force, with its replication figures.
    func states() async -> [PeerState] {
        let wanted = wanted
        var states: [PeerState] = []
        for member in trust.current.members.values.sorted(by: { $0.nodeID.rawValue < $1.nodeID.rawValue })
        where member.nodeID != ownNodeID {
            var state = PeerState(
                node: member.nodeID.rawValue,
                transport: member.transport.rawValue,
                standing: member.isActive ? "active" : "\(member.standing)",
                pulling: wanted.contains(member.nodeID)
            )
            if let figures = await metrics.peer(member.nodeID) {
                state.rounds = figures.rounds
                state.failedRounds = figures.failedRounds
                state.recordsStored = figures.recordsStored
                state.bytesReceived = figures.bytesReceived
                state.lag = figures.lag.values.reduce(0, +)
                state.refusals = figures.refusals.values.reduce(0, +)
                state.lastError = figures.lastError
            }
            states.append(state)
        }
        return states
    }
}
