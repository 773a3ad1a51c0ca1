import CredexCore
import Foundation

/// The answers about a record, by its position in its issuer's log. Only deterministic checks
/// refuse (key range, cut-off); everything else is a flag shown to officers.
extension FederationTrust {
    /// Finds the id of the record at a seq on the chain that ends at a position: the issuer's log
    /// as this node holds it. Returns nil when that position is not held yet.
    public typealias ChainLookup = @Sendable (_ end: LogPosition, _ seq: Int64) -> RecordID?

    /// An answer that may need more of the issuer's log.
    public enum Verdict: Sendable, Equatable {
        case valid
        case invalid(TrustError)
        /// The position it depends on is not held yet; ask again once it is.
        case undetermined(String)
    }

    /// Whether `keyID` may sign `issuer`'s record `id` at `seq`: the key must be the issuer's, from
    /// its `fromSeq`, and, if it is valid through (n, h), the record must be on the chain ending at h.
    public func signingKeyVerdict(
        _ keyID: KeyID,
        issuer: NodeID,
        seq: Int64,
        id: RecordID,
        chain: ChainLookup
    ) -> Verdict {
        guard let member = members[issuer] else {
            return .invalid(TrustError(.notMember, "\(issuer) is not a member of \(federation) (version \(version))"))
        }
        guard let key = member.entry.signingKeys.first(where: { $0.keyId == keyID }) else {
            return .invalid(
                TrustError(.keyNotValid, "\(keyID) is not a signing key of \(issuer) in version \(version)")
            )
        }
        guard seq >= key.fromSeq else {
            return .invalid(
                TrustError(.keyNotValid, "\(keyID) signs \(issuer)'s log from seq \(key.fromSeq), not at seq \(seq)")
            )
        }
        guard let through = key.through else { return .valid }
        return Self.onChain(seq: seq, id: id, through: through, chain: chain) { position in
            TrustError(
                .keyNotValid,
                "\(keyID) is valid for \(issuer) only through \(position); seq \(seq) (\(id)) is not"
            )
        }
    }

    /// Whether `issuer`'s record `id` at `seq` is within its suspension or withdrawal cut-off.
    public func cutoffVerdict(issuer: NodeID, seq: Int64, id: RecordID, chain: ChainLookup) -> Verdict {
        guard let member = members[issuer] else {
            return .invalid(TrustError(.notMember, "\(issuer) is not a member of \(federation) (version \(version))"))
        }
        switch member.standing {
        case .active:
            return .valid
        case .suspended(let through), .withdrawn(let through):
            guard let through else {
                return .invalid(TrustError(.pastCutoff, "\(issuer) is \(member.standingName) with no records valid"))
            }
            return Self.onChain(seq: seq, id: id, through: through, chain: chain) { position in
                TrustError(
                    .pastCutoff,
                    "\(issuer) is \(member.standingName): its records are valid through \(position) only"
                )
            }
        }
    }

    /// A flag when `issuer` is not accredited for `credentialType` at `eqfLevel` (never a refusal).
    public func accreditationFlag(issuer: NodeID, credentialType: String?, eqfLevel: Int?) -> String? {
        guard let scope = members[issuer]?.entry.accreditation else {
            return "the trust list states no accreditation scope for \(issuer)"
        }
        if let credentialType, !scope.credentialTypes.contains(credentialType) {
            return "\(issuer) is not accredited for \(credentialType) credentials"
        }
        if let eqfLevel, !scope.eqfLevels.contains(eqfLevel) {
            return "\(issuer) is not accredited at EQF level \(eqfLevel)"
        }
        return nil
    }

    /// Whether the admins' next update is overdue by `now` (a flag on every view, never a refusal).
    public func isStale(now: Date) -> Bool {
        guard let due = ISO8601DateFormatter().date(from: content.nextUpdate.rawValue) else { return true }
        return now > due
    }

    private static func onChain(
        seq: Int64,
        id: RecordID,
        through: LogPosition,
        chain: ChainLookup,
        error: (LogPosition) -> TrustError
    ) -> Verdict {
        guard seq <= through.seq else { return .invalid(error(through)) }
        if seq == through.seq { return id == through.id ? .valid : .invalid(error(through)) }
        guard let onChain = chain(through, seq) else {
            return .undetermined("needs \(through) of the issuer's log to decide seq \(seq)")
        }
        return onChain == id ? .valid : .invalid(error(through))
    }
}

extension FederationTrust.Member {
    var standingName: String {
        switch standing {
        case .active: return "active"
        case .suspended: return "suspended"
        case .withdrawn: return "withdrawn"
        }
    }
}
