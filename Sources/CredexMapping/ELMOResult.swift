import CredexCore

/// What one `learningOpportunityInstance` says: the learner's result and the credits and levels
/// of the learning opportunity, read strictly.
struct ELMOResult {
    var passed = true
    var start: CalendarDate?
    var end: CalendarDate?
    var grade: String?
    var gradingScheme: String?
    var credits: [Credit] = []
    var levels: [Level] = []
    var language: String?

    init(_ element: ELMOElement, at path: [String], report: inout MappingReport) throws {
        start = try element.child("start").map { try ELMOValues.date($0.text, at: path + ["start"]) }
        end = try element.child("date").map { try ELMOValues.date($0.text, at: path + ["date"]) }
        if let status = element.child("status").map({ ELMOValues.token($0.text) }) {
            guard ["passed", "failed", "in-progress"].contains(status) else {
                throw CredexError(
                    .invalidField,
                    "status is not passed, failed or in-progress",
                    pointer: .init(path + ["status"])
                )
            }
            passed = status == "passed"
        }
        grade = element.token("resultLabel")
        gradingScheme = element.child("gradingSchemeLocalId").map { ELMOValues.token($0.text) }
        for (index, credit) in element.children("credit").enumerated() {
            let creditPath = path + ["credit", "\(index)"]
            let scheme = ELMOValues.token(credit.child("scheme")?.text ?? "")
            guard !scheme.isEmpty else {
                throw CredexError(.missingField, "a credit has no scheme", pointer: .init(creditPath + ["scheme"]))
            }
            guard let value = credit.child("value") else {
                ELMOValues.note(&report, "workload.credits", .unknown, "a credit without a value is skipped")
                continue
            }
            let figure = try ELMOValues.decimal(value.text, at: creditPath + ["value"])
            credits.append(Credit(system: scheme.lowercased() == "ects" ? "ECTS" : scheme, value: figure))
            if credit.child("level") != nil {
                ELMOValues.note(&report, "credit/level", .lost, "the deprecated credit level is dropped")
            }
        }
        for (index, level) in element.children("level").enumerated() {
            let type = ELMOValues.token(level.child("type")?.text ?? "")
            guard !type.isEmpty else {
                throw CredexError(
                    .missingField,
                    "a level has no type",
                    pointer: .init(path + ["level", "\(index)", "type"])
                )
            }
            guard let value = level.child("value").map({ ELMOValues.token($0.text) }), !value.isEmpty else {
                ELMOValues.note(&report, "levels", .unknown, "a level without a value is skipped")
                continue
            }
            levels.append(Level(framework: type, level: value))
            if level.child("description") != nil {
                ELMOValues.note(&report, "level/description", .lost, "a level's description is dropped")
            }
        }
        if let tag = element.child("languageOfInstruction") {
            let language = try ELMOValues.languageTag(tag.text, at: path + ["languageOfInstruction"])
            self.language = language == ELMOValues.undetermined ? nil : language
        }
        if let hours = element.child("engagementHours") {
            _ = try ELMOValues.decimal(hours.text, at: path + ["engagementHours"])
            ELMOValues.note(
                &report,
                "workload.hours",
                .lost,
                "engagementHours are contact hours, not notional workload"
            )
        }
        let handled: Set = [
            "start", "date", "status", "resultLabel", "gradingSchemeLocalId", "credit", "level",
            "languageOfInstruction",
            "engagementHours",
        ]
        for name in element.unhandled(handled) {
            ELMOValues.note(
                &report,
                "learningOpportunityInstance/\(name)",
                .lost,
                "the canonical model has no place for it"
            )
        }
    }
}
