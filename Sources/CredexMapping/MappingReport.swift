/// What a translation between a format and the canonical model did not carry over exactly: every
/// field lost, estimated, converted or unknown, with the source and confidence of each conversion.
/// Nothing is converted silently: a level or a credit that changed system is always reported.
public struct MappingReport: Sendable, Hashable, Codable {
    /// How sure a conversion is.
    public enum Confidence: String, Sendable, Hashable, Codable {
        /// An official referencing of a national framework to the EQF.
        case referenced
        /// A joint comparison (e.g. the AQF-EQF comparison of 2016).
        case compared
        /// Inferred from descriptors or practice; shown, never relied on.
        case inferred
    }

    /// What happened to one field.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The target format has no place for it.
        case lost
        /// Computed from other facts (e.g. hours from credits at a stated rate).
        case estimated
        /// Translated into another system (a level, a credit unit).
        case converted
        /// The source does not say; nothing was guessed.
        case unknown
    }

    public struct Entry: Sendable, Hashable, Codable {
        /// The canonical field, e.g. `levels`, `workload.hours`.
        public var field: String
        public var outcome: Outcome
        public var detail: String
        /// Where the conversion comes from (a referencing report, a regulation).
        public var source: String?
        public var confidence: Confidence?

        public init(
            field: String,
            outcome: Outcome,
            detail: String,
            source: String? = nil,
            confidence: Confidence? = nil
        ) {
            self.field = field
            self.outcome = outcome
            self.detail = detail
            self.source = source
            self.confidence = confidence
        }
    }

    /// The format translated from or to, e.g. `ob3`.
    public var format: String
    /// The version of the crosswalk data used (`Schemas/frameworks/`), when any was.
    public var dataVersion: String?
    public var entries: [Entry]

    public init(format: String, dataVersion: String? = nil, entries: [Entry] = []) {
        self.format = format
        self.dataVersion = dataVersion
        self.entries = entries
    }

    public mutating func add(_ entry: Entry) { entries.append(entry) }
}
