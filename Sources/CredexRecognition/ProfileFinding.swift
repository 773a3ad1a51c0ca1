import CredexCore

/// The LRC element *profile*: the kind of credential, who awards it where, how it is taken and assessed, as
/// far as the canonical spec holds it. What the spec has no field for is listed as unknown, never inferred.
public struct ProfileFinding: Codable, Hashable, Sendable {
    public var facts: [ReportFact]
}

extension ProfileFinding {
    init(spec: CredentialSpec) {
        let participation = spec.participation
        var facts = [
            spec.credentialType.map { ReportFact("credentialType", $0, source: .spec) }
                ?? ReportFact("credentialType", unknown: "the spec states no credential type"),
            ReportFact("fieldOfStudy", unknown: "the canonical spec has no field of study"),
            ReportFact("formalOrNonFormal", unknown: "the canonical spec does not record it"),
        ]
        for body in spec.awardingBodies {
            let place = [body.country.rawValue, body.region].compactMap(\.self).joined(separator: ", ")
            facts.append(ReportFact("awardingBody", "\(body.name.text()) (\(place))", source: .spec))
        }
        facts.append(ReportFact("participation.mode", participation.mode.rawValue, source: .spec))
        let optional: [(String, String?)] = [
            ("participation.pace", participation.pace?.rawValue),
            ("participation.duration", participation.duration),
            ("participation.description", participation.description?.text()),
            ("assessment.type", spec.assessment.type),
            ("assessment.description", spec.assessment.description?.text()),
            ("languages", spec.languages.map { $0.joined(separator: ", ") }),
            ("prerequisites", spec.prerequisites?.text()),
            ("identityVerification.supervision", spec.identityVerification?.supervision?.rawValue),
            ("stackability", spec.stackability?.text()),
            ("isPartOf", spec.isPartOf.map { $0.joined(separator: ", ") }),
            ("hasPart", spec.hasPart.map { $0.joined(separator: ", ") }),
            ("identifiers", spec.identifiers.map { $0.map { "\($0.scheme) \($0.value)" }.joined(separator: ", ") }),
            ("approvedOn", spec.approvedOn?.rawValue),
            ("reviewDue", spec.reviewDue?.rawValue),
            ("provenance", spec.provenance.map { "imported from \($0.format), its own proof: \($0.proof.rawValue)" }),
        ]
        facts += optional.compactMap { name, value in value.map { ReportFact(name, $0, source: .spec) } }
        self.facts = facts
    }
}
