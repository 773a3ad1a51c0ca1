import CredexCore
import CredexStore
import CredexTrust
import Logging

/// Replicates one peer's records into the local store: compares heads, pulls what is missing in
/// batches, checks every record before anything is stored, and appends each batch's valid
/// prefix in one transaction. The local per-issuer head is the resume point.
///
/// Refusal policy: a batch is checked in log order and the records before the first refused
/// one are stored (each is independently valid and extends the chain); the refused record and
/// the rest of the batch are not, and the round moves on to the next issuer. Refusals count
/// against the peer (garbage on the wire) or the issuer (a record it signed wrongly).
///
/// ```swift
/// let replicator = PeerReplicator(source: peer, store: store, trust: { node.trust }, metrics: metrics, logger: logger)
/// try await replicator.round()  // once; or `await replicator.run()` until cancelled
/// ```
public struct PeerReplicator: Sendable {
    public let source: any PeerSource
    let store: any RecordStore
    let trust: @Sendable () -> FederationTrust
    let metrics: ReplicationMetrics
    let settings: ReplicationSettings
    let logger: Logger

    /// A replicator of `source` into `store`; `trust` is asked for the trust list in force before
    /// each batch, so a trust-list update applies from the next batch. Every log line carries the
    /// peer id as `peer.id`.
    public init(
        source: any PeerSource,
        store: any RecordStore,
        trust: @escaping @Sendable () -> FederationTrust,
        metrics: ReplicationMetrics,
        settings: ReplicationSettings = ReplicationSettings(),
        logger: Logger
    ) {
        self.source = source
        self.store = store
        self.trust = trust
        self.metrics = metrics
        self.settings = settings
        var logger = logger
        logger[metadataKey: "peer.id"] = "\(source.peer)"
        self.logger = logger
    }

    public var peer: NodeID { source.peer }

    /// One round: fetches the peer's heads and catches up with them (see `round(heads:)`).
    @discardableResult
    public func round() async throws -> RoundReport {
        try await round(heads: source.heads(known: nil, wait: .zero))
    }

    /// Catches up with `heads`: pulls every issuer's log the peer is ahead on, from the local head,
    /// until caught up or a record is refused; probes a differing head at an equal seq for a fork.
    /// Skips the trust list's own log (the node takes trust-list versions through its governance
    /// check) and issuers frozen by a fork.
    /// - Throws: the source's or the store's errors; whole batches appended before stay stored,
    ///   so the next round resumes there. `CancellationError` between batches when cancelled.
    @discardableResult
    public func round(heads: PeerHeads) async throws -> RoundReport {
        do {
            var report = RoundReport()
            let federation = trust().federation
            let held = try await store.heads()
            let frozen = Set(held.filter(\.forked).map(\.issuer))
            var local = Dictionary(held.map { ($0.issuer, LogPosition(seq: $0.seq, id: $0.id)) }) { first, _ in first }
            for head in heads.heads.sorted(by: { $0.issuer.rawValue < $1.issuer.rawValue })
            where head.issuer.rawValue != federation && !frozen.contains(head.issuer) {
                try Task.checkCancellation()
                let mine = local[head.issuer]
                if head.seq > mine?.seq ?? 0 {
                    local[head.issuer] = try await pull(head.issuer, through: head.seq, from: mine, into: &report)
                } else if let mine, head.seq == mine.seq, head.id != mine.id {
                    _ = try await probeFork(head.issuer, seq: mine.seq, held: mine.id, into: &report)
                }
            }
            let lag = heads.heads.reduce(into: [NodeID: Int64]()) { lag, head in
                guard head.issuer.rawValue != federation else { return }
                lag[head.issuer] = max(0, head.seq - (local[head.issuer]?.seq ?? 0))
            }
            await metrics.roundEnded(peer, lag: lag, error: nil)
            logger.debug(
                "round done",
                metadata: ["replication.stored": "\(report.stored)", "replication.requests": "\(report.requests)"]
            )
            return report
        } catch {
            if !(error is CancellationError) { await metrics.roundEnded(peer, lag: nil, error: "\(error)") }
            throw error
        }
    }

    /// Pulls `issuer`'s log after `head` up to `seq` in batches; returns the new local head.
    /// A batch ends at the next position a key range or cut-off ends, so its verdicts can be decided.
    ///
    /// While a batch is appended, the next one (linking to the batch's last record) is fetched and
    /// checked: the stages overlap instead of adding up. The next batch is used only if it is the
    /// one asked for once the append is done, under the trust list read when it was asked for.
    private func pull(
        _ issuer: NodeID,
        through seq: Int64,
        from head: LogPosition?,
        into report: inout RoundReport
    ) async throws -> LogPosition? {
        var head = head
        var next: (request: RangeRequest, batch: Task<CheckedBatch, any Error>)?
        defer { next?.batch.cancel() }
        while head?.seq ?? 0 < seq {
            try Task.checkCancellation()
            let trust = trust()
            let request = rangeRequest(issuer, after: head, trust: trust)
            let checked: CheckedBatch
            if let prefetched = next, prefetched.request == request {
                checked = try await prefetched.batch.value
                report.requests += 1
            } else {
                next?.batch.cancel()
                checked = try await fetch(request, trust, into: &report)
            }
            next = nil
            if checked.refusal == nil, checked.undetermined == nil, let tail = checked.accepted.last?.record,
                tail.seq < seq
            {
                let following = rangeRequest(issuer, after: LogPosition(seq: tail.seq, id: tail.id), trust: trust)
                next = (following, Task { try await check(following, trust) })
            }
            let last = try await append(checked, into: &report)
            if let last { head = LogPosition(seq: last.seq, id: last.id) }
            if let refusal = checked.refusal {
                // A first record that does not link to the local head may be another branch of a fork.
                if refusal.reason == .brokenChain, checked.accepted.isEmpty, let head,
                    try await probeFork(issuer, seq: head.seq, held: head.id, into: &report)
                {
                    return head
                }
                await refuse(refusal, into: &report)
                return head
            }
            if let why = checked.undetermined {
                logger.notice("cannot decide a record yet; will retry", metadata: ["replication.detail": "\(why)"])
                return head
            }
            if last == nil { return head }
        }
        return head
    }

