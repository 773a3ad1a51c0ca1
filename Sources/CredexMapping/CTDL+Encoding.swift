import CredexCore
import CredexJSON

extension CTDL {
    /// A CTDL `@graph`: the awarding bodies as `ceterms:CredentialOrganization` nodes and the
    /// credential, typed from the spec's credential type (`ceterms:MicroCredential` when none).
    /// Learning outcomes, assessment and non-EQF levels have no CTDL place here: the report says so.
    public static func encode(
        _ spec: CredentialSpec,
        id: String = "urn:credex:spec"
    ) throws -> (
        document: JSONValue, report: MappingReport
    ) {
        let encoder = JSONValueEncoder()
        var report = MappingReport(format: format)
        var organisations: [JSONValue] = []
        for body in spec.awardingBodies {
            var organisation: [String: JSONValue] = [
                "@id": .string(body.id), "@type": "ceterms:CredentialOrganization",
                "ceterms:name": try encoder.encode(body.name),
            ]
            if body.country.rawValue != "ZZ" {
                organisation["ceterms:address"] = [
                    ["@type": "ceterms:Place", "ceterms:addressCountry": .string(body.country.rawValue)]
                ]
            }
            organisations.append(.object(organisation))
        }
        let type = spec.credentialType.flatMap { CTDLDecoding.classes[$0] } ?? "MicroCredential"
        if let other = spec.credentialType, CTDLDecoding.classes[other] == nil {
            report.add(
                .init(
                    field: "credentialType",
                    outcome: .converted,
                    detail: "\(other) written as ceterms:MicroCredential"
                )
            )
        }
        var credential: [String: JSONValue] = [
            "@id": .string(id), "@type": .string("ceterms:\(type)"), "ceterms:name": try encoder.encode(spec.title),
            "ceterms:ownedBy": .array(spec.awardingBodies.map { .string($0.id) }),
        ]
        if let description = spec.description { credential["ceterms:description"] = try encoder.encode(description) }
        if let credits = spec.workload.credits {
            credential["ceterms:creditValue"] = .array(credits.map { credit in creditValue(credit, &report) })
        }
        if let hours = spec.workload.hours {
            report.add(
                .init(
                    field: "workload.hours",
                    outcome: .lost,
                    detail: "\(hours) notional hours: CTDL credentials carry durations"
                )
            )
        }
        for rate in spec.workload.creditRates ?? [] {
            report.add(
                .init(
                    field: "workload.creditRates",
                    outcome: .lost,
                    detail: "1 \(rate.system) = \(rate.hours) h: no CTDL field"
                )
            )
        }
        if let weekly = spec.workload.weeklyRate {
            report.add(
                .init(field: "workload.weeklyRate", outcome: .lost, detail: "\(weekly.hours) h a week: no CTDL field")
            )
        }
        if let duration = spec.workload.duration {
            credential["ceterms:estimatedDuration"] = [
                ["@type": "ceterms:DurationProfile", "ceterms:exactDuration": .string(duration)]
            ]
        }
        var atLevel: [JSONValue] = []
        for level in spec.levels ?? [] {
            if level.framework == "EQF" {
                atLevel.append(.string("http://data.europa.eu/snb/eqf/\(level.level)"))
            } else {
                report.add(
                    .init(
                        field: "levels",
                        outcome: .lost,
                        detail: "\(level.framework) \(level.level) has no CTDL level URI here"
                    )
                )
            }
        }
        if !atLevel.isEmpty { credential["ceterms:atLevel"] = .array(atLevel) }
        if let mode = CTDLDecoding.deliveryTypes.first(where: { $0.value == spec.participation.mode.rawValue })?.key {
            credential["ceterms:deliveryType"] = [
                ["@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNode": .string(mode)]
            ]
        }
        if let url = spec.url { credential["ceterms:subjectWebpage"] = .string(url) }
        if let parts = spec.isPartOf { credential["ceterms:isPartOf"] = .array(parts.map(JSONValue.string)) }
        if let languages = spec.languages { credential["ceterms:inLanguage"] = .array(languages.map(JSONValue.string)) }
        if let ctid = spec.identifiers?.first(where: { $0.scheme == "ctid" }) {
            credential["ceterms:ctid"] = .string(ctid.value)
        }
        report.add(
            .init(
                field: "learningOutcomes",
                outcome: .lost,
                detail: "not carried: CTDL states competencies in separate frameworks"
            )
        )
        report.add(
            .init(field: "assessment", outcome: .lost, detail: "\(spec.assessment.type): no CTDL credential field")
        )
        report.add(
            .init(
                field: "qualityAssurance",
                outcome: .lost,
                detail: "\(spec.qualityAssurance.type): no CTDL credential field"
            )
        )
        return (["@context": .string(context), "@graph": .array(organisations + [.object(credential)])], report)
    }

    private static func creditValue(_ credit: Credit, _ report: inout MappingReport) -> JSONValue {
        var value: [String: JSONValue] = [
            "@type": "schema:QuantitativeValue", "schema:value": .number(Double(credit.value.rawValue) ?? 0),
        ]
        if let unit = CTDLDecoding.creditUnits.first(where: { $0.system == credit.system })?.concept {
            value["ceterms:creditUnitType"] = [
                "@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNode": .string(unit),
            ]
        } else if CTDLDecoding.describedSystems.contains(credit.system) {
            value["ceterms:creditUnitTypeDescription"] = ["en": .string(credit.system)]
        } else {
            report.add(
                .init(
                    field: "workload.credits",
                    outcome: .lost,
                    detail: "\(credit.system) has no CTDL credit unit: value sent unit-less"
                )
            )
        }
        return .object(value)
    }
}
