import CredexCore

/// A national level and one EQF level it corresponds to, with how sure that is and on what it rests.
public struct EQFMatch: Sendable, Hashable {
    /// The framework's id in the data (an alias in the query is resolved to it).
    public var framework: String
    public var level: String
    /// The ELM NQF level URI, where the vocabulary has one.
    public var levelURI: String?
    public var eqf: String
    public var confidence: MappingReport.Confidence
    public var source: CrosswalkSource

    /// The ELM URI of the EQF level.
    public var eqfURI: String { "http://data.europa.eu/snb/eqf/\(eqf)" }
}

extension Crosswalks {
    /// The EQF level(s) of a national level; empty when the framework, the level or a source is unknown.
    ///
    /// One level can have two EQF levels (French level I is EQF 7 and 8); every one is returned.
    public func eqf(for level: Level) -> [EQFMatch] {
        guard let framework = framework(level.framework) else { return [] }
        return framework.levels.filter { $0.level.caseInsensitiveCompare(level.level) == .orderedSame }
            .flatMap { matches(framework, $0) }
    }

    /// Every level of a national framework that corresponds to an EQF level: one-to-many (EQF 6 is Irish NFQ 7
    /// and 8). Empty when the framework or a source is unknown.
    public func national(framework name: String, forEQF eqf: String) -> [EQFMatch] {
        guard let framework = framework(name) else { return [] }
        return framework.levels.flatMap { matches(framework, $0) }.filter { $0.eqf == eqf }
    }

    private func matches(_ framework: CrosswalkFramework, _ row: CrosswalkFramework.Row) -> [EQFMatch] {
        guard let source = framework.source(row.source) else { return [] }
        return row.eqf.map {
            EQFMatch(
                framework: framework.id,
                level: row.level,
                levelURI: row.elmUri,
                eqf: $0,
                confidence: row.confidence,
                source: source
            )
        }
    }
}
