import CredexCore
import Foundation

/// How one register's CSV export maps to the canonical model: each column's canonical field, the
/// constants the register implies (country, level framework, credit system, a stated hours-per-credit
/// rate), and which columns must be present and filled.
///
/// Profiles are data (`Frameworks/registers/*.json`, `Schemas/README.md` describes the format); a
/// CSV column no profile column names is refused, never dropped unseen.
///
///     {"header": "Credits", "field": "credits", "required": true}
public struct RegisterProfile: Codable, Sendable, Hashable {
    /// The canonical field a column fills.
    public enum Field: String, Codable, Sendable, Hashable {
        case title, description, credentialType, awardingBody, country, levelFramework, level, creditSystem
        case credits, hours, durationWeeks, mode, learningOutcome, approvedOn, reviewDue, status, identifier, url
        /// Kept in `furtherInformation` as `header: value`.
        case note
        /// Declared but not carried; the report says so.
        case ignored
    }

    /// How a date column is written.
    public enum DateFormat: String, Codable, Sendable, Hashable {
        case iso = "YYYY-MM-DD"
        case dayMonthYear = "DD/MM/YYYY"
        case monthYear = "MM/YYYY"
    }

    public struct Column: Codable, Sendable, Hashable {
        public var header: String
        public var field: Field
        /// The column must be in the header and filled in every row.
        public var required: Bool?
        /// For `identifier`, the identifier's scheme; for `awardingBody`, the scheme of a trailing `(code)`.
        public var scheme: String?
        /// For date fields; ISO 8601 when absent.
        public var dateFormat: DateFormat?
    }

    /// What the register implies for every row.
    public struct Constants: Codable, Sendable, Hashable {
        public var country: String?
        public var levelFramework: String?
        public var creditSystem: String?
        public var credentialType: String?
        /// Hours per credit as the register states it, e.g. MicroCreds' 25 h per ECTS, with where it says so.
        public var hoursPerCredit: String?
        public var hoursPerCreditSource: String?
        public var qualityAssurance: QualityAssurance?
    }

    public var id: String
    public var name: String
    /// A BCP 47 tag for the register's text.
    public var language: String
    public var columns: [Column]
    public var constants: Constants

    /// The column declared for `header`.
    public func column(_ header: String) -> Column? { columns.first { $0.header == header } }

    /// Whether a CSV header fits: every header column declared and every required column present.
    public func accepts(header: [String]) -> Bool {
        header.allSatisfy { column($0) != nil }
            && columns.allSatisfy { $0.required != true || header.contains($0.header) }
    }

    /// Headers are unique, a required title column exists, single-valued fields appear once, levels and credits
    /// have a framework and a system, and a stated rate is a decimal above zero with its source and credit system.
    func check() throws {
        let repeatable: Set<Field> = [.identifier, .note, .ignored, .learningOutcome]
        var seen = Set<String>()
        var fields = Set<Field>()
        for column in columns {
            guard seen.insert(column.header).inserted,
                fields.insert(column.field).inserted
                    || repeatable.contains(column.field)
            else { throw failure("column \(column.header) repeats a header or a single-valued field") }
            if column.field == .identifier, column.scheme == nil {
                throw failure("identifier column \(column.header) has no scheme")
            }
        }
        guard columns.contains(where: { $0.field == .title && $0.required == true }) else {
            throw failure("no required title column")
        }
        guard !fields.contains(.level) || fields.contains(.levelFramework) || constants.levelFramework != nil else {
            throw failure("a level column but no level framework")
        }
        guard !fields.contains(.credits) || fields.contains(.creditSystem) || constants.creditSystem != nil else {
            throw failure("a credits column but no credit system")
        }
        if let rate = constants.hoursPerCredit {
            guard (crosswalkDecimal(rate) ?? 0) > 0, constants.hoursPerCreditSource != nil,
                constants.creditSystem != nil
            else { throw failure("hoursPerCredit is not a decimal above zero with its source and credit system") }
        }
    }

    private func failure(_ reason: String) -> CredexError {
        CredexError(.invalidField, "register profile \(id): \(reason)")
    }
}

extension RegisterProfile.DateFormat {
    /// The calendar date of `text`, or nil when it is not written this way.
    func date(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let iso: String? =
            switch self {
            case .iso: text
            case .dayMonthYear: parts.count == 3 ? "\(parts[2])-\(parts[1])-\(parts[0])" : nil
            case .monthYear: parts.count == 2 ? "\(parts[1])-\(parts[0])" : nil
            }
        return iso.flatMap { try? CalendarDate(validating: $0) }
    }
}
