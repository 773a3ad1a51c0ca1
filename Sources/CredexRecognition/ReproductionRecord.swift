import CredexCore

/// What a report was built from, so that it can be regenerated on appeal and compared byte for byte.
public struct ReproductionRecord: Codable, Hashable, Sendable {
    /// The trust-list version whose entry for the issuer was used; nil when none was.
    public var trustListVersion: Int64?
    /// The crosswalk data's version (`Schemas/frameworks/version.json`).
    public var crosswalkVersion: String
    public var specID: RecordID
    public var awardID: RecordID?
    /// True when the learner's personal part was an input (the grade depends on it).
    public var personalPart: Bool
    public var credexVersion: String
    /// When the report was generated, as the caller states it; its date is the as-of date.
    public var generatedAt: ClaimedTime
    public var target: RecognitionTarget
}