    /// The range after `head` a batch asks for: at most the batch limit, ending where one of the
    /// issuer's key ranges or its cut-off ends.
    private func rangeRequest(_ issuer: NodeID, after head: LogPosition?, trust: FederationTrust) -> RangeRequest {
        let after = head?.seq ?? 0
        let boundary = trust.boundaries(of: issuer).filter { $0 > after }.min().map { Int($0 - after) }
        return RangeRequest(
            issuer: issuer,
            after: after,
            limit: min(settings.batchLimit, boundary ?? .max),
            linksTo: head?.id,
            checksLink: true
        )
    }

    /// Asks the peer for `request` and checks the body.
    func fetch(
        _ request: RangeRequest,
        _ trust: FederationTrust,
        into report: inout RoundReport
    ) async throws -> CheckedBatch {
        let checked = try await check(request, trust)
        report.requests += 1
        return checked
    }

    /// The peer's body for `request`, counted in the metrics and checked.
    private func check(_ request: RangeRequest, _ trust: FederationTrust) async throws -> CheckedBatch {
        let body = try await source.records(issuer: request.issuer, after: request.after, limit: request.limit)
        await metrics.received(body.count, from: peer)
        return await BatchChecker(peer: peer, trust: trust, request: request).check(body)
    }

    /// Appends `checked`'s valid prefix in one transaction and counts it; returns the last record
    /// now held, nil when nothing was (an empty prefix, a fork, a batch the store refused).
    func append(_ checked: CheckedBatch, into report: inout RoundReport) async throws -> Record? {
        let (last, stored) = try await append(checked.accepted, into: &report)
        report.stored += stored
        await metrics.verified(checked.verified, in: checked.verifyTime, stored: stored, from: peer)
        return last
    }

    /// Appends `records` even if the task is cancelled meanwhile: the batch in hand is finished.
    /// The store's refusal of the whole batch (a link or key it does not accept) is a `Refusal`.
    private func append(
        _ records: [VerifiedRecord],
        into report: inout RoundReport
    ) async throws -> (last: Record?, stored: Int) {
        guard let first = records.first?.record, let last = records.last?.record else { return (nil, 0) }
        let store = store
        do {
            // An unstructured task does not inherit cancellation, so a stop cannot interrupt the transaction.
            let outcome = try await Task { try await store.append(AppendBatch(records: records)) }.value
            if let fork = outcome.fork { await forked(fork, into: &report) }
            return (outcome.fork == nil ? last : nil, outcome.appended.count)
        } catch let error as StoreError where error.code == .forkedIssuer {
            logger.notice("not appended: the issuer is frozen", metadata: ["replication.detail": "\(error.reason)"])
            return (nil, 0)
        } catch let error as StoreError where [.brokenChain, .wrongKey].contains(error.code) {
            let wrongKey = error.code == .wrongKey
            let refusal = Refusal(
                wrongKey ? .keyNotValid : .brokenChain,
                blamed: wrongKey ? .issuer(first.issuer) : .peer(peer),
                issuer: first.issuer,
                seq: first.seq,
                detail: error.reason
            )
            await refuse(refusal, into: &report)
            return (nil, 0)
        }
    }

    /// Counts and logs `refusal`: one line naming the reason and the blamed party.
    func refuse(_ refusal: Refusal, into report: inout RoundReport) async {
        report.refusals.append(refusal)
        await metrics.refused(refusal, by: peer)
        logger.warning(
            "refused \(refusal.issuer) #\(refusal.seq): \(refusal.reason), blamed on \(refusal.blamed): \(refusal.detail)",
            metadata: [
                "refusal.reason": "\(refusal.reason)", "refusal.party": "\(refusal.blamed.party)",
                "refusal.blamed": "\(refusal.blamed.node)", "record.issuer": "\(refusal.issuer)",
                "record.seq": "\(refusal.seq)",
            ]
        )
    }
}

/// What one round did.
public struct RoundReport: Sendable {
    /// Records appended to the local store.
    public var stored = 0
    /// Range requests made to the peer.
    public var requests = 0
    public var refusals: [Refusal] = []
    public var forks: [ForkEvidence] = []
}
