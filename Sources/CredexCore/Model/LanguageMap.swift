/// Text in one or more languages, keyed by BCP 47 tag; the original language is kept beside
/// any translation.
public struct LanguageMap: Codable, Hashable, Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) throws {
        guard !values.isEmpty else { throw CredexError(.invalidField, "a language map needs at least one language") }
        for (tag, text) in values {
            guard Self.isLanguageTag(tag) else {
                throw CredexError(.invalidField, "\"\(tag)\" is not a BCP 47 language tag such as en or pt-BR")
            }
            guard !text.isEmpty else { throw CredexError(.invalidField, "the \(tag) text is empty") }
        }
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: String].self)
        do {
            try self.init(values)
        } catch let error as CredexError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.reason))
        }
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
