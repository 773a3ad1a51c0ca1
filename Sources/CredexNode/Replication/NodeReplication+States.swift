import CredexCore
import CredexReplication

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
                standing: member.standing.name,
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
