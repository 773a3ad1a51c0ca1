import CredexCore
import CredexStore

extension PeerReplicator {
    /// Asks the peer for its record at `issuer`'s `seq`, where this node holds `held`; a different,
    /// fully valid record there is a fork: appended as evidence, which freezes the issuer.
    /// Returns whether a fork was found.
    func probeFork(_ issuer: NodeID, seq: Int64, held: RecordID, into report: inout RoundReport) async throws -> Bool {
        let request = RangeRequest(issuer: issuer, after: seq - 1, limit: 1, linksTo: nil, checksLink: false)
        let checked = try await fetch(request, trust(), into: &report)
        if let refusal = checked.refusal { await refuse(refusal, into: &report) }
        guard let candidate = checked.accepted.first, candidate.record.id != held else { return false }
        _ = try await append(checked, into: &report)
        return report.forks.contains { $0.issuer == issuer && $0.seq == seq }
    }

    /// Counts and logs a fork the store kept as evidence.
    func forked(_ fork: ForkEvidence, into report: inout RoundReport) async {
        report.forks.append(fork)
        await metrics.forked(fork.issuer)
        logger.error(
            "fork: \(fork.issuer) signed two records at #\(fork.seq); the issuer is frozen until admins resolve it",
            metadata: [
                "record.issuer": "\(fork.issuer)", "record.seq": "\(fork.seq)",
                "fork.held": "\(fork.held)", "fork.conflicting": "\(fork.conflicting)",
            ]
        )
    }
}
