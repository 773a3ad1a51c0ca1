import CredexCore

/// What to look for among the records held: specs by full text and facets, or the awards of a
/// spec. Every condition given must hold; a list matches any of its values.
public struct RecordQuery: Sendable, Hashable {
    /// `spec` or `award`.
    public var kind: RecordKind
    /// Words that must all appear in a spec's title, description or learning outcomes, in any
    /// language (full-text, diacritics ignored); results then come best match first.
    public var text: String?
    /// The issuing (attesting) node.
    public var issuer: NodeID?
    /// Countries of a spec's awarding bodies.
    public var countries: [CountryCode]
    /// A spec's `credentialType`.
    public var credentialTypes: [String]
    /// A spec's levels, as (framework, level): the caller expands an EQF level to the national
    /// levels it corresponds to.
    public var levels: [Level]
    /// A spec's credits stated in ECTS, inclusive.
    public var ects: ClosedRange<Double>?
    /// For awards: the spec awarded.
    public var spec: RecordID?
    public var limit: Int
    public var offset: Int

    public init(
        kind: RecordKind = .spec,
        text: String? = nil,
        issuer: NodeID? = nil,
        countries: [CountryCode] = [],
        credentialTypes: [String] = [],
        levels: [Level] = [],
        ects: ClosedRange<Double>? = nil,
        spec: RecordID? = nil,
        limit: Int = 50,
        offset: Int = 0
    ) {
        self.kind = kind
        self.text = text
        self.issuer = issuer
        self.countries = countries
        self.credentialTypes = credentialTypes
        self.levels = levels
        self.ects = ects
        self.spec = spec
        self.limit = limit
        self.offset = offset
    }
}

extension RecordStore {
    /// Specs whose text matches `query` (every word), best first.
    public func searchSpecs(_ query: String, limit: Int) async throws -> [StoredRecord] {
        guard !query.allSatisfy(\.isWhitespace) else { return [] }
        return try await search(RecordQuery(text: query, limit: limit))
    }
}
