import CredexCore

/// Which mandatory elements of Annex I of the Council Recommendation of 16 June 2022 the inputs carry, by the
/// canonical fields `Schemas/README.md` maps them to.
public struct AnnexICompleteness: Codable, Hashable, Sendable {
    /// One mandatory element.
    public struct Element: Codable, Hashable, Sendable {
        /// The element as Annex I names it.
        public var element: String
        /// The canonical field(s) that carry it.
        public var field: String
        public var present: Bool
        /// What was found, or why the element is missing.
        public var detail: String
    }

    public var elements: [Element]

    /// The elements missing.
    public var missing: [String] { elements.filter { !$0.present }.map(\.element) }
}

extension AnnexICompleteness {
    init(spec: CredentialSpec, award: Award?, personal: PersonalPart?, outcomes: LearningOutcomeFinding) {
        let workload = spec.workload
        let credits = award?.credits ?? workload.credits ?? []
        let learner: (Bool, String) =
            personal != nil
            ? (true, "named in the personal part")
            : award != nil
                ? (false, "the award commits to a learner whose personal part was not supplied")
                : (false, "no award: the report covers the spec alone")
        let rows: [(String, String, Bool, String)] = [
            ("identification of the learner", "personal part", learner.0, learner.1),
            ("title of the micro-credential", "title", true, spec.title.text()),
            (
                "country/region of the issuer", "awardingBodies.country", true,
                spec.awardingBodies.map { $0.region ?? $0.country.rawValue }.joined(separator: ", ")
            ),
            (
                "awarding body", "awardingBodies", true,
                spec.awardingBodies.map { $0.name.text() }.joined(separator: "; ")
            ),
            (
                "date of issuing", "award.issuedOn", award != nil,
                award.map { $0.issuedOn.rawValue } ?? "no award: a spec has no date of issuing"
            ),
            (
                "learning outcomes", "learningOutcomes", outcomes.unknown == nil,
                outcomes.unknown ?? "\(outcomes.outcomes.count) stated"
            ),
            (
                "notional workload (in ECTS where possible)", "workload", !credits.isEmpty || workload.hours != nil,
                Self.workload(credits, workload)
            ),
            (
                "level (EQF, QF-EHEA, NQF) where applicable", "levels", !(spec.levels ?? []).isEmpty,
                (spec.levels ?? []).isEmpty
                    ? "no level is stated"
                    : (spec.levels ?? []).map { "\($0.framework) \($0.level)" }.joined(separator: ", ")
            ),
            (
                "type of assessment", "assessment.type", spec.assessment.type != "not-stated",
                spec.assessment.type
            ),
            (
                "form of participation", "participation.mode", spec.participation.mode != .notStated,
                spec.participation.mode.rawValue
            ),
            (
                "type of quality assurance", "qualityAssurance.type",
                !["none-stated", "not-stated"].contains(spec.qualityAssurance.type), spec.qualityAssurance.type
            ),
        ]
        elements = rows.map { Element(element: $0.0, field: $0.1, present: $0.2, detail: $0.3) }
    }

    private static func workload(_ credits: [Credit], _ workload: Workload) -> String {
        let figures = credits.map { "\($0.value) \($0.system)" } + (workload.hours.map { ["\($0) hours"] } ?? [])
        guard !figures.isEmpty else { return "no credits or hours: " + (workload.note?.text() ?? "nothing stated") }
        let inECTS = credits.contains { $0.system == "ECTS" } ? "" : " (not in ECTS)"
        return figures.joined(separator: ", ") + inECTS
    }
}
