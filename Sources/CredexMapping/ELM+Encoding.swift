import CredexCore
import CredexJSON
import Foundation

extension ELM {
    /// An unsealed `EuropeanDigitalCredential` in the converted profile (`edc-converted`): one
    /// `LearningAchievement` claim specified by a `Qualification` (a `LearningAchievementSpecification`
    /// when the spec has no framework level), its awarding bodies, and the canonical spec as the
    /// embedded evidence the profile asks for. The subject is a placeholder: a spec has no learner.
    /// What the profile requires and a spec lacks (the issuer's legal identifier, a page image, the
    /// date of issue) is filled as `ELM+Profile` says and reported. National levels get their NQF
    /// concept from `crosswalks` (the bundled data if nil).
    public static func encode(
        _ spec: CredentialSpec,
        id: String = "urn:credex:spec",
        validFrom: String,
        crosswalks: Crosswalks? = nil
    ) throws -> (document: JSONValue, report: MappingReport) {
        let crosswalks = try crosswalks ?? Crosswalks.load()
        let encoder = JSONValueEncoder()
        var report = MappingReport(format: format)
        var bodies: [JSONValue] = []
        for body in spec.awardingBodies {
            var organisation: [String: JSONValue] = [
                "id": .string(body.id), "type": "Organisation", "legalName": try encoder.encode(body.name),
            ]
            if let alpha3 = ELMNode.countries.first(where: { $0.value == body.country.rawValue })?.key {
                let country = concept(ELMNode.countryAuthority + alpha3)
                organisation["location"] = [
                    "id": .string("\(body.id)#location"), "type": "Location",
                    "address": ["id": .string("\(body.id)#address"), "type": "Address", "countryCode": country],
                ]
                if bodies.isEmpty {
                    organisation["eIDASIdentifier"] = legalIdentifier(body, country: country, report: &report)
                }
            } else {
                report.add(
                    .init(field: "awardingBodies.country", outcome: .lost, detail: "\(body.country) for \(body.id)")
                )
            }
            let identifiers = (body.identifiers ?? []).map { identifier -> JSONValue in
                ["type": "Identifier", "schemeName": .string(identifier.scheme), "notation": .string(identifier.value)]
            }
            if !identifiers.isEmpty { organisation["identifier"] = .array(identifiers) }
            bodies.append(.object(organisation))
        }
        guard let issuer = bodies.first else {
            throw CredexError(
                .invalidField,
                "an ELM credential needs an awarding body",
                pointer: .init(["awardingBodies"])
            )
        }
        var specification: [String: JSONValue] = [
            "id": .string("\(id)#specification"), "title": try encoder.encode(spec.title),
            "learningOutcome": .array(
                try spec.learningOutcomes.enumerated().map { index, outcome in
                    var out: [String: JSONValue] = [
                        "id": .string("\(id)#outcome-\(index + 1)"), "type": "LearningOutcome",
                        "title": try encoder.encode(outcome.text),
                    ]
                    if outcome.framework == "ESCO", let uri = outcome.uri { out["relatedESCOSkill"] = [concept(uri)] }
                    return .object(out)
                }
            ),
        ]
        specification["description"] = try spec.description.map { try encoder.encode($0) }
        let credits = (spec.workload.credits ?? []).filter { credit in
            guard credit.system == "ECTS" else {
                report.add(.init(field: "workload.credits", outcome: .lost, detail: "\(credit.value) \(credit.system)"))
                return false
            }
            return true
        }
        if !credits.isEmpty {
            specification["creditPoint"] = .array(
                credits.enumerated().map { index, credit in
                    [
                        "id": .string("\(id)#credit-\(index + 1)"), "type": "CreditPoint",
                        "framework": concept(ELMNode.ects), "point": .string(credit.value.rawValue),
                    ]
                }
            )
        }
        if let volume = spec.workload.duration ?? spec.workload.hours.map({ "PT\($0.rawValue)H" }) {
            specification["volumeOfLearning"] = .string(volume)
        }
        if let note = spec.workload.note {
            report.add(.init(field: "workload.note", outcome: .lost, detail: note.text()))
        }
        var isQualification = false
        for level in spec.levels ?? [] {
            if level.framework == "EQF" {
                specification["eqfLevel"] = concept(ELMNode.eqf + level.level)
                isQualification = true
            } else if let uri = crosswalks.framework(level.framework)?.levels.first(where: { $0.level == level.level })?
                .elmUri
            {
                specification["nqfLevel"] = .array((specification["nqfLevel"]?.arrayValue ?? []) + [concept(uri)])
                isQualification = true
            } else {
                report.add(
                    .init(
                        field: "levels",
                        outcome: .lost,
                        detail: "\(level.framework) \(level.level) has no NQF concept"
                    )
                )
            }
        }
        specification["type"] = isQualification ? "Qualification" : "LearningAchievementSpecification"
        if let mode = ELMNode.modes.first(where: { $0.value == spec.participation.mode })?.key {
            specification["mode"] = concept(mode)
        }
        specification["maximumDuration"] = spec.participation.duration.map(JSONValue.string)
        specification["entryRequirement"] = try spec.prerequisites.map {
            ["type": "Note", "noteLiteral": try encoder.encode($0)]
        }
        specification["additionalNote"] = try spec.furtherInformation.map {
            [["type": "Note", "noteLiteral": try encoder.encode($0)]]
        }
        switch spec.stackability?.values["en"] {
        case ELMNode.partial?: specification["isPartialQualification"] = true
        case ELMNode.notPartial?: specification["isPartialQualification"] = false
        case nil where spec.stackability == nil: break
        default: report.add(.init(field: "stackability", outcome: .lost, detail: "no ELM text field for it"))
        }
        specification["isPartOf"] = spec.isPartOf.map { .array($0.map(JSONValue.string)) }
        specification["hasPart"] = spec.hasPart.map { .array($0.map(JSONValue.string)) }
        specification["homepage"] = spec.url.map { ["type": "WebResource", "contentURL": .string($0)] }
        let languages = (spec.languages ?? []).compactMap { tag in ELMNode.languages.first { $0.value == tag }?.key }
        if !languages.isEmpty {
            specification["language"] = .array(languages.map { concept(ELMNode.languageAuthority + $0) })
        }
        if let type = spec.credentialType {
            specification["dcType"] = concept(ELMNode.credentialType + type, label: ["en": .string(type)])
            report.add(.init(field: "credentialType", outcome: .converted, detail: "\(type) as a local concept"))
        }
        specification["identifier"] = spec.identifiers.map { identifiers in
            .array(
                identifiers.map {
                    ["type": "Identifier", "schemeName": .string($0.scheme), "notation": .string($0.value)]
                }
            )
        }
        specification["provenBy"] = try assessment(spec, id: id, encoder: encoder, report: &report)
        let claim: JSONValue = [
            "id": .string("\(id)#achievement"), "type": "LearningAchievement", "title": try encoder.encode(spec.title),
            "awardedBy": ["id": .string("\(id)#awarding"), "type": "AwardingProcess", "awardingBody": .array(bodies)],
            "specifiedBy": .object(specification.compactMapValues { $0 }),
        ]
        report.add(
            .init(
                field: "qualityAssurance",
                outcome: .lost,
                detail: "\(spec.qualityAssurance.type): no accreditation record"
            )
        )
        report.add(.init(field: "proof", outcome: .lost, detail: "unsealed: an eIDAS seal (JAdES) is out of scope"))
        report.add(.init(field: "learner", outcome: .lost, detail: "the credentialSubject is a placeholder Person"))
        report.add(
            .init(field: "dateOfIssue", outcome: .estimated, detail: "issued is validFrom: a spec has no date of issue")
        )
        let evidence = Data(JCS.canonicalBytes(try encoder.encode(spec))).base64EncodedString()
        let document: JSONValue = [
            "@context": .array(contexts.map(JSONValue.string)), "id": .string(id),
            "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
            "credentialSchema": [
                "id": "http://data.europa.eu/snb/model/ap/edc-converted", "type": "ShaclValidator2017",
            ],
            "credentialProfiles": [concept(convertedProfile)],
            "displayParameter": display(spec, id: id, report: &report),
            "issuer": issuer, "issued": .string(validFrom), "validFrom": .string(validFrom),
            "credentialSubject": ["id": .string("\(id)#subject"), "type": "Person", "hasClaim": [claim]],
            "evidence": [
                "id": .string("\(id)#evidence"), "type": "Evidence", "dcType": concept(conversionEvidence),
                "embeddedEvidence": [
                    "id": .string("\(id)#source"), "type": "MediaObject", "content": .string(evidence),
                    "contentType": concept(ELM.authority + "file-type/JSON"),
                    "contentEncoding": concept(base64Encoding),
                ],
            ],
        ]
        return (document, report)
    }

