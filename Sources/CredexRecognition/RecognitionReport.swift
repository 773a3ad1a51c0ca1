import CredexCore
import CredexMapping

/// A recognition report on a micro-credential, after the Lisbon Recognition Convention's elements: level,
/// workload, quality, profile and learning outcomes, then the grade (only with the learner's personal part),
/// the Annex I completeness of the Council Recommendation of 16 June 2022, and the possible substantial
/// differences the officer should weigh.
///
/// Every fact says where it comes from (`FactSource`): self-declared by the issuer, attested by the federation
/// admins in a trust-list version, declared by the member without that check, or external (a referencing
/// report, a regulation). Levels go through the EQF to every candidate of the target framework and are worded
/// "at the level of MECES 3 qualifications", never as being one. Nothing is guessed: a fact the inputs do not
/// give is `unknown`, with why.
///
/// The report decides nothing. It is a pure function of its input and the crosswalk data, and records what it
/// was built from (`reproduction`), so a saved report can be regenerated on appeal and compared byte for byte
/// in canonical JSON. The officer's outcome is attached separately and is not part of that comparison.
///
///     let report = RecognitionReport(input, crosswalks: try Crosswalks.load())
///     report.level.candidates.map(\.statement)  // ["at the level of MECES 3 qualifications"]
///     let decided = report.attaching(OfficerDecision(result: .positive, comment: "5 ECTS elective"))
///     regenerated.reproduces(decided)  // true while the records, trust list and crosswalks are unchanged
public struct RecognitionReport: Codable, Hashable, Sendable {
    public static let bodyType = "credex.recognition-report/1"

    public var type: String = bodyType
    public var reproduction: ReproductionRecord
    /// The credential's title in every language the spec gives.
    public var title: LanguageMap
    public var level: LevelFinding
    public var workload: WorkloadFinding
    public var quality: QualityFinding
    public var profile: ProfileFinding
    public var learningOutcomes: LearningOutcomeFinding
    /// Present only when the learner's personal part was an input.
    public var grade: GradeFinding?
    public var annexI: AnnexICompleteness
    public var possibleDifferences: [PossibleDifference]
    /// The officer's outcome, attached by the caller; not compared by `reproduces(_:)`.
    public var decision: OfficerDecision?

    /// Builds the report on `input` from `crosswalks`; reads no clock, store or network.
    public init(_ input: RecognitionInput, crosswalks: Crosswalks) {
        let spec = input.spec
        reproduction = ReproductionRecord(
            trustListVersion: input.trustListVersion,
            crosswalkVersion: crosswalks.version,
            specID: input.specID,
            awardID: input.awardID,
            personalPart: input.personalPart != nil,
            credexVersion: input.credexVersion,
            generatedAt: input.generatedAt,
            target: input.target
        )
        title = spec.title
        level = LevelFinding(spec: spec, target: input.target, crosswalks: crosswalks)
        workload = WorkloadFinding(spec: spec, award: input.award, target: input.target, crosswalks: crosswalks)
        quality = QualityFinding(
            spec: spec,
            member: input.member,
            version: input.trustListVersion,
            external: input.externalQuality
        )
        profile = ProfileFinding(spec: spec)
        learningOutcomes = LearningOutcomeFinding(spec: spec)
        grade = input.personalPart.map { GradeFinding(personal: $0, spec: spec) }
        annexI = AnnexICompleteness(
            spec: spec,
            award: input.award,
            personal: input.personalPart,
            outcomes: learningOutcomes
        )
        possibleDifferences = []
        possibleDifferences = PossibleDifference.all(in: self, input: input, crosswalks: crosswalks)
    }

    /// The same report with the officer's outcome attached.
    public func attaching(_ decision: OfficerDecision) -> RecognitionReport {
        var copy = self
        copy.decision = decision
        return copy
    }
}
