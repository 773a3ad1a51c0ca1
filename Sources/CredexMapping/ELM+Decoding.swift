import CredexCore
import CredexJSON

/// Builds the canonical spec JSON of one ELM claim and its specification, noting in the report
/// every Annex I element the credential does not state (never guessed) and every member left behind.
struct ELMDecoding {
    let credential: JSONValue
    let claim: JSONValue
    let crosswalks: Crosswalks
    var specification: JSONValue { ELMNode.list(claim["specifiedBy"]).first ?? claim }

    /// The specification members this decoder reads; any other is reported lost.
    static let read: Set<String> = [
        "id", "type", "title", "description", "learningOutcome", "creditPoint", "volumeOfLearning", "eqfLevel",
        "nqfLevel", "mode", "maximumDuration", "entryRequirement", "isPartialQualification", "additionalNote",
        "homepage", "language", "identifier", "isPartOf", "hasPart", "accreditation", "provenBy", "dcType",
    ]

    /// The credential members read for the spec or reported on their own.
    static let readOnCredential: Set<String> = [
        "@context", "id", "type", "credentialSubject", "issuer", "issued", "issuanceDate", "validFrom",
        "credentialSchema",
    ]

    func canonical(report: inout MappingReport) throws -> JSONValue {
        let spec = specification
        var out: [String: JSONValue] = ["type": .string(CredentialSpec.bodyType)]
        out["title"] = languageMap(spec["title"] ?? claim["title"], "title", &report)
        out["description"] = languageMap(spec["description"], "description", &report)
        out["awardingBodies"] = .array(awardingBodies(&report))
        out["learningOutcomes"] = .array(learningOutcomes(&report))
        out["workload"] = try workload(&report)
        out["levels"] = levels(&report)
        out.merge(assessment(&report)) { $1 }
        out["participation"] = participation(&report)
        out["qualityAssurance"] = qualityAssurance(&report)
        out["prerequisites"] = note(spec["entryRequirement"], "prerequisites", &report)
        out["furtherInformation"] = note(spec["additionalNote"], "furtherInformation", &report)
        if let partial = spec["isPartialQualification"]?.boolValue {
            out["stackability"] = ["en": .string(partial ? ELMNode.partial : ELMNode.notPartial)]
        }
        for key in ["isPartOf", "hasPart"] {
            let ids = ELMNode.list(spec[key]).compactMap { $0.stringValue ?? $0["id"]?.stringValue }
            if !ids.isEmpty { out[key] = .array(ids.map(JSONValue.string)) }
        }
        out["url"] = ELMNode.list(spec["homepage"]).first?["contentURL"]
        out["credentialType"] = credentialType(&report)
        let tags = ELMNode.list(spec["language"]).compactMap { ELMNode.code($0) }
            .compactMap { ELMNode.languages[$0] ?? ($0.count == 2 ? $0.lowercased() : nil) }
        if !tags.isEmpty { out["languages"] = .array(tags.map(JSONValue.string)) }
        let identifiers = ELMNode.list(spec["identifier"]).compactMap(Self.identifier)
        if !identifiers.isEmpty { out["identifiers"] = .array(identifiers) }
        awardSide(&report)
        let rest = spec.objectValue?.keys.filter { !Self.read.contains($0) }.sorted() ?? []
        if !rest.isEmpty {
            report.add(.init(field: "spec", outcome: .lost, detail: "not carried: \(rest.joined(separator: ", "))"))
        }
        return .object(out.compactMapValues { $0 })
    }

    /// The type Credex wrote as a local concept; an EU learning-opportunity type is not carried.
    func credentialType(_ report: inout MappingReport) -> JSONValue? {
        guard let concept = ELMNode.list(specification["dcType"]).first else { return nil }
        let id = concept["id"]?.stringValue ?? ""
        if id.hasPrefix(ELMNode.credentialType) { return .string(String(id.dropFirst(ELMNode.credentialType.count))) }
        let label = concept["prefLabel"]?["en"].flatMap { ELMNode.strings($0).first } ?? id
        report.add(.init(field: "credentialType", outcome: .lost, detail: "dcType \(label) is not carried"))
        return nil
    }

    /// An ELM language map (`{"en": "…"}`, `{"en": ["…"]}`, or `@language`/`@value` objects) as a
    /// canonical one; a bare string has no stated language (`und`).
    func languageMap(_ value: JSONValue?, _ field: String, _ report: inout MappingReport) -> JSONValue? {
        guard let value else { return nil }
        var map: [String: JSONValue] = [:]
        if let text = value.stringValue {
            report.add(
                .init(field: field, outcome: .unknown, detail: "the language of \"\(text)\" is not stated (und)")
            )
            map["und"] = .string(text)
        }
        for entry in value.arrayValue ?? [] {
            if let tag = entry["@language"]?.stringValue, let text = entry["@value"]?.stringValue {
                map[tag] = .string(text)
            }
        }
        for (tag, text) in value.objectValue ?? [:] {
            if let text = ELMNode.strings(text).first { map[tag] = .string(text) }
        }
        return map.isEmpty ? nil : .object(map)
    }

