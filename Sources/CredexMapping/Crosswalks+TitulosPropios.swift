import CredexCore
import Foundation

/// A class of Spanish `título propio` (Real Decreto 822/2021) and its ECTS band: `minECTS` inclusive,
/// `maxECTS` exclusive, no upper bound when nil.
public struct TituloPropioClass: Sendable, Hashable {
    public var id: String
    /// The class's name by language (`es`, `en`).
    public var name: [String: String]
    public var minECTS: Decimal
    public var maxECTS: Decimal?
    public var confidence: MappingReport.Confidence
    public var source: CrosswalkSource
}

/// The classes an ECTS figure allows, and the rule that chose them.
public struct TituloPropioAnswer: Sendable, Hashable {
    /// Every class whose band holds the figure, the narrowest band first; empty for a figure no band holds.
    public var classes: [TituloPropioClass]
    /// The rule applied to the overlapping bands, as the data states it.
    public var rule: String
}

extension Crosswalks {
    /// The `título propio` classes of a workload of `ects` credits. From 15 ECTS the certificate band overlaps
    /// the diploma and master's bands, so there are two candidates and the title's own name decides.
    ///
    ///     crosswalks.tituloPropioClasses(ects: 15).classes.map(\.id)  // ["diploma-de-experto", "certificado"]
    public func tituloPropioClasses(ects: Decimal) -> TituloPropioAnswer {
        let classes = titulosPropios.classes.compactMap { entry -> TituloPropioClass? in
            guard let min = crosswalkDecimal(entry.minECTS),
                let source = titulosPropios.sources.first(where: { $0.id == entry.source })
            else { return nil }
            let max = entry.maxECTS.flatMap(crosswalkDecimal)
            guard ects >= min, max.map({ ects < $0 }) ?? true else { return nil }
            return TituloPropioClass(
                id: entry.id,
                name: entry.name,
                minECTS: min,
                maxECTS: max,
                confidence: entry.confidence,
                source: source
            )
        }
        let ordered = classes.sorted { width($0) == width($1) ? $0.minECTS > $1.minECTS : width($0) < width($1) }
        return TituloPropioAnswer(classes: ordered, rule: titulosPropios.rule)
    }

    /// A band's width for ordering; an open band is the widest, and of two open bands the one starting higher
    /// is the narrower.
    private func width(_ entry: TituloPropioClass) -> Decimal {
        entry.maxECTS.map { $0 - entry.minECTS } ?? .greatestFiniteMagnitude
    }
}
