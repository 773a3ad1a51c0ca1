import CredexCore
import CredexStore
import CredexTrust
import Foundation

/// The attesting node (the record's signer) kept apart from the awarding bodies: which bodies
/// the signing node attests for in the trust list, and which others endorsed the spec or award.
extension Verifier {
    func awardingBodiesCheck(_ spec: CredentialSpec, attester: NodeID, endorsements: [StoredRecord]) -> Check {
        let institutions = trust?.members[attester]?.entry.institutions
        var evidence = ["attestingNode": attester.rawValue]
        var findings: [String] = []
        var uncovered = 0
        for body in spec.awardingBodies {
            let name = body.name.text()
            if let institution = institutions?.first(where: { Self.names($0, body) }) {
                evidence["body \(body.id)"] = "attested by \(attester)"
                findings.append("\(name) is the signing node's institution \(institution.legalName)")
                continue
            }
            let endorsing = endorsements.compactMap { stored -> (record: Record, endorsement: Endorsement)? in
                guard case .endorsement(let endorsement) = RecordBody(of: stored.record), endorsement.body.id == body.id
                else { return nil }
                return (stored.record, endorsement)
            }
            let byMembers = endorsing.filter { trust == nil || trust?.members[$0.record.issuer] != nil }
            if let first = byMembers.first {
                let role = first.endorsement.role.rawValue
                evidence["body \(body.id)"] = "\(role) endorsement \(first.record.id) by \(first.record.issuer)"
                findings.append("\(name) endorsed (\(role)) by \(first.record.issuer) in record \(first.record.id)")
            } else {
                uncovered += 1
                evidence["body \(body.id)"] = endorsing.isEmpty ? "none" : "endorsed only by non-members"
                findings.append(
                    institutions == nil
                        ? "\(name): no endorsement held, and no trust list says whom \(attester) attests for"
                        : "\(name) is not an institution of \(attester) and no member's endorsement of it is held"
                )
            }
        }
        let reason = "signed by \(attester); " + findings.joined(separator: "; ")
        return uncovered == 0
            ? .pass(.awardingBodies, reason, evidence: evidence)
            : .unknown(.awardingBodies, reason, evidence: evidence)
    }

    /// Whether a member's `institution` is the awarding `body`: the same legal name in one of its
    /// languages, or the body's URL on the institution's SCHAC domain.
    private static func names(_ institution: TrustListContent.Institution, _ body: AwardingBody) -> Bool {
        if body.name.values.values.contains(institution.legalName) { return true }
        guard let domain = institution.schacDomain, let host = URL(string: body.id)?.host?.lowercased() else {
            return false
        }
        return host == domain.lowercased() || host.hasSuffix("." + domain.lowercased())
    }
}
