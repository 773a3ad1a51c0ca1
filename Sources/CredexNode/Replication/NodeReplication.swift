import CredexCore
import CredexReplication
import CredexStore
import Logging

/// A running node's replication: one `PeerReplicator` for each member it pulls from (every active
/// member but itself, or those `pullFrom` names), started and stopped as the trust list in force
/// changes. With a `TrustListFollower`, a newer trust-list version a member's heads announce is
/// fetched, checked and put in force before that round (`TrustFollowingSource`), and the
/// replicators are matched to the new members at once.
actor NodeReplication {
    let ownNodeID: NodeID
    let trust: NodeTrust
    let store: any RecordStore
    let caller: PeerCaller
    let pullFrom: Set<NodeID>?
    let metrics: ReplicationMetrics
    let logger: Logger
    /// How often the replicators are matched against the members in force.
    let reconcileInterval: Duration
    /// Confirms the head after a restore; nil: not needed.
    let confirmation: HeadConfirmation?
    /// Follows the trust-list versions members announce; nil: only the admin socket and SIGHUP change it.
    let follower: TrustListFollower?
    /// Told of every fork replication finds.
    let alerts: AlertHook?
    private var running: [NodeID: Task<Void, Never>] = [:]
    /// The forks already alerted, by issuer.
    private var alertedForks: [NodeID: Int] = [:]

    init(
        ownNodeID: NodeID,
        trust: NodeTrust,
        store: any RecordStore,
        caller: PeerCaller,
        pullFrom: [NodeID]?,
        metrics: ReplicationMetrics,
        logger: Logger,
        confirmation: HeadConfirmation? = nil,
        follower: TrustListFollower? = nil,
        alerts: AlertHook? = nil,
        reconcileInterval: Duration = .seconds(5)
    ) {
        self.ownNodeID = ownNodeID
        self.trust = trust
        self.store = store
        self.caller = caller
        self.pullFrom = pullFrom.map(Set.init)
        self.metrics = metrics
        self.logger = logger
        self.reconcileInterval = reconcileInterval
        self.confirmation = confirmation
        self.follower = follower
        self.alerts = alerts
    }

    /// Replicates until cancelled; then stops every replicator, each finishing the batch in hand.
    func run() async {
        var confirming = confirmation
        while !Task.isCancelled {
            reconcile()
            await alertNewForks()
            if let pending = confirming {
                do {
                    if try await pending.attempt(wanted.map(source)) { confirming = nil }
                } catch {
                    logger.warning("head confirmation failed", metadata: ["error": "\(error)"])
                }
            }
            do { try await Task.sleep(for: confirming == nil ? reconcileInterval : .seconds(1)) } catch { break }
        }
        for task in running.values { task.cancel() }
        for task in running.values { await task.value }
        running = [:]
    }

    /// Alerts once for each fork the replicators found since the last look.
    private func alertNewForks() async {
        for (issuer, count) in await metrics.forks where count > alertedForks[issuer, default: 0] {
            alertedForks[issuer] = count
            alerts?.alert(
                .fork,
                "\(issuer) signed two records at one seq: both kept as evidence, its log frozen until the admins resolve it"
            )
        }
    }

    /// The members to pull from under the trust list in force.
    var wanted: Set<NodeID> {
        Set(
            trust.current.members.values
                .filter { $0.isActive && $0.nodeID != ownNodeID && pullFrom?.contains($0.nodeID) ?? true }
                .map(\.nodeID)
        )
    }

    private func source(_ peer: NodeID) -> any PeerSource { PeerCallerSource(peer: peer, caller: caller) }

    /// What `peer`'s replicator pulls from: with a follower, one that follows announced trust lists.
    private func replicatorSource(_ peer: NodeID) -> any PeerSource {
        let base = PeerCallerSource(peer: peer, caller: caller)
        guard let follower else { return base }
        return TrustFollowingSource(base: base, follower: follower) { [weak self] in await self?.trustChanged() }
    }

    /// Matches the replicators to the members of a trust list just put in force.
    func trustChanged() {
        reconcile()
    }

    /// Starts a replicator for each wanted member without one, and stops those no longer wanted.
    private func reconcile() {
        let wanted = wanted
        for (peer, task) in running where !wanted.contains(peer) {
            logger.info("stopped pulling", metadata: ["peer.id": "\(peer)"])
            task.cancel()
            running[peer] = nil
        }
        for peer in wanted where running[peer] == nil {
            logger.info("pulling", metadata: ["peer.id": "\(peer)"])
            let replicator = PeerReplicator(
                source: replicatorSource(peer),
                store: store,
                trust: { [trust] in trust.current },
                metrics: metrics,
                logger: logger
            )
            running[peer] = Task { await replicator.run() }
        }
    }
}
