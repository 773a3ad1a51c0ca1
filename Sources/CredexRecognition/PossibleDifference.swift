/// A possible substantial difference for the officer to weigh, with the evidence for it. It decides nothing:
/// every statement says "possible".
public struct PossibleDifference: Codable, Hashable, Sendable {
    /// A stable code; compare with the static members. New codes may appear in later versions.
    public struct Code: RawRepresentable, Codable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let levelBelowProgramme = Code(rawValue: "level-below-programme")
        public static let levelUnknown = Code(rawValue: "level-unknown")
        public static let levelLowConfidence = Code(rawValue: "level-low-confidence")
        public static let workloadEstimated = Code(rawValue: "workload-estimated")
        public static let workloadUnknown = Code(rawValue: "workload-unknown")
        public static let noExternalQualityAssurance = Code(rawValue: "no-external-quality-assurance")
        public static let outsideAccreditation = Code(rawValue: "outside-accreditation")
        public static let annexIMissing = Code(rawValue: "annex-i-missing")
        public static let expired = Code(rawValue: "expired")
        public static let notYetValid = Code(rawValue: "not-yet-valid")
        public static let reviewOverdue = Code(rawValue: "review-overdue")
        public static let possiblyNonFormal = Code(rawValue: "possibly-non-formal")
        public static let importedProofFailed = Code(rawValue: "imported-proof-failed")
    }

    public var code: Code
    /// The difference in words, always as a possibility.
    public var statement: String
    /// The facts it rests on.
    public var evidence: [String]
}
