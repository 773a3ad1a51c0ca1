/// A string that is checked when it is made or decoded, and encoded as the plain string.
public protocol ValidatedString: Codable, Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The checked text.
    var rawValue: String { get }
    /// Checks `text`, throwing a `CredexError` that says what is wrong.
    init(validating text: String) throws
}

extension ValidatedString {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(validating: text)
        } catch let error as CredexError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.reason))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The error a failed check throws. It names what was expected, never the value itself,
    /// which may be personal data (a birth date); the error's pointer says where it is.
    static func invalid(_ text: String, _ expectation: String) -> CredexError {
        CredexError(.invalidField, "the value is not \(expectation)")
    }
}

extension StringProtocol {
    /// True when every UTF-8 byte satisfies `predicate`.
    func allBytes(_ predicate: (UInt8) -> Bool) -> Bool { utf8.allSatisfy(predicate) }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isLowerHex: Bool { isASCIIDigit || (self >= 0x61 && self <= 0x66) }
    var isASCIIUpper: Bool { self >= 0x41 && self <= 0x5A }
    var isASCIILower: Bool { self >= 0x61 && self <= 0x7A }
}
