import CredexCore
import CredexJSON

/// Workload, levels, participation and quality assurance of a CTDL credential.
extension CTDLDecoding {
    /// - Throws: `CredexError` when a credit value is not a number from 0 to 1,000,000: a wrong
    ///   credit is refused, never dropped.
    func workload(_ report: inout MappingReport) throws -> JSONValue {
        var workload: [String: JSONValue] = [:]
        var credits: [JSONValue] = []
        for (index, value) in (node["ceterms:creditValue"]?.arrayValue ?? []).enumerated() {
            guard
                let amount = value["schema:value"]?.doubleValue
                    ?? value["schema:value"]?.stringValue.flatMap(Double.init),
                amount >= 0, amount <= 1_000_000
            else {
                throw CredexError(
                    .invalidField,
                    "a CTDL credit value is not a number from 0 to 1,000,000",
                    pointer: JSONPointer(["ceterms:creditValue", "\(index)", "schema:value"])
                )
            }
            let unit =
                value["ceterms:creditUnitType"]?["ceterms:targetNode"]?.stringValue
                ?? value["ceterms:creditUnitType"]?.arrayValue?.first?["ceterms:targetNode"]?.stringValue
            let described =
                value["ceterms:creditUnitTypeDescription"]?.objectValue?.values.first?.stringValue
                ?? value["ceterms:creditUnitTypeDescription"]?.stringValue
            let system =
                Self.creditUnits.first { $0.concept == unit }?.system
                ?? described.flatMap { Self.describedSystems.contains($0) ? $0 : nil } ?? "unit-less"
            if system == "unit-less" {
                report.add(
                    .init(
                        field: "workload.credits",
                        outcome: .unknown,
                        detail:
                            "\(JCS.format(amount)) credits in \(unit ?? "no stated unit"): kept unit-less, not converted"
                    )
                )
            }
            credits.append(["system": .string(system), "value": .string(JCS.format(amount))])
        }
        if !credits.isEmpty { workload["credits"] = .array(credits) }
        if let duration = node["ceterms:estimatedDuration"]?.arrayValue?.first?["ceterms:exactDuration"]?.stringValue {
            workload["duration"] = .string(duration)
        }
        if credits.isEmpty {
            workload["note"] = ["en": "The source states no credits or hours."]
            report.add(.init(field: "workload", outcome: .unknown, detail: "no creditValue in the CTDL credential"))
        }
        return .object(workload)
    }

    /// EQF levels from `ceterms:atLevel` EQF URIs; an audience level is not a framework level.
    func levels(_ report: inout MappingReport) -> JSONValue? {
        var levels: [JSONValue] = []
        for level in node["ceterms:atLevel"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if level.hasPrefix("http://data.europa.eu/snb/eqf/"), let number = level.split(separator: "/").last {
                levels.append(["framework": "EQF", "level": .string(String(number))])
            } else {
                report.add(
                    .init(
                        field: "levels",
                        outcome: .lost,
                        detail: "atLevel \(level) is not a framework level Credex reads"
                    )
                )
            }
        }
        for audience in node["ceterms:audienceLevelType"]?.arrayValue ?? [] {
            let name = audience["ceterms:targetNode"]?.stringValue ?? "an audience level"
            report.add(
                .init(
                    field: "levels",
                    outcome: .lost,
                    detail: "\(name) is an audience level, not a qualifications-framework level"
                )
            )
        }
        if levels.isEmpty {
            report.add(.init(field: "levels", outcome: .unknown, detail: "no EQF or national framework level stated"))
            return nil
        }
        return .array(levels)
    }

    func participation(_ report: inout MappingReport) -> JSONValue {
        let delivery = node["ceterms:deliveryType"]?.arrayValue?.first?["ceterms:targetNode"]?.stringValue
        guard let mode = delivery.flatMap({ Self.deliveryTypes[$0] }) else {
            report.add(.init(field: "participation", outcome: .unknown, detail: "no deliveryType stated"))
            return ["mode": "not-stated"]
        }
        return ["mode": .string(mode)]
    }

    /// A recognising, accrediting or approving QA organisation makes the assurance external.
    func qualityAssurance(_ report: inout MappingReport) -> JSONValue {
        for key in ["ceterms:accreditedBy", "ceterms:approvedBy", "ceterms:recognizedBy"] {
            guard let reference = node[key]?.arrayValue?.first,
                let body = graph.resolve(reference) ?? Optional(reference)
            else { continue }
            var assurance: [String: JSONValue] = ["type": "external"]
            if let name = body["ceterms:name"]?.objectValue?.values.first?.stringValue ?? reference.stringValue {
                assurance["body"] = .string(name)
            }
            report.add(
                .init(
                    field: "qualityAssurance",
                    outcome: .converted,
                    detail: "\(key) read as external quality assurance"
                )
            )
            return .object(assurance)
        }
        report.add(
            .init(field: "qualityAssurance", outcome: .unknown, detail: "no accrediting or approving body stated")
        )
        return ["type": "none-stated"]
    }
}
