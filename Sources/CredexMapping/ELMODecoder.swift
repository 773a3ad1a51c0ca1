import CredexCore
import CredexJSON

/// Maps a parsed ELMO tree to entries: one spec per learning opportunity specification, depth
/// first, with the learner's result as an award when the instance was passed.
struct ELMODecoder {
    /// The facts every learning opportunity of one `report` shares.
    private struct ReportContext {
        var body: JSONValue
        var issuedOn: CalendarDate
        var gradingSchemes: [String: LanguageMap]
        var learner: LearnerDetails?
    }

    static let noOutcomes = "Learning outcomes not stated in the source."
    static let noCredits = "The ELMO source states no credits."
    /// The identifier scheme that carries a specification's ISCED-F field code.
    static let iscedScheme = "ISCED-F"

    let sha256: String
    var entries: [ELMO.Entry] = []
    var report = MappingReport(format: ELMO.format)

    mutating func decode(_ root: ELMOElement) throws {
        let generated = try root.required("generatedDate", at: [])
        _ = try ELMOValues.dateOfDateTime(generated.text, at: ["generatedDate"])
        let learner = try decodeLearner(try root.required("learner", at: []))
        let reports = root.children("report")
        guard !reports.isEmpty else { throw CredexError(.missingField, "the ELMO document has no report") }
        for (index, element) in reports.enumerated() {
            try decodeReport(element, learner: learner, at: ["report", "\(index)"])
        }
        noteRest(of: root, handled: ["generatedDate", "learner", "report"], in: "elmo")
        if root.children.contains(where: { $0.name == "Signature" }) {
            ELMOValues.note(&report, "provenance.proof", .unknown, "the XML signature is not verified; proof is none")
        }
    }

    private mutating func decodeLearner(_ element: ELMOElement) throws -> LearnerDetails? {
        let path = ["learner"]
        let given = ELMOValues.token(try element.required("givenNames", at: path).text)
        let family = ELMOValues.token(try element.required("familyName", at: path).text)
        noteRest(of: element, handled: ["givenNames", "familyName", "bday", "identifier"], in: "learner")
        guard !given.isEmpty || !family.isEmpty else {
            ELMOValues.note(&report, "award", .unknown, "the learner has no name, so no award is imported")
            return nil
        }
        return try LearnerDetails(
            names: .init(given: given.isEmpty ? nil : given, family: family.isEmpty ? nil : family),
            birthDate: try element.child("bday").map { try ELMOValues.date($0.text, at: path + ["bday"]) },
            identifiers: try element.identifiers(at: path)
        ).normalized()
    }

    private mutating func decodeReport(_ element: ELMOElement, learner: LearnerDetails?, at path: [String]) throws {
        let issuer = try element.required("issuer", at: path)
        let issuerPath = path + ["issuer"]
        guard let country = issuer.child("country") else {
            throw CredexError(
                .missingField,
                "the issuer states no country; an awarding body needs one",
                pointer: .init(issuerPath)
            )
        }
        guard
            let name = try ELMOValues.languageMap(
                issuer.children("title"),
                collapse: true,
                at: issuerPath + ["title"],
                report: &report
            )
        else { throw CredexError(.missingField, "the issuer has no title", pointer: .init(issuerPath + ["title"])) }
        let url = ELMOValues.token(try issuer.required("url", at: issuerPath).text)
        guard !url.isEmpty else {
            throw CredexError(.missingField, "the issuer's url is empty", pointer: .init(issuerPath))
        }
        var body: [String: JSONValue] = [
            "id": .string(url), "name": try JSONValueEncoder().encode(name),
            "country": .string(ELMOValues.token(country.text)),
        ]
        if let ids = try issuer.identifiers(at: issuerPath) { body["identifiers"] = try JSONValueEncoder().encode(ids) }
        noteRest(of: issuer, handled: ["country", "identifier", "title", "url"], in: "issuer")

        var schemes: [String: LanguageMap] = [:]
        for scheme in element.children("gradingScheme") {
            let id = ELMOValues.token(scheme.attributes["localId"] ?? "")
            schemes[id] = try ELMOValues.languageMap(
                scheme.children("description"),
                collapse: false,
                at: path + ["gradingScheme"],
                report: &report
            )
        }
        let context = ReportContext(
            body: .object(body),
            issuedOn: try ELMOValues.dateOfDateTime(
                try element.required("issueDate", at: path).text,
                at: path + ["issueDate"]
            ),
            gradingSchemes: schemes,
            learner: learner
        )
        for (index, los) in element.children("learningOpportunitySpecification").enumerated() {
            try decodeSpecification(
                los,
                parent: nil,
                context: context,
                at: path + ["learningOpportunitySpecification", "\(index)"]
            )
        }
        noteRest(
            of: element,
            handled: ["issuer", "learningOpportunitySpecification", "issueDate", "gradingScheme"],
            in: "report"
        )
    }

