import CredexCore
import CredexStore

/// The checks of a spec or award: its awarding bodies, its original document, its status as of
/// its issuer's latest checkpoint, its expiry, and an award's personal part.
extension Verifier {
    func credentialChecks(_ record: Record, context: VerificationContext) async throws -> [Check] {
        switch RecordBody(of: record) {
        case .spec(let spec):
            return [
                awardingBodiesCheck(spec, attester: record.issuer, endorsements: context.endorsements),
                accreditationCheck(spec, issuer: record.issuer),
            ] + provenanceChecks(spec.provenance, .provenance) + [statusCheck(record, context: context)]
        case .award(let award):
            var checks: [Check] = []
            let specRecord = try await store.record(id: award.spec)?.record
            if let specRecord, case .spec(let spec) = RecordBody(of: specRecord) {
                checks.append(
                    .pass(
                        .awardSpec,
                        "spec \(award.spec) by \(specRecord.issuer) #\(specRecord.seq) is held",
                        evidence: ["spec": award.spec.rawValue]
                    )
                )
                let specContext = try await store.verificationContext(of: specRecord)
                checks.append(
                    awardingBodiesCheck(
                        spec,
                        attester: record.issuer,
                        endorsements: context.endorsements + specContext.endorsements
                    )
                )
                checks.append(accreditationCheck(spec, issuer: record.issuer))
                checks += provenanceChecks(award.provenance, .provenance)
                checks += provenanceChecks(spec.provenance, .specProvenance)
            } else {
                checks.append(
                    .unknown(
                        .awardSpec,
                        "the award names spec \(award.spec), which this node does not hold (or cannot read)",
                        evidence: ["spec": award.spec.rawValue]
                    )
                )
                checks += provenanceChecks(award.provenance, .provenance)
            }
            checks.append(statusCheck(record, context: context))
            checks.append(expiryCheck(award.validUntil))
            checks += personalChecks(award, of: record, context: context)
            return checks
        default:
            return []
        }
    }

    /// The imported original's own proof, when there was an original.
    func provenanceChecks(_ provenance: Provenance?, _ id: Check.ID) -> [Check] {
        guard let provenance else { return [] }
        let evidence = ["format": provenance.format, "sha256": provenance.sha256, "proof": provenance.proof.rawValue]
        let original = "imported from a \(provenance.format) document (SHA-256 \(provenance.sha256))"
        switch provenance.proof {
        case .verified: return [.pass(id, "\(original) whose own proof verified", evidence: evidence)]
        case .failed: return [.fail(id, "\(original) whose own proof did not verify", evidence: evidence)]
        case .none: return [.unknown(id, "\(original) that carried no proof Credex could check", evidence: evidence)]
        }
    }

    /// Whether the award is past its `validUntil` on `now`'s UTC date (a month: past that month).
    func expiryCheck(_ validUntil: CalendarDate?) -> Check {
        guard let validUntil else { return .pass(.expiry, "no expiry date") }
        let today = String(ClaimedTime(now).rawValue.prefix(validUntil.rawValue.count))
        let evidence = ["validUntil": validUntil.rawValue, "now": ClaimedTime(now).rawValue]
        return today > validUntil.rawValue
            ? .fail(.expiry, "expired: valid until \(validUntil)", evidence: evidence)
            : .pass(.expiry, "valid until \(validUntil)", evidence: evidence)
    }
}
