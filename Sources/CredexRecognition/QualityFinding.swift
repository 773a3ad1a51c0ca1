import CredexCore
import CredexTrust
import Foundation

/// The LRC element *quality*: quality assurance and accreditation, each fact labelled `self-declared` (the
/// spec), `attested` or `member-declared` (the issuer's trust-list entry), or `external`.
public struct QualityFinding: Codable, Hashable, Sendable {
    /// Every quality fact in the order: the spec's, the trust list's, the caller's external ones.
    public var facts: [ReportFact]
    /// The awarding institution's DEQAR id.
    public var deqarId: ReportFact
    /// The agency that reviews the awarding institution.
    public var qaAgency: ReportFact
    /// True when some quality fact rests on more than the issuer's word: attested by the admins, or external.
    public var externallyEvidenced: Bool
    /// How each trust-list institution above was tied to the spec's awarding bodies.
    public var institutionMatch: [String]
}

extension QualityFinding {
    init(spec: CredentialSpec, member: TrustListContent.Member?, version: Int64?, external: [ReportFact]) {
        let qa = spec.qualityAssurance
        facts = [ReportFact("qualityAssurance.type", qa.type, source: .spec)]
        if let body = qa.body { facts.append(ReportFact("qualityAssurance.body", body, source: .spec)) }
        if let text = qa.description {
            facts.append(ReportFact("qualityAssurance.description", text.text(), source: .spec))
        }
        var trustFacts: [ReportFact] = []
        institutionMatch = []
        if let member {
            trustFacts = Self.accreditation(member, version)
            for (institution, match) in Self.institutions(of: member, awarding: spec.awardingBodies) {
                trustFacts += Self.facts(of: institution, version)
                institutionMatch.append("\(institution.legalName): \(match)")
            }
        } else {
            trustFacts = [ReportFact("trustList.member", unknown: "no trust-list entry for the issuer was given")]
        }
        let external = external.map {
            var fact = $0
            fact.source = .external($0.source?.label ?? "named by the caller")
            return fact
        }
        facts += trustFacts + external
        let known = trustFacts + external
        deqarId =
            known.first { $0.name.hasSuffix("deqarId") && $0.value != nil }
            ?? ReportFact("deqarId", unknown: "neither the trust list nor an external source gives a DEQAR id")
        qaAgency =
            known.first { $0.name.hasSuffix("qaAgency") && $0.value != nil }
            ?? qa.body.map { ReportFact("qaAgency", $0, source: .spec) }
            ?? ReportFact("qaAgency", unknown: "no quality assurance agency is named")
        externallyEvidenced = known.contains {
            ($0.source?.kind == .attested || $0.source?.kind == .external) && $0.value != nil
                && !$0.name.hasPrefix("accreditation") && !$0.name.hasSuffix("legalName")
        }
    }

    /// What the admins accredited the member to issue: part of the list they sign, so attested.
    private static func accreditation(_ member: TrustListContent.Member, _ version: Int64?) -> [ReportFact] {
        guard let accreditation = member.accreditation else {
            return [ReportFact("accreditation", unknown: "the trust list states no accreditation for the issuer")]
        }
        return [
            ReportFact(
                "accreditation.credentialTypes",
                accreditation.credentialTypes.joined(separator: ", "),
                source: .attested(version)
            ),
            ReportFact(
                "accreditation.eqfLevels",
                accreditation.eqfLevels.map(String.init).joined(separator: ", "),
                source: .attested(version)
            ),
        ]
    }

    /// The member's institutions that award the spec, by SCHAC domain or legal name; the member's only
    /// institution when none matches, since a member attests only for its own institutions.
    private static func institutions(
        of member: TrustListContent.Member,
        awarding bodies: [AwardingBody]
    ) -> [(TrustListContent.Institution, String)] {
        let matched = member.institutions.compactMap { institution -> (TrustListContent.Institution, String)? in
            for body in bodies {
                let host = URL(string: body.id)?.host?.lowercased() ?? ""
                if let domain = institution.schacDomain?.lowercased(), host == domain || host.hasSuffix("." + domain) {
                    return (institution, "matches the awarding body \(body.id) by SCHAC domain")
                }
                if body.name.values.values.contains(where: {
                    $0.caseInsensitiveCompare(institution.legalName) == .orderedSame
                }) {
                    return (institution, "matches the awarding body \(body.id) by legal name")
                }
            }
            return nil
        }
        guard matched.isEmpty, member.institutions.count == 1 else { return matched }
        return [(member.institutions[0], "the issuer's only institution; no awarding body matches its domain or name")]
    }

    private static func facts(of institution: TrustListContent.Institution, _ version: Int64?) -> [ReportFact] {
        func source(_ fact: String) -> FactSource {
            institution.attested.contains(fact) ? .attested(version) : .memberDeclared(version)
        }
        var facts = [ReportFact("institution.legalName", institution.legalName, source: source("legalName"))]
        for (name, value) in [("deqarId", institution.deqarId), ("qaAgency", institution.qaAgency)] {
            facts.append(
                value.map { ReportFact("institution.\(name)", $0, source: source(name)) }
                    ?? ReportFact("institution.\(name)", unknown: "not in the trust list's entry for the issuer")
            )
        }
        return facts
    }
}
