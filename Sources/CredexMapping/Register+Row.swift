import CredexCore
import CredexJSON
import Foundation

/// Builds the canonical spec JSON of one register row by its profile, noting every element the
/// register does not state (never guessed) and every column it does not carry. Problems with values
/// are collected for the whole row, by column, before the row is refused.
struct RegisterRowDecoding {
    typealias Field = RegisterProfile.Field
    let profile: RegisterProfile
    let values: [String: String]
    private(set) var status: String?
    private var entries: [MappingReport.Entry] = []
    private var problems: [String] = []
    private var notes: [String] = []

    init(profile: RegisterProfile, values: [String: String]) {
        self.profile = profile
        self.values = values
    }

    /// The spec of the row, decoded and validated.
    /// - Throws: `CredexError` naming every column whose value does not fit.
    mutating func spec() throws -> CredentialSpec {
        for column in profile.columns where column.required == true && text(column) == nil {
            problems.append("column \"\(column.header)\" is required but empty")
        }
        var spec: [String: JSONValue] = ["type": .string(CredentialSpec.bodyType)]
        spec["title"] = language(value(.title)?.text ?? "")
        if let description = value(.description) { spec["description"] = language(description.text) }
        if let type = value(.credentialType)?.text ?? profile.constants.credentialType {
            spec["credentialType"] = .string(type)
        }
        spec["awardingBodies"] = [awardingBody()]
        let outcomes = profile.columns.filter { $0.field == .learningOutcome }.compactMap(text)
        spec["learningOutcomes"] = .array(outcomes.map { ["text": language($0)] })
        if outcomes.isEmpty {
            spec["learningOutcomes"] = [["text": ["en": "Learning outcomes not stated in the source."]]]
            unknown("learningOutcomes", "the register states no learning outcomes")
        }
        spec["workload"] = workload()
        if let level = value(.level) {
            let framework = value(.levelFramework)?.text ?? profile.constants.levelFramework ?? ""
            if framework.isEmpty { problems.append("column \"\(level.column.header)\" has a level but no framework") }
            spec["levels"] = [["framework": .string(framework), "level": .string(level.text)]]
        }
        spec["assessment"] = ["type": "not-stated"]
        unknown("assessment", "the register states no type of assessment")
        spec["participation"] = ["mode": .string(mode())]
        if let quality = profile.constants.qualityAssurance {
            spec["qualityAssurance"] = try JSONValueEncoder().encode(quality)
        } else {
            spec["qualityAssurance"] = ["type": "none-stated"]
            unknown("qualityAssurance", "the register states no type of quality assurance")
        }
        if let url = value(.url) {
            if url.text.hasPrefix("https://") || url.text.hasPrefix("http://") {
                spec["url"] = .string(url.text)
            } else {
                problems.append("column \"\(url.column.header)\" is not an http(s) address")
            }
        }
        let identifiers = profile.columns.filter { $0.field == .identifier }.compactMap { column in
            text(column).map { JSONValue.object(["scheme": .string(column.scheme ?? ""), "value": .string($0)]) }
        }
        if !identifiers.isEmpty { spec["identifiers"] = .array(identifiers) }
        if let approved = date(.approvedOn) { spec["approvedOn"] = .string(approved) }
        if let review = date(.reviewDue) { spec["reviewDue"] = .string(review) }
        status = value(.status)?.text
        for column in profile.columns {
            guard let text = text(column) else { continue }
            if column.field == .note || column.field == .status { notes.append("\(column.header): \(text)") }
            if column.field == .ignored {
                entries.append(.init(field: column.header, outcome: .lost, detail: "column not carried"))
            }
        }
        if !notes.isEmpty { spec["furtherInformation"] = language(([profile.name] + notes).joined(separator: ". ")) }
        guard problems.isEmpty else { throw CredexError(.invalidField, problems.joined(separator: "; ")) }
        let decoded = try JSONValueDecoder().decode(CredentialSpec.self, from: .object(spec))
        try decoded.validate()
        return decoded
    }

    /// The row's report: what it did not state, then the crosswalks' EQF levels, hours and ECTS, at the
    /// register's stated rate where it gives one (`Crosswalks.conversionEntries(of:)`).
    func report(of spec: CredentialSpec, crosswalks: Crosswalks) -> MappingReport {
        var report = MappingReport(format: "register:\(profile.id)", entries: entries)
        crosswalks.record(crosswalks.conversionEntries(of: spec), in: &report)
        return report
    }

