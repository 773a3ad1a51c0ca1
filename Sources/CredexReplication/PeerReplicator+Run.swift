import Logging

extension PeerReplicator {
    /// Replicates until the task is cancelled: a round, then a long poll on the peer's digest,
    /// then the next round. After a failure it waits with exponential backoff and full jitter,
    /// reset by a successful round. Cancellation stops it promptly, but a batch being appended
    /// is finished first.
    public func run() async {
        var failures = 0
        var known: PeerHeads?
        while !Task.isCancelled {
            do {
                let heads: PeerHeads
                do {
                    heads = try await source.heads(known: known?.digest, wait: known == nil ? .zero : settings.longPoll)
                } catch {
                    // A peer that cannot be reached fails a round too (`round(heads:)` counts its own).
                    if !Task.isCancelled { await metrics.roundEnded(peer, lag: nil, error: "\(error)") }
                    throw error
                }
                try await round(heads: heads)
                known = heads
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                known = nil
                let delay = settings.backoff.delay(afterFailures: failures, unit: settings.random())
                logger.warning(
                    "replication failed; retrying",
                    metadata: [
                        "replication.error": "\(error)", "replication.failures": "\(failures)",
                        "replication.retry-in": "\(delay)",
                    ]
                )
                do { try await settings.sleep(delay) } catch { return }
            }
        }
    }
}
