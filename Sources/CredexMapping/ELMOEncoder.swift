import CredexCore

/// Writes entries as an ELMO v1 document, in the element order the schema requires, and
/// reports every canonical fact the schema has no place for.
struct ELMOEncoder {
    static let types: Set = ["Degree Programme", "Module", "Course", "Class"]

    var report = MappingReport(format: ELMO.format)
    private var entries: [ELMO.Entry] = []
    private var namedLearner = false

    mutating func encode(_ entries: [ELMO.Entry], generated: ClaimedTime) throws -> [UInt8] {
        for (index, entry) in entries.enumerated() {
            try entry.spec.validate()
            if entry.parent.map({ $0 < 0 || $0 >= index }) ?? false {
                throw CredexError(.invalidField, "entry \(index) is part of an entry that does not come before it")
            }
        }
        guard !entries.isEmpty else { throw CredexError(.missingField, "an ELMO document needs at least one entry") }
        self.entries = entries
        let learners = entries.compactMap(\.award?.learner)
        let learner = learners.first
        guard
            learners.allSatisfy({
                $0.names == learner?.names && $0.birthDate == learner?.birthDate
                    && $0.identifiers == learner?.identifiers
            })
        else { throw CredexError(.invalidField, "an ELMO document describes one learner, and the awards name several") }
        namedLearner = learner != nil
        var writer = ELMOWriter()
        try writer.element("elmo", ["xmlns": ELMO.namespace]) { xml in
            try xml.element("generatedDate", text: generated.rawValue)
            try writeLearner(learner, &xml)
            var group: [Int] = []
            for index in entries.indices where entries[index].parent == nil {
                if let first = group.first, reportKey(first) != reportKey(index) {
                    try writeReport(group, generated: generated, &xml)
                    group = []
                }
                group.append(index)
            }
            try writeReport(group, generated: generated, &xml)
        }
        return Array(writer.text.utf8)
    }

    private func reportKey(_ index: Int) -> [String] {
        let body = entries[index].spec.awardingBodies[0]
        return [body.id, body.country.rawValue, entries[index].award?.issuedOn.rawValue ?? ""]
    }

    private mutating func writeLearner(_ learner: LearnerDetails?, _ xml: inout ELMOWriter) throws {
        if learner == nil { note("award", .unknown, "no award names a learner; the learner's names are written empty") }
        if learner?.names.full != nil { note("names.full", .lost, "ELMO has given and family names only") }
        try xml.element("learner") { xml in
            for id in learner?.identifiers ?? [] { try xml.element("identifier", ["type": id.scheme], text: id.value) }
            try xml.element("givenNames", text: learner?.names.given ?? "")
            try xml.element("familyName", text: learner?.names.family ?? "")
            if let birth = learner?.birthDate { try writeDate("bday", birth, field: "birthDate", &xml) }
        }
    }

    private mutating func writeReport(_ roots: [Int], generated: ClaimedTime, _ xml: inout ELMOWriter) throws {
        let first = entries[roots[0]]
        let body = first.spec.awardingBodies[0]
        var schemes: [LanguageMap] = []
        try xml.element("report") { xml in
            try xml.element("issuer") { xml in
                try xml.element("country", text: body.country.rawValue)
                for id in body.identifiers ?? [] { try xml.element("identifier", ["type": id.scheme], text: id.value) }
                if body.identifiers?.isEmpty ?? true {
                    note("awardingBodies.identifiers", .estimated, "ELMO needs an issuer identifier; the id is written")
                    try xml.element("identifier", ["type": "url"], text: body.id)
                }
                try writeMap("title", body.name, &xml)
                try xml.element("url", text: body.id)
            }
            for root in roots { try writeSpecification(root, schemes: &schemes, &xml) }
            if let issued = first.award?.issuedOn, issued.rawValue.count == 10 {
                try xml.element("issueDate", text: issued.rawValue + "T00:00:00Z")
            } else {
                note("award.issuedOn", .estimated, "without a full date of issue the report is dated when generated")
                try xml.element("issueDate", text: generated.rawValue)
            }
            for (index, scheme) in schemes.enumerated() {
                try xml.element("gradingScheme", ["localId": "g\(index + 1)"]) {
                    try writeMap("description", scheme, &$0)
                }
            }
        }
        if first.spec.awardingBodies.count > 1 { note("awardingBodies", .lost, "ELMO has one issuer per report") }
        if body.region != nil { note("awardingBodies.region", .lost, "ELMO has no issuer region") }
    }

    private mutating func writeSpecification(
        _ index: Int,
        schemes: inout [LanguageMap],
        _ xml: inout ELMOWriter
    )
        throws
    {
        let entry = entries[index]
        let spec = entry.spec
        noteLosses(entry)
        let isced = spec.identifiers?.first { $0.scheme == ELMODecoder.iscedScheme }
        try xml.element("learningOpportunitySpecification") { xml in
            for id in spec.identifiers ?? [] where id.scheme != ELMODecoder.iscedScheme {
                try xml.element("identifier", ["type": id.scheme], text: id.value)
            }
            try writeMap("title", spec.title, &xml)
            if let type = spec.credentialType {
                if Self.types.contains(type) {
                    try xml.element("type", text: type)
                } else {
                    note("credentialType", .lost, "ELMO's type is Degree Programme, Module, Course or Class")
                }
            }
            if let isced { try xml.element("iscedCode", text: isced.value) }
            if let url = spec.url { try xml.element("url", text: url) }
            if let description = spec.description { try writeMap("description", description, &xml) }
            try xml.element("specifies") { xml in
                try xml.element("learningOpportunityInstance") { xml in
                    try writeInstance(entry, schemes: &schemes, &xml)
                }
            }
            for child in entries.indices where entries[child].parent == index {
                try xml.element("hasPart") { try writeSpecification(child, schemes: &schemes, &$0) }
            }
        }
    }

