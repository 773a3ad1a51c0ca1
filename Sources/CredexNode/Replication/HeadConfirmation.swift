import CredexCore
import CredexReplication
import CredexStore
import Logging

/// After a restore, a node issues again only when its head is confirmed: `required` of the peers
/// it pulls from (all of them, if fewer) answer, and none holds a record of its log beyond its head.
/// Records a peer holds beyond it come back by replication first, so the node never forks itself.
struct HeadConfirmation: Sendable {
    let ownNodeID: NodeID
    let store: any RecordStore
    let issuing: IssuingService
    let required: Int
    let logger: Logger

    /// Whether confirmation is still needed.
    func isPending() async throws -> Bool { try await store.state(.headConfirmed) == "no" }

    /// Asks `sources` for their heads and confirms the head when enough of them agree; returns
    /// whether it is confirmed now.
    func attempt(_ sources: [any PeerSource]) async throws -> Bool {
        guard try await isPending() else { return true }
        let held = try await store.head(of: ownNodeID)?.seq ?? 0
        var agreeing: [NodeID] = []
        var ahead: [String] = []
        await withTaskGroup(of: (NodeID, Int64?).self) { group in
            for source in sources {
                group.addTask {
                    let heads = try? await source.heads(known: nil, wait: .zero)
                    return (source.peer, heads.map { $0.heads.first { $0.issuer == ownNodeID }?.seq ?? 0 })
                }
            }
            for await (peer, seq) in group {
                guard let seq else { continue }
                if seq > held { ahead.append("\(peer) holds #\(seq)") } else { agreeing.append(peer) }
            }
        }
        guard ahead.isEmpty else {
            logger.warning(
                "head not confirmed: peers hold later records of this node; pulling them first",
                metadata: ["head.seq": "\(held)", "peers.ahead": "\(ahead.joined(separator: "; "))"]
            )
            return false
        }
        guard agreeing.count >= max(1, min(required, sources.count)) else { return false }
        let line = try await issuing.confirmHead(byPeers: agreeing.sorted { $0.rawValue < $1.rawValue })
        logger.notice("head confirmed", metadata: ["confirmation": "\(line)"])
        return true
    }
}
