import CredexCore
import CredexReplication

/// A member as a `PeerReplicator` sees it, with the trust list its heads announce followed first:
/// when the heads name a newer trust-list version than the one in force, the `TrustListFollower`
/// fetches and checks the member's history before the heads are handed on, so the round that
/// follows already runs under the new list (a new member's records are accepted at once).
///
/// A decorator rather than a hook in `PeerReplicator`: replication itself still never reads the
/// trust-list log, and a failure to follow never fails the round (the follower logs it).
struct TrustFollowingSource: PeerSource {
    let base: PeerCallerSource
    let follower: TrustListFollower
    /// Called after the follower put a newer version in force (the pullers are matched to the members).
    let changed: @Sendable () async -> Void

    var peer: NodeID { base.peer }

    func heads(known: String?, wait: Duration) async throws -> PeerHeads {
        let heads = try await base.heads(known: known, wait: wait)
        if await follower.follow(heads.trustList, from: base) { await changed() }
        return heads
    }

    func records(issuer: NodeID, after: Int64, limit: Int) async throws -> [UInt8] {
        try await base.records(issuer: issuer, after: after, limit: limit)
    }
}
