import CredexCore
import Foundation

/// A document a crosswalk row rests on: a referencing report, a regulation, or a stated inference.
public struct CrosswalkSource: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var year: Int
    public var url: String?
    public var note: String?

    /// One line for a report: the title, the year and the address.
    public var citation: String {
        [title, "(\(year))", url].compactMap(\.self).joined(separator: " ")
    }
}

/// A national (or regional) qualifications framework and its levels' EQF counterparts, from `levels/<id>.json`.
///
/// A framework with `noSource` has no rows: nothing is known, so nothing is answered.
public struct CrosswalkFramework: Sendable, Hashable, Codable {
    /// One level and the EQF level(s) it is referenced, compared or inferred to.
    public struct Row: Sendable, Hashable, Codable {
        public var level: String
        /// The ELM NQF level URI (`http://data.europa.eu/snb/qdr/…`), where the vocabulary has one.
        public var elmUri: String?
        public var eqf: [String]
        public var source: String
        public var confidence: MappingReport.Confidence
    }

    public var id: String
    public var aliases: [String]?
    public var name: String
    public var country: String
    public var elmUri: String?
    public var notes: String?
    /// Why there are no rows, when there is nothing to go on.
    public var noSource: String?
    public var sources: [CrosswalkSource]
    public var levels: [Row]

    func source(_ id: String) -> CrosswalkSource? { sources.first { $0.id == id } }

    func answers(to name: String) -> Bool {
        ([id] + (aliases ?? [])).contains { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// Hours or ECTS per credit of one credit system, as a range (equal ends when the source gives one figure).
struct CreditRate: Sendable, Hashable, Codable {
    var min: String
    var max: String
    var source: String
    var confidence: MappingReport.Confidence
}

/// A credit system from `credits.json`.
struct CreditSystem: Sendable, Hashable, Codable {
    var id: String
    var aliases: [String]?
    var hoursPerCredit: CreditRate
    var ectsPerCredit: CreditRate?
}

struct CreditSystems: Sendable, Hashable, Codable {
    var sources: [CrosswalkSource]
    var systems: [CreditSystem]
}

/// The classes of Spanish `títulos propios` and the rule for their overlapping bands.
struct TitulosPropios: Sendable, Hashable, Codable {
    struct Class: Sendable, Hashable, Codable {
        var id: String
        var name: [String: String]
        var minECTS: String
        var maxECTS: String?
        var source: String
        var confidence: MappingReport.Confidence
    }
    var sources: [CrosswalkSource]
    var rule: String
    var classes: [Class]
}

struct CrosswalkVersion: Sendable, Hashable, Codable {
    var version: String
}

/// Reads a decimal written as a string in the data, e.g. `"37.5"`.
func crosswalkDecimal(_ text: String) -> Decimal? {
    guard (try? DecimalString(validating: text)) != nil else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
}
