import CredexJSON

/// Text in one or more languages, keyed by BCP 47 tag; the original language is kept beside
/// any translation.
public struct LanguageMap: Codable, Hashable, Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) throws {
        if let problem = Self.problem(in: values) {
            throw CredexError(.invalidField, problem.reason, pointer: JSONPointer(problem.tag.map { [$0] } ?? []))
        }
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: String].self)
        if let problem = Self.problem(in: values) {
            // Point at the offending entry (`/title/EN`), or at the map when it is empty.
            let path = decoder.codingPath + (problem.tag.map { [AnyCodingKey(stringValue: $0)] } ?? [])
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: problem.reason))
        }
        self.values = values
    }

    /// The first problem of `values`, by tag order, and the tag it is at.
    private static func problem(in values: [String: String]) -> (tag: String?, reason: String)? {
        guard !values.isEmpty else { return (nil, "a language map needs at least one language") }
        for (tag, text) in values.sorted(by: { $0.key < $1.key }) {
            guard isLanguageTag(tag) else {
                return (tag, "\"\(tag)\" is not a BCP 47 language tag such as en or pt-BR")
            }
            guard !text.isEmpty else { return (tag, "the \(tag) text is empty") }
        }
        return nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    /// The text in `language` if present, else English, else the first language by tag.
    public func text(preferring language: String = "en") -> String {
        values[language] ?? values["en"] ?? values[values.keys.sorted()[0]]!
    }

    /// `^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.allBytes(\.isASCIILower) else {
            return false
        }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allBytes { $0.isASCIIDigit || $0.isASCIIUpper || $0.isASCIILower }
        }
    }
}
