import CredexCore
import CredexReplication
import Logging

/// Where a `TrustListFollower` fetches a peer's trust-list history.
protocol TrustListSource: Sendable {
    /// The peer's node id.
    var peer: NodeID { get }
    /// The peer's trust-list history as JSON Lines (`GET /credex/v1/trust-list`), not yet checked.
    func trustListHistory() async throws -> [UInt8]
}

/// Follows the trust-list versions that peers' heads announce: when a peer names a version newer
/// than the one in force, fetches that peer's history and puts it through the `trust-list` admin
/// operation (`TrustListUpdate`), the path `credex trust import` takes, then in force.
///
/// Nothing a peer says is trusted: the announcement only says where to look. Every version of the
/// history is checked against the node's own log (signatures by the threshold of the previous
/// version's admins, no rollback, the node's pin) before anything is saved, and a history that fails
/// changes nothing. Such a refusal is logged once, and the same announcement from the same peer is
/// not fetched again (a later version, or another peer, is). Follows run one at a time.
///
/// ```swift
/// let follower = TrustListFollower(issuing: issuing, trust: trust, logger: logger)
/// if await follower.follow(heads.trustList, from: source) { /* the members may have changed */ }
/// ```
actor TrustListFollower {
    /// One peer's announcement of one version.
    struct Announcement: Hashable {
        var peer: NodeID
        var contentID: RecordID
    }

    let trust: NodeTrust
    let logger: Logger
    /// Told of every refused history.
    let alerts: AlertHook?
    private let writer: LocalNodeWriter
    /// Announcements whose history was refused: not fetched again.
    private var refused: Set<Announcement> = []
    /// Set while a follow is inside, with the follows waiting for their turn.
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Saves through `issuing`'s store, under its configuration's federation and pin, and puts a
    /// newer version in force in `trust`.
    init(issuing: IssuingService, trust: NodeTrust, logger: Logger, alerts: AlertHook? = nil) {
        writer = LocalNodeWriter(issuing: issuing) { [trust] newer in
            // The admin socket may have put it in force meanwhile.
            guard newer.version > trust.current.version else { return }
            try trust.update(to: newer)
        }
        self.trust = trust
        self.logger = logger
        self.alerts = alerts
    }

    /// Whether `announced` names a version newer than the one in force that was not refused from `peer`.
    func wants(_ announced: PeerHeads.TrustList?, from peer: NodeID) -> Bool {
        guard let announced, announced.version > trust.current.version else { return false }
        return !refused.contains(Announcement(peer: peer, contentID: announced.contentID))
    }

    /// Takes the version `announced` by `source`'s heads if it is newer than the one in force: fetches
    /// the peer's history, checks and saves it, and puts the newest version in force.
    /// - Returns: whether the version in force changed. A failed fetch is logged and retried at the
    ///   next announcement; a refused history is logged and changes nothing.
    @discardableResult
    func follow(_ announced: PeerHeads.TrustList?, from source: any TrustListSource) async -> Bool {
        guard wants(announced, from: source.peer), let announced else { return false }
        await takeTurn()
        defer { passTurn() }
        // Re-checked: the follow before this one may have put it in force.
        guard wants(announced, from: source.peer) else { return false }
        var logger = logger
        logger[metadataKey: "peer.id"] = "\(source.peer)"
        logger[metadataKey: "trust.announced"] = "\(announced.version)"
        let history: [UInt8]
        do {
            history = try await source.trustListHistory()
        } catch {
            logger.warning("cannot fetch the trust-list history", metadata: ["error": "\(error)"])
            return false
        }
        let before = trust.current.version
        var request = AdminRequest(operation: .trustList)
        request.document = String(decoding: history, as: UTF8.self)
        let summary: TrustListUpdate.Summary
        do {
            summary = try await TrustListUpdate(writer: writer).perform(request)
        } catch {
            refuse(announced, from: source.peer, logger: logger, "\(error)")
            return false
        }
        guard let inForce = summary.versionInForce, inForce >= announced.version else {
            refuse(
                announced,
                from: source.peer,
                logger: logger,
                "its history ends at version \(summary.versionInForce ?? 0), not the announced \(announced.version)"
            )
            return false
        }
        let changed = trust.current.version > before
        logger.notice(
            "trust list taken from peer",
            metadata: [
                "trust.version": "\(trust.current.version)", "trust.previous": "\(before)",
                "trust.outcomes": "\(summary.outcomes)",
            ]
        )
        return changed
    }

    /// Remembers and logs that `peer`'s history for `announced` was refused.
    private func refuse(_ announced: PeerHeads.TrustList, from peer: NodeID, logger: Logger, _ reason: String) {
        refused.insert(Announcement(peer: peer, contentID: announced.contentID))
        logger.error(
            "refused the trust-list history of \(peer): \(reason)",
            metadata: ["trust.version": "\(trust.current.version)"]
        )
        alerts?.alert(.trust, "refused the trust-list history of \(peer) (version \(announced.version)): \(reason)")
    }

    private func takeTurn() async {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
    }

    /// Hands the turn straight to the next follow, so it is never free in between.
    private func passTurn() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