    private mutating func decodeSpecification(
        _ element: ELMOElement,
        parent: Int?,
        context: ReportContext,
        at path: [String]
    ) throws {
        guard
            let title = try ELMOValues.languageMap(
                element.children("title"),
                collapse: true,
                at: path + ["title"],
                report: &report
            )
        else {
            throw CredexError(.missingField, "the learning opportunity has no title", pointer: .init(path + ["title"]))
        }
        var ids = try element.identifiers(at: path) ?? []
        if let isced = element.token("iscedCode") {
            ids.append(Identifier(scheme: Self.iscedScheme, value: isced))
            ELMOValues.note(&report, "identifiers", .converted, "iscedCode is kept as an identifier in scheme ISCED-F")
        }
        let instancePath = path + ["specifies", "learningOpportunityInstance"]
        let instance = try element.required("specifies", at: path).required(
            "learningOpportunityInstance",
            at: path + ["specifies"]
        )
        let result = try ELMOResult(instance, at: instancePath, report: &report)

        var spec = try makeSpec(title: title, body: context.body, credits: result.credits, at: path)
        noteUnstated()
        spec.description = try ELMOValues.languageMap(
            element.children("description"),
            collapse: false,
            at: path + ["description"],
            report: &report
        )
        spec.credentialType = element.token("type")
        spec.url = element.token("url")
        spec.identifiers = ids.isEmpty ? nil : ids
        spec.levels = result.levels.isEmpty ? nil : result.levels
        spec.languages = result.language.map { [$0] }
        if let scheme = result.gradingScheme {
            spec.gradingScheme = context.gradingSchemes[scheme]
            if spec.gradingScheme == nil {
                ELMOValues.note(&report, "gradingScheme", .unknown, "a gradingSchemeLocalId names no described scheme")
            }
        }
        do { try spec.validate() } catch let error as CredexError {
            throw CredexError(error.code, error.reason, pointer: .init(path + (error.pointer?.tokens ?? [])))
        }

        var award: AwardInput?
        if let learner = context.learner, result.passed {
            var details = learner
            details.grade = result.grade
            details.activityStart = result.start
            details.activityEnd = result.end
            award = AwardInput(
                spec: nil,
                issuedOn: context.issuedOn,
                learner: details,
                credits: result.credits.isEmpty ? nil : result.credits
            )
        } else if !result.passed {
            ELMOValues.note(&report, "award", .lost, "a failed or in-progress result makes no award")
        }
        let index = entries.count
        entries.append(ELMO.Entry(spec: spec, parent: parent, award: award))
        for (number, part) in element.children("hasPart").enumerated() {
            let partPath = path + ["hasPart", "\(number)", "learningOpportunitySpecification"]
            try decodeSpecification(
                try part.required("learningOpportunitySpecification", at: Array(partPath.dropLast())),
                parent: index,
                context: context,
                at: partPath
            )
        }
        noteRest(
            of: element,
            handled: ["identifier", "title", "type", "iscedCode", "url", "description", "specifies", "hasPart"],
            in: "learningOpportunitySpecification"
        )
    }

    /// A spec with what ELMO always leaves unstated filled in as "not stated".
    private func makeSpec(
        title: LanguageMap,
        body: JSONValue,
        credits: [Credit],
        at path: [String]
    ) throws -> CredentialSpec {
        let encoder = JSONValueEncoder()
        let workload: JSONValue =
            credits.isEmpty ? ["note": ["en": .string(Self.noCredits)]] : ["credits": try encoder.encode(credits)]
        let members: JSONValue = [
            "type": .string(CredentialSpec.bodyType),
            "title": try encoder.encode(title),
            "awardingBodies": [body],
            "learningOutcomes": [["text": ["en": .string(Self.noOutcomes)]]],
            "workload": workload,
            "assessment": ["type": "not-stated"],
            "participation": ["mode": "not-stated"],
            "qualityAssurance": ["type": "none-stated"],
            "provenance": ["format": .string(ELMO.format), "sha256": .string(sha256), "proof": "none"],
        ]
        return try JSONValueDecoder().decode(CredentialSpec.self, from: members, at: JSONPointer(path))
    }

    /// Reports the Annex I elements ELMO has no place for, which `makeSpec` fills in as "not stated".
    private mutating func noteUnstated() {
        for (field, detail) in [
            ("learningOutcomes", "ELMO states no learning outcomes; a \"not stated\" text stands in"),
            ("assessment", "ELMO states no assessment type; recorded as not-stated"),
            ("participation", "ELMO states no mode of participation; recorded as not-stated"),
            ("qualityAssurance", "ELMO states no quality assurance; recorded as none-stated"),
        ] {
            ELMOValues.note(&report, field, .unknown, detail)
        }
    }

    /// Reports every child of `element` not in `handled` as lost.
    private mutating func noteRest(of element: ELMOElement, handled: Set<String>, in parent: String) {
        for name in element.unhandled(handled) {
            ELMOValues.note(&report, "\(parent)/\(name)", .lost, "the canonical model has no place for it")
        }
    }
}
