import CredexMapping

/// The LRC element *workload*: the credits as given, their hours and ECTS, and, for a Spanish target, the
/// class of `título propio` (RD 822/2021) the ECTS figure falls in.
public struct WorkloadFinding: Codable, Hashable, Sendable {
    /// A figure in one unit: stated by the credential, estimated through the crosswalks, or unknown with why.
    public struct Figure: Codable, Hashable, Sendable {
        /// `125`, or a range `13-15.6`; nil when unknown.
        public var value: String?
        /// `hours`, `ECTS`, or the credit system as given.
        public var unit: String
        /// True when computed from other figures rather than stated.
        public var estimated: Bool
        public var source: FactSource?
        public var confidence: MappingReport.Confidence?
        public var unknown: String?
    }

    /// A credit figure as given, and its hours and ECTS.
    public struct Credits: Codable, Hashable, Sendable {
        public var given: Figure
        public var hours: Figure
        public var ects: Figure
    }

    /// The Spanish classes an ECTS figure falls in: several where the bands overlap or the figure is a range.
    public struct TituloPropio: Codable, Hashable, Sendable {
        /// Class ids of the data, e.g. `microcredencial`, the narrowest band first.
        public var classes: [String]
        /// The classes' Spanish names.
        public var names: [String]
        /// The ECTS figure the classes are for.
        public var ects: String?
        /// The rule for overlapping bands, as the data states it.
        public var rule: String?
        public var source: FactSource?
        public var confidence: MappingReport.Confidence?
        public var unknown: String?
    }

    /// The credits of the award where it states them, else of the spec.
    public var credits: [Credits]
    /// The notional hours: stated, else from the credits, else from a duration at a stated weekly rate.
    public var hours: Figure
    /// The workload in ECTS, the target's unit.
    public var ects: Figure
    /// The calendar duration as stated (ISO 8601), which is not a workload by itself.
    public var duration: ReportFact?
    /// The credential's own note on its workload, in English where given.
    public var note: ReportFact?
    /// Present when the target framework is Spain's.
    public var tituloPropio: TituloPropio?
}
