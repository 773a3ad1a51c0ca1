import CredexCore
import CredexJSON

/// Builds the canonical spec JSON of one CTDL credential node, noting in the report every element
/// CTDL does not state (never guessed) and every conversion.
struct CTDLDecoding {
    let node: JSONValue
    let graph: CTDLGraph

    /// CTDL credential classes and the canonical credential type they become.
    static let credentialTypes: [String: String] = [
        "MicroCredential": "micro-credential", "Certificate": "certificate", "CertificateOfCompletion": "certificate",
        "Certification": "certification", "Badge": "badge", "DigitalBadge": "badge", "OpenBadge": "badge",
        "Diploma": "diploma", "BachelorDegree": "degree", "MasterDegree": "degree", "AssociateDegree": "degree",
        "DoctoralDegree": "degree", "Degree": "degree",
    ]

    /// The CTDL class each canonical credential type is written as.
    static let classes: [String: String] = [
        "micro-credential": "MicroCredential", "certificate": "Certificate", "certification": "Certification",
        "badge": "Badge", "diploma": "Diploma", "degree": "Degree",
    ]

    /// CTDL credit units (`creditUnit:` concepts) and the canonical credit system each is. CTDL has
    /// no concept for ECTS credits: they travel as `creditUnitTypeDescription` "ECTS".
    static let creditUnits: [(concept: String, system: String)] = [
        ("creditUnit:SemesterHour", "US-semester-credit-hour"), ("creditUnit:QuarterHour", "US-quarter-credit-hour"),
        ("creditUnit:ContinuingEducationUnit", "CEU"), ("creditUnit:ClockHour", "hour"),
    ]
    /// Credit systems written by name in `creditUnitTypeDescription`.
    static let describedSystems: Set<String> = ["ECTS"]

    static let deliveryTypes: [String: String] = [
        "deliveryType:OnlineOnly": "online", "deliveryType:InPersonOnly": "onsite",
        "deliveryType:BlendedDelivery": "blended",
    ]

    mutating func canonical(report: inout MappingReport) throws -> JSONValue {
        var spec: [String: JSONValue] = ["type": .string(CredentialSpec.bodyType)]
        spec["title"] = languageMap(node["ceterms:name"], "title", &report)
        if let description = node["ceterms:description"] {
            spec["description"] = languageMap(description, "description", &report)
        }
        spec["credentialType"] = .string(credentialType(&report))
        spec["awardingBodies"] = .array(awardingBodies(&report))
        spec["learningOutcomes"] = [["text": ["en": "Learning outcomes not stated in the source."]]]
        report.add(
            .init(field: "learningOutcomes", outcome: .unknown, detail: "CTDL credential states no learning outcomes")
        )
        spec["workload"] = try workload(&report)
        if let levels = levels(&report) { spec["levels"] = levels }
        spec["assessment"] = ["type": "not-stated"]
        report.add(
            .init(field: "assessment", outcome: .unknown, detail: "CTDL credential states no type of assessment")
        )
        spec["participation"] = participation(&report)
        spec["qualityAssurance"] = qualityAssurance(&report)
        if let url = node["ceterms:subjectWebpage"]?.stringValue { spec["url"] = .string(url) }
        if let parts = node["ceterms:isPartOf"]?.arrayValue?.compactMap(\.stringValue), !parts.isEmpty {
            spec["isPartOf"] = .array(parts.map(JSONValue.string))
        }
        if let languages = node["ceterms:inLanguage"]?.arrayValue?.compactMap(\.stringValue), !languages.isEmpty {
            spec["languages"] = .array(languages.map(JSONValue.string))
        }
        if let ctid = node["ceterms:ctid"]?.stringValue {
            spec["identifiers"] = [["scheme": "ctid", "value": .string(ctid)]]
        }
        return .object(spec)
    }

    /// A CTDL language map (`en-US`, or the registry's `en:us`) or a plain string (language `und`).
    func languageMap(_ value: JSONValue?, _ field: String, _ report: inout MappingReport) -> JSONValue {
        if let text = value?.stringValue {
            report.add(
                .init(field: field, outcome: .unknown, detail: "the language of \"\(text)\" is not stated (und)")
            )
            return ["und": .string(text)]
        }
        var map: [String: JSONValue] = [:]
        for (tag, text) in value?.objectValue ?? [:] {
            if let text = text.stringValue { map[tag.replacingOccurrences(of: ":", with: "-")] = .string(text) }
        }
        return .object(map)
    }

    func credentialType(_ report: inout MappingReport) -> String {
        let type = CTDLGraph.type(of: node) ?? ""
        let local = String(type.dropFirst("ceterms:".count))
        if let known = Self.credentialTypes[local] { return known }
        let token = local.reduce(into: "") { result, char in
            if char.isUppercase, !result.isEmpty { result.append("-") }
            result.append(Character(char.lowercased()))
        }
        report.add(.init(field: "credentialType", outcome: .converted, detail: "\(type) kept as \(token)"))
        return token
    }

    func awardingBodies(_ report: inout MappingReport) -> [JSONValue] {
        let references = (node["ceterms:ownedBy"]?.arrayValue ?? []) + (node["ceterms:offeredBy"]?.arrayValue ?? [])
        var seen: Set<String> = []
        var bodies: [JSONValue] = []
        for reference in references {
            let id = reference.stringValue ?? reference["@id"]?.stringValue ?? "urn:ctdl:unnamed-organisation"
            guard seen.insert(id).inserted else { continue }
            let organisation = graph.resolve(reference)
            let country = organisation?["ceterms:address"]?.arrayValue?.first?["ceterms:addressCountry"]?.stringValue
            var body: [String: JSONValue] = ["id": .string(id)]
            if let name = organisation?["ceterms:name"] {
                body["name"] = languageMap(name, "awardingBodies.name", &report)
            } else {
                body["name"] = ["und": .string(id)]
                report.add(
                    .init(
                        field: "awardingBodies.name",
                        outcome: .unknown,
                        detail: "\(id) is not described in the document"
                    )
                )
            }
            if let country, country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) {
                body["country"] = .string(country.uppercased())
            } else {
                body["country"] = "ZZ"
                report.add(
                    .init(field: "awardingBodies.country", outcome: .unknown, detail: "no ISO country for \(id) (ZZ)")
                )
            }
            bodies.append(.object(body))
        }
        if bodies.isEmpty {
            report.add(
                .init(field: "awardingBodies", outcome: .unknown, detail: "no ownedBy or offeredBy organisation")
            )
            bodies = [["id": "urn:ctdl:unnamed-organisation", "name": ["und": "not stated"], "country": "ZZ"]]
        }
        return bodies
    }
}
