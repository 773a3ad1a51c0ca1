import CredexMapping

/// The LRC element *level*: each level the credential states, its EQF level(s), and every candidate level of
/// the target framework, each with its confidence and source.
public struct LevelFinding: Codable, Hashable, Sendable {
    /// A level as the credential states it, and the EQF levels it corresponds to.
    public struct Stated: Codable, Hashable, Sendable {
        public var framework: String
        public var level: String
        public var source: FactSource
        public var eqf: [EQFLevel]
        /// Why there is no EQF level, when there is none.
        public var unknown: String?
    }

    /// One EQF level of a stated level: `confidence` nil when the credential states the EQF level itself.
    public struct EQFLevel: Codable, Hashable, Sendable {
        public var eqf: String
        public var confidence: MappingReport.Confidence?
        public var source: FactSource
    }

    /// A level of the target framework the credential may sit at.
    public struct Candidate: Codable, Hashable, Sendable {
        public var framework: String
        public var level: String
        public var eqf: String
        /// The weaker of the two steps' confidences (stated level to EQF, EQF to target); nil when both are stated.
        public var confidence: MappingReport.Confidence?
        /// How the report words it: "at the level of MECES 3 qualifications", never that it is one.
        public var statement: String
        /// The sources of both steps.
        public var sources: [FactSource]
    }

    public var stated: [Stated]
    /// The target framework's id in the crosswalk data, or `EQF`.
    public var target: String
    /// Every candidate, by EQF level then the target framework's order; several for one EQF level where the
    /// target has several (EQF 6 is Irish NFQ 7 and 8).
    public var candidates: [Candidate]
    /// Why there is no candidate, when there is none.
    public var unknown: String?
}