    /// The assessment and grading scheme as the specification's `LearningAssessmentSpecification`
    /// (`provenBy`); the assessment type becomes a local concept (ELM has no vocabulary of Credex's
    /// tokens) and the identity verification a note about its concept (only an awarded
    /// `LearningAssessment`, with a grade, has `idVerification`).
    private static func assessment(
        _ spec: CredentialSpec,
        id: String,
        encoder: JSONValueEncoder,
        report: inout MappingReport
    ) throws -> JSONValue? {
        guard spec.assessment.type != "not-stated" || spec.identityVerification != nil || spec.gradingScheme != nil
        else { return nil }
        let stated = spec.assessment.type != "not-stated"
        // The profile requires a title: the description, else the type's label, else "Assessment".
        let label = stated ? spec.assessment.type.replacingOccurrences(of: "-", with: " ") : "Assessment"
        var specification: [String: JSONValue] = [
            "id": .string("\(id)#assessment-spec"), "type": "LearningAssessmentSpecification",
            "title": try spec.assessment.description.map { try encoder.encode($0) } ?? ["en": .string(label)],
        ]
        if stated {
            specification["dcType"] = concept(
                "urn:credex:assessment-type:\(spec.assessment.type)",
                label: ["en": .string(label)]
            )
            report.add(
                .init(field: "assessment", outcome: .converted, detail: "\(spec.assessment.type) as a local concept")
            )
        }
        if spec.assessment.description == nil {
            report.add(
                .init(
                    field: "assessment.description",
                    outcome: .unknown,
                    detail: "none stated; the title the profile requires is \"\(label)\""
                )
            )
        }
        specification["gradingScheme"] = try spec.gradingScheme.map {
            ["id": .string("\(id)#grading"), "type": "GradingScheme", "title": try encoder.encode($0)]
        }
        if let verification = spec.identityVerification {
            let known = ELMNode.verifications.first {
                $0.value.0 == verification.supervision && $0.value.1 == verification.identityCheck
            }
            if let known {
                let label = try verification.description.map { try encoder.encode($0) }
                specification["additionalNote"] = [
                    [
                        "id": .string("\(id)#identity-verification"), "type": "Note",
                        "subject": concept(known.key, label: label),
                        "noteLiteral": ["en": .string(ELMNode.verificationNote)],
                    ]
                ]
            } else {
                report.add(.init(field: "identityVerification", outcome: .lost, detail: "no ELM concept for it"))
            }
        }
        return .object(specification)
    }
}
