import CredexCore
import CredexStore
import Foundation

/// Revocation and suspension, stated as of the issuer's latest checkpoint. The checkpoint's
/// claimed time is the issuer's clock: shown, and compared with the federation's maximum age
/// only to flag a view that may be out of date, never to accept or refuse.
extension Verifier {
    func statusCheck(_ record: Record, context: VerificationContext) -> Check {
        let changes = context.statusRecords.compactMap { stored -> (record: Record, change: StatusChange)? in
            guard stored.record.issuer == record.issuer, case .status(let change) = RecordBody(of: stored.record)
            else { return nil }
            return (stored.record, change)
        }
        let status = CredentialStatus(applying: changes.map(\.change))
        var evidence = ["status": status.rawValue]
        // The status record that set the current status: the first revocation (it is final), else the last.
        let setting = { (entry: (record: Record, change: StatusChange)) in
            CredentialStatus(applying: [entry.change]) == status
        }
        let deciding =
            status == .active ? nil : status == .revoked ? changes.first(where: setting) : changes.last(where: setting)
        if let deciding {
            evidence["statusRecord"] = deciding.record.id.rawValue
            evidence["statusClaimedAt"] = deciding.record.claimedAt.rawValue
        }
        let freshness = checkpointFreshness(of: record.issuer, context: context, evidence: &evidence)
        let by = deciding.map { " by #\($0.record.seq) (\($0.record.id))" } ?? ""
        switch status {
        case .revoked:
            return .fail(.status, "revoked\(by), \(freshness.asOf)", evidence: evidence)
        case .suspended:
            return .fail(.status, "suspended\(by), \(freshness.asOf)", evidence: evidence)
        case .withdrawn where record.kind == .spec:
            return Check(
                .status,
                freshness.stale == nil ? .pass : .unknown,
                "withdrawn from offer\(by); awards made of it stay valid, \(freshness.asOf)"
                    + (freshness.stale.map { ": \($0)" } ?? ""),
                evidence: evidence
            )
        case .withdrawn:
            return .fail(.status, "withdrawn\(by), \(freshness.asOf)", evidence: evidence)
        case .active:
            guard let stale = freshness.stale else {
                return .pass(.status, "neither revoked nor suspended \(freshness.asOf)", evidence: evidence)
            }
            return .unknown(
                .status,
                "neither revoked nor suspended in the records held, but \(stale)",
                evidence: evidence
            )
        }
    }

    /// "as of" the issuer's latest checkpoint, and why that view may be out of date, if it may.
    private func checkpointFreshness(
        of issuer: NodeID,
        context: VerificationContext,
        evidence: inout [String: String]
    ) -> (asOf: String, stale: String?) {
        if let head = context.head { evidence["head"] = "\(head.seq):\(head.id.rawValue)" }
        guard let checkpoint = context.latestCheckpoint?.record else {
            return ("in the records held", "this node holds no checkpoint of \(issuer), so it cannot tell how fresh")
        }
        let claimed = checkpoint.claimedAt.rawValue
        evidence["checkpoint"] = "\(checkpoint.seq):\(checkpoint.id.rawValue)"
        evidence["checkpointClaimedAt"] = claimed
        let asOf = "as of \(issuer)'s checkpoint #\(checkpoint.seq), signed at \(claimed) by the issuer's clock"
        guard let maxAge = trust?.content.maxCheckpointAge else {
            return (asOf, "no trust list states how old a checkpoint may be")
        }
        evidence["maxCheckpointAge"] = String(maxAge)
        guard let signed = Self.date(claimed) else { return (asOf, "its claimed time \(claimed) cannot be read") }
        let age = Int64(now.timeIntervalSince(signed).rounded(.down))
        evidence["checkpointAge"] = String(age)
        guard age > maxAge else { return (asOf, nil) }
        return (asOf, "the latest checkpoint of \(issuer) is \(age) s old, beyond the federation's \(maxAge) s")
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }
}