    /// The `noteLiteral` of the first Note.
    func note(_ value: JSONValue?, _ field: String, _ report: inout MappingReport) -> JSONValue? {
        languageMap(ELMNode.list(value).first?["noteLiteral"], field, &report)
    }

    static func identifier(_ node: JSONValue) -> JSONValue? {
        guard let value = node["notation"]?.stringValue else { return nil }
        return ["scheme": .string(node["schemeName"]?.stringValue ?? "identifier"), "value": .string(value)]
    }

    func awardingBodies(_ report: inout MappingReport) -> [JSONValue] {
        let process = ELMNode.list(claim["awardedBy"]).first
        var bodies: [JSONValue] = []
        for body in ELMNode.list(process?["awardingBody"]) {
            let organisation = body.objectValue == nil ? credential["issuer"] : body
            let id = body.stringValue ?? body["id"]?.stringValue ?? "urn:elm:unnamed-organisation"
            var out: [String: JSONValue] = ["id": .string(id)]
            out["name"] =
                languageMap(organisation?["legalName"] ?? organisation?["prefLabel"], "awardingBodies.name", &report)
                ?? ["und": .string(id)]
            let alpha3 = ELMNode.code(ELMNode.list(organisation?["location"]).first?["address"]?["countryCode"])
            if let alpha3, let country = ELMNode.countries[alpha3] {
                out["country"] = .string(country)
            } else {
                out["country"] = "ZZ"
                report.add(
                    .init(field: "awardingBodies.country", outcome: .unknown, detail: "no known country for \(id) (ZZ)")
                )
            }
            // An eIDAS identifier that repeats the organisation's id stands in for a missing one.
            var identifiers = ELMNode.list(organisation?["identifier"]).compactMap(Self.identifier)
            for (key, scheme) in [
                ("registration", "registration"), ("vatIdentifier", "vat"), ("eIDASIdentifier", "eidas"),
            ] {
                for node in ELMNode.list(organisation?[key]) {
                    guard let value = node["notation"]?.stringValue, value != id else { continue }
                    let identifier: JSONValue = ["scheme": .string(scheme), "value": .string(value)]
                    if !identifiers.contains(identifier) { identifiers.append(identifier) }
                }
            }
            if !identifiers.isEmpty { out["identifiers"] = .array(identifiers) }
            bodies.append(.object(out))
        }
        if bodies.isEmpty {
            report.add(.init(field: "awardingBodies", outcome: .unknown, detail: "the claim names no awarding body"))
            bodies = [["id": "urn:elm:unnamed-organisation", "name": ["und": "not stated"], "country": "ZZ"]]
        } else {
            report.add(
                .init(
                    field: "awardingBodies",
                    outcome: .lost,
                    detail: "not carried: an organisation's address, homepage, logo, contact point and group"
                )
            )
        }
        return bodies
    }

    func learningOutcomes(_ report: inout MappingReport) -> [JSONValue] {
        var outcomes: [JSONValue] = []
        for outcome in ELMNode.list(specification["learningOutcome"]) {
            let skills = ELMNode.list(outcome["relatedESCOSkill"])
            guard
                let text = languageMap(outcome["title"], "learningOutcomes", &report)
                    ?? languageMap(skills.first?["prefLabel"], "learningOutcomes", &report)
            else { continue }
            var out: [String: JSONValue] = ["text": text]
            if let uri = skills.first?["id"]?.stringValue {
                out["framework"] = "ESCO"
                out["uri"] = .string(uri)
            }
            let others =
                skills.dropFirst().compactMap { $0["id"]?.stringValue }
                + ELMNode.list(outcome["relatedSkill"]).compactMap { $0["id"]?.stringValue }
            if !others.isEmpty {
                report.add(
                    .init(
                        field: "learningOutcomes.uri",
                        outcome: .lost,
                        detail: "one skill per outcome is carried; not: \(others.joined(separator: ", "))"
                    )
                )
            }
            outcomes.append(.object(out))
        }
        if outcomes.isEmpty {
            report.add(.init(field: "learningOutcomes", outcome: .unknown, detail: "the specification states none"))
            return [["text": ["en": "Learning outcomes not stated in the source."]]]
        }
        return outcomes
    }
}