    private mutating func writeInstance(
        _ entry: ELMO.Entry,
        schemes: inout [LanguageMap],
        _ xml: inout ELMOWriter
    )
        throws
    {
        let award = entry.award
        if let start = award?.learner.activityStart { try writeDate("start", start, field: "activityStart", &xml) }
        if let end = award?.learner.activityEnd { try writeDate("date", end, field: "activityEnd", &xml) }
        if award != nil {
            try xml.element("status", text: "passed")
        } else if namedLearner {
            note("award", .estimated, "an entry without an award is written as in progress")
            try xml.element("status", text: "in-progress")
        }
        if let scheme = entry.spec.gradingScheme {
            if !schemes.contains(scheme) { schemes.append(scheme) }
            try xml.element("gradingSchemeLocalId", text: "g\(schemes.firstIndex(of: scheme)! + 1)")
        }
        if let grade = award?.learner.grade { try xml.element("resultLabel", text: grade) }
        let credits = award?.credits ?? entry.spec.workload.credits ?? []
        if award?.credits != nil, entry.spec.workload.credits != nil, award?.credits != entry.spec.workload.credits {
            note("workload.credits", .lost, "ELMO has one set of credits: the awarded credits are written")
        }
        for credit in credits {
            try xml.element("credit") { xml in
                try xml.element("scheme", text: credit.system == "ECTS" ? "ects" : credit.system)
                try xml.element("value", text: credit.value.rawValue)
            }
        }
        for level in entry.spec.levels ?? [] {
            try xml.element("level") { xml in
                try xml.element("type", text: level.framework)
                try xml.element("value", text: level.level)
            }
        }
        if let language = entry.spec.languages?.first { try xml.element("languageOfInstruction", text: language) }
        if (entry.spec.languages?.count ?? 0) > 1 { note("languages", .lost, "ELMO has one language of instruction") }
    }

    /// Reports the canonical facts of `entry` that ELMO cannot carry.
    private mutating func noteLosses(_ entry: ELMO.Entry) {
        let spec = entry.spec
        let unstated = { (text: String) in try? LanguageMap(["en": text]) }
        let losses: [(String, Bool)] = [
            ("learningOutcomes", spec.learningOutcomes.map(\.text) != [unstated(ELMODecoder.noOutcomes)]),
            ("workload.hours", spec.workload.hours != nil), ("workload.duration", spec.workload.duration != nil),
            ("workload.creditRates", spec.workload.creditRates != nil),
            ("workload.weeklyRate", spec.workload.weeklyRate != nil),
            ("workload.note", spec.workload.note.map { $0 != unstated(ELMODecoder.noCredits) } ?? false),
            ("assessment", spec.assessment.type != "not-stated" || spec.assessment.description != nil),
            ("participation", spec.participation.mode != .notStated || spec.participation.pace != nil),
            ("qualityAssurance", spec.qualityAssurance.type != "none-stated" || spec.qualityAssurance.body != nil),
            ("prerequisites", spec.prerequisites != nil), ("identityVerification", spec.identityVerification != nil),
            ("isPartOf", spec.isPartOf != nil), ("hasPart", spec.hasPart != nil),
            ("stackability", spec.stackability != nil), ("furtherInformation", spec.furtherInformation != nil),
            ("approvedOn", spec.approvedOn != nil), ("reviewDue", spec.reviewDue != nil),
            ("provenance", spec.provenance != nil), ("award.validUntil", entry.award?.validUntil != nil),
            ("award.results", entry.award?.learner.results != nil),
        ]
        for (field, lost) in losses where lost { note(field, .lost, "ELMO has no place for it") }
    }

    /// One element per language, `und` without `xml:lang`, in tag order.
    private func writeMap(_ name: String, _ map: LanguageMap, _ xml: inout ELMOWriter) throws {
        for (tag, text) in map.values.sorted(by: { $0.key < $1.key }) {
            if tag == ELMOValues.undetermined {
                try xml.element(name, text: text)
            } else {
                try xml.element(name, ["xml:lang": tag], text: text)
            }
        }
    }

    private mutating func writeDate(
        _ name: String,
        _ date: CalendarDate,
        field: String,
        _ xml: inout ELMOWriter
    )
        throws
    {
        guard date.rawValue.count == 10 else { return note(field, .lost, "ELMO dates need a day, not a month alone") }
        try xml.element(name, text: date.rawValue)
    }

    private mutating func note(_ field: String, _ outcome: MappingReport.Outcome, _ detail: String) {
        ELMOValues.note(&report, field, outcome, detail)
    }
}
