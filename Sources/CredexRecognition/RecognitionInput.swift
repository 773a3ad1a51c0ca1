import CredexCore
import CredexTrust

/// Everything a recognition report is built from: records already held, never fetched.
///
/// The caller passes the time of generation: the library reads no clock, so the same input gives the same
/// report, byte for byte.
public struct RecognitionInput: Sendable {
    /// The canonical spec and its record id.
    public var spec: CredentialSpec
    public var specID: RecordID
    /// The award and its record id, when a learner's credential is judged rather than the spec alone.
    public var award: Award?
    public var awardID: RecordID?
    /// The learner's personal part, when the officer holds it; only then does the report show a grade.
    public var personalPart: PersonalPart?
    /// The issuer's entry in the trust list, and that list's version; nil when the issuer is not a member.
    public var member: TrustListContent.Member?
    public var trustListVersion: Int64?
    /// Facts about quality the caller took from outside the federation (a DEQAR report, a register), each
    /// with its source; they are labelled `external`.
    public var externalQuality: [ReportFact]
    public var target: RecognitionTarget
    /// The Credex version that builds the report.
    public var credexVersion: String
    /// When the report is generated; its date is the as-of date for validity and review checks.
    public var generatedAt: ClaimedTime

    public init(
        spec: CredentialSpec,
        specID: RecordID,
        award: Award? = nil,
        awardID: RecordID? = nil,
        personalPart: PersonalPart? = nil,
        member: TrustListContent.Member? = nil,
        trustListVersion: Int64? = nil,
        externalQuality: [ReportFact] = [],
        target: RecognitionTarget,
        credexVersion: String,
        generatedAt: ClaimedTime
    ) {
        self.spec = spec
        self.specID = specID
        self.award = award
        self.awardID = awardID
        self.personalPart = personalPart
        self.member = member
        self.trustListVersion = trustListVersion
        self.externalQuality = externalQuality
        self.target = target
        self.credexVersion = credexVersion
        self.generatedAt = generatedAt
    }

    /// `YYYY-MM-DD` of `generatedAt`.
    var asOf: String { String(generatedAt.rawValue.prefix(10)) }
}
