import CredexCore
import CredexJSON

/// Readers for ELMO's simple types. Each refuses a wrong value with a `CredexError` whose pointer
/// is the element path; reasons never repeat the value, which may be personal data.
enum ELMOValues {
    /// The language tag for text that carries no `xml:lang` (BCP 47 "undetermined").
    static let undetermined = "und"
    /// The longest credit or hours figure read, in characters.
    static let maxNumberLength = 18

    /// An `xs:token`: trimmed, with every run of whitespace collapsed to one space.
    static func token(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// An `xs:decimal` that is not negative, in the canonical form `DecimalString` takes.
    static func decimal(_ text: String, at path: [String]) throws -> DecimalString {
        var value = Substring(token(text))
        if value.hasPrefix("+") { value = value.dropFirst() }
        guard value.count <= maxNumberLength else {
            throw CredexError(.tooLarge, "the number has more than \(maxNumberLength) characters", pointer: .init(path))
        }
        var parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        while parts[0].count > 1, parts[0].hasPrefix("0") { parts[0].removeFirst() }
        if parts[0].isEmpty, parts.count == 2 { parts[0] = "0" }
        if parts.count == 2, parts[1].isEmpty, !parts[0].isEmpty { parts.removeLast() }
        do {
            return try DecimalString(validating: parts.joined(separator: "."))
        } catch {
            throw CredexError(.invalidField, "the value is not a non-negative decimal number", pointer: .init(path))
        }
    }

    /// An `xs:date`, its time zone (if any) dropped.
    static func date(_ text: String, at path: [String]) throws -> CalendarDate {
        let value = token(text)
        let zone = value.dropFirst(10)
        guard zone.isEmpty || zone == "Z" || isZoneOffset(zone),
            let date = try? CalendarDate(validating: String(value.prefix(10))),
            date.rawValue.count == 10
        else { throw CredexError(.invalidField, "the value is not a date YYYY-MM-DD", pointer: .init(path)) }
        return date
    }

    /// The date of an `xs:dateTime`; its time must be well formed, and is otherwise not kept.
    static func dateOfDateTime(_ text: String, at path: [String]) throws -> CalendarDate {
        let value = token(text)
        let time = Array(value.utf8.dropFirst(10))
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { time[$0] >= 0x30 && time[$0] <= 0x39 } }
        guard time.count >= 9, time[0] == 0x54, digits(1..<3), time[3] == 0x3A, digits(4..<6), time[6] == 0x3A,
            digits(7..<9), let date = try? Self.date(String(value.prefix(10)), at: path)
        else { throw CredexError(.invalidField, "the value is not a date and time", pointer: .init(path)) }
        return date
    }

    private static func isZoneOffset(_ zone: Substring) -> Bool {
        let bytes = Array(zone.utf8)
        return bytes.count == 6 && (bytes[0] == 0x2B || bytes[0] == 0x2D) && bytes[3] == 0x3A
            && [1, 2, 4, 5].allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }

    /// A language map from elements with optional `xml:lang`: text without a language is kept
    /// under `und`; a second text in the same language is reported and dropped. Nil when every
    /// text is empty.
    static func languageMap(
        _ elements: [ELMOElement],
        collapse: Bool,
        at path: [String],
        report: inout MappingReport
    ) throws -> LanguageMap? {
        var values: [String: String] = [:]
        for element in elements {
            let text = collapse ? token(element.text) : trimmed(element.text)
            guard !text.isEmpty else { continue }
            let tag = try languageTag(element.language, at: path)
            if values[tag] == nil {
                values[tag] = text
            } else {
                note(&report, path.last ?? "", .lost, "a second text in the same language is dropped")
            }
        }
        return values.isEmpty ? nil : try LanguageMap(values)
    }

    /// `xml:lang` as a BCP 47 tag with a lowercase primary subtag; `und` when absent or empty.
    static func languageTag(_ attribute: String?, at path: [String]) throws -> String {
        guard let attribute = attribute.map(token), !attribute.isEmpty else { return undetermined }
        let parts = attribute.split(separator: "-", omittingEmptySubsequences: false)
        let tag = ([parts[0].lowercased()] + parts.dropFirst().map(String.init)).joined(separator: "-")
        guard (try? LanguageMap([tag: "x"])) != nil else {
            throw CredexError(.invalidField, "xml:lang is not a BCP 47 language tag", pointer: .init(path))
        }
        return tag
    }

    /// The text without leading and trailing whitespace, inner line breaks kept.
    static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }

    /// Adds a report entry unless one for the same field and outcome is already there.
    static func note(
        _ report: inout MappingReport,
        _ field: String,
        _ outcome: MappingReport.Outcome,
        _ detail: String
    ) {
        guard !report.entries.contains(where: { $0.field == field && $0.outcome == outcome }) else { return }
        report.add(MappingReport.Entry(field: field, outcome: outcome, detail: detail))
    }
}
