import CredexCore

/// The learner's grade and results with the spec's grading scheme: present only when the personal part is.
public struct GradeFinding: Codable, Hashable, Sendable {
    public var grade: ReportFact
    public var gradingScheme: ReportFact
    /// Named results (module grades, scores), as the personal part gives them.
    public var results: [ReportFact]
}

extension GradeFinding {
    init(personal: PersonalPart, spec: CredentialSpec) {
        grade =
            personal.grade.map { ReportFact("grade", $0, source: .personalPart) }
            ?? ReportFact("grade", unknown: "the personal part states no grade")
        gradingScheme =
            spec.gradingScheme.map { ReportFact("gradingScheme", $0.text(), source: .spec) }
            ?? ReportFact("gradingScheme", unknown: "the spec states no grading scheme")
        results = (personal.results ?? []).map {
            ReportFact("result: \($0.name.text())", $0.value, source: .personalPart)
        }
    }
}