    private func text(_ column: RegisterProfile.Column) -> String? {
        let text = values[column.header]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? nil : text
    }

    /// The filled value of the first column for `field`.
    private func value(_ field: Field) -> (column: RegisterProfile.Column, text: String)? {
        profile.columns.lazy.filter { $0.field == field }.compactMap { column in text(column).map { (column, $0) } }
            .first
    }

    private func language(_ text: String) -> JSONValue { .object([profile.language: .string(text)]) }

    private mutating func unknown(_ field: String, _ detail: String) {
        entries.append(.init(field: field, outcome: .unknown, detail: detail))
    }

    private mutating func decimal(_ field: Field) -> String? {
        guard let value = value(field) else { return nil }
        guard (try? DecimalString(validating: value.text)) != nil else {
            problems.append("column \"\(value.column.header)\" is not a decimal number such as 5 or 7.5")
            return nil
        }
        return value.text
    }

    private mutating func date(_ field: Field) -> String? {
        guard let value = value(field) else { return nil }
        let format = value.column.dateFormat ?? .iso
        guard let date = format.date(value.text) else {
            problems.append("column \"\(value.column.header)\" is not a date written \(format.rawValue)")
            return nil
        }
        return date.rawValue
    }

    /// The awarding body: its name, a trailing `(code)` as an identifier where the profile names its
    /// scheme, and its country; its id is made from the register, which gives no web address.
    private mutating func awardingBody() -> JSONValue {
        guard let body = value(.awardingBody) else {
            unknown("awardingBodies", "the register names no awarding body")
            let id = JSONValue.string("urn:register:\(profile.id):not-stated")
            return ["id": id, "name": ["und": "not stated"], "country": "ZZ"]
        }
        var name = body.text
        var code: String?
        if body.column.scheme != nil, name.hasSuffix(")"), let open = name.range(of: " (", options: .backwards) {
            code = String(name[open.upperBound...].dropLast())
            name = String(name[..<open.lowerBound])
        }
        let slug = name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
        var result: [String: JSONValue] = ["id": .string("urn:register:\(profile.id):\(code ?? slug)")]
        result["name"] = language(name)
        if let code, let scheme = body.column.scheme {
            result["identifiers"] = [["scheme": .string(scheme), "value": .string(code)]]
        }
        let country = value(.country)?.text ?? profile.constants.country
        if let country, (try? CountryCode(validating: country)) != nil {
            result["country"] = .string(country)
        } else if let column = value(.country)?.column {
            problems.append("column \"\(column.header)\" is not an ISO 3166-1 alpha-2 country code")
        } else {
            result["country"] = "ZZ"
            unknown("awardingBodies.country", "the register states no country (ZZ)")
        }
        unknown("awardingBodies.id", "the register gives no web address for \(name); its id is made from the register")
        return .object(result)
    }

    private mutating func workload() -> JSONValue {
        var workload: [String: JSONValue] = [:]
        if let credits = decimal(.credits), let column = value(.credits)?.column {
            let system = value(.creditSystem)?.text ?? profile.constants.creditSystem ?? ""
            if system.isEmpty { problems.append("column \"\(column.header)\" has credits but no credit system") }
            workload["credits"] = [["system": .string(system), "value": .string(credits)]]
        }
        if let hours = decimal(.hours) { workload["hours"] = .string(hours) }
        if let weeks = decimal(.durationWeeks), let column = value(.durationWeeks)?.column {
            if weeks.contains(".") {
                problems.append("column \"\(column.header)\" is not a whole number of weeks")
            } else {
                workload["duration"] = .string("P\(weeks)W")
            }
        }
        let constants = profile.constants
        if let rate = constants.hoursPerCredit, let system = constants.creditSystem {
            let source = JSONValue.string(constants.hoursPerCreditSource ?? profile.name)
            workload["creditRates"] = [["system": .string(system), "hours": .string(rate), "source": source]]
        }
        if workload["credits"] == nil, workload["hours"] == nil, workload["note"] == nil {
            workload["note"] = ["en": "The register states no workload."]
            unknown("workload", "the register states no credits or hours")
        }
        return .object(workload)
    }

    private mutating func mode() -> String {
        guard let mode = value(.mode) else {
            unknown("participation", "the register states no form of participation")
            return "not-stated"
        }
        let known = ["online", "onsite", "blended"]
        guard known.contains(mode.text.lowercased()) else {
            problems.append("column \"\(mode.column.header)\" is not one of \(known.joined(separator: ", "))")
            return "not-stated"
        }
        return mode.text.lowercased()
    }
}
