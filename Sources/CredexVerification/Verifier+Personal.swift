import CredexCore
import CredexStore

/// An award's personal part against its learner commitment, and the grant a delivered part came
/// with. Nothing personal goes into a check: only the commitment and record ids.
extension Verifier {
    func personalChecks(_ award: Award, of record: Record, context: VerificationContext) -> [Check] {
        var evidence = ["commitment": award.learner.rawValue]
        guard let part = context.personalPart else {
            return [.unknown(.personalCommitment, "this node holds no personal part of the award", evidence: evidence)]
        }
        guard let held = try? part.commitment(), held == award.learner else {
            evidence["held"] = (try? part.commitment())?.rawValue ?? "unreadable"
            return [
                .fail(
                    .personalCommitment,
                    "the held personal part does not match the award's learner commitment",
                    evidence: evidence
                )
            ]
        }
        let matches = Check.pass(
            .personalCommitment,
            "the held personal part matches the award's learner commitment",
            evidence: evidence
        )
        guard let grantBytes = context.grantBytes else {
            return [matches, .pass(.personalGrant, "stored with the award here, not delivered by another node")]
        }
        return [matches, grantCheck(grantBytes, award: award, of: record)]
    }

    private func grantCheck(_ bytes: [UInt8], award: Award, of record: Record) -> Check {
        guard let grant = try? PersonalMessage(canonicalBytes: bytes) else {
            return .fail(.personalGrant, "the grant the part was delivered with cannot be read")
        }
        let evidence = [
            "grantIssuer": grant.issuer.rawValue, "recipient": grant.recipient.rawValue, "key": grant.keyId.rawValue,
            "reason": grant.reason?.rawValue,
        ].compactMapValues { $0 }
        let problem: String? =
            if grant.type != .grant {
                "the part was delivered with a \(grant.type.rawValue), not a grant"
            } else if !grant.hasValidSignature {
                "the grant's signature does not verify"
            } else if grant.award != record.id {
                "the grant is for award \(grant.award), not \(record.id)"
            } else if grant.issuer != record.issuer {
                "the grant is signed by \(grant.issuer), not the award's issuer \(record.issuer)"
            } else if grant.commitment != award.learner {
                "the grant names another learner commitment than the award's"
            } else if let trust, trust.members[record.issuer]?.signingKeys.contains(grant.keyId) != true {
                "the grant's key \(grant.keyId) is not a signing key of \(record.issuer) in the trust list"
            } else {
                nil
            }
        if let problem { return .fail(.personalGrant, problem, evidence: evidence) }
        return .pass(
            .personalGrant,
            "delivered to \(grant.recipient) with a grant signed by the award's issuer \(grant.issuer)",
            evidence: evidence
        )
    }
}
