/// A decimal number written as a string, as credits, hours and grades are: `5`, `7.5`.
public struct DecimalString: ValidatedString {
    public let rawValue: String
    public init(validating text: String) throws {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integral = parts.first ?? ""
        guard parts.count <= 2, !integral.isEmpty, integral.allBytes(\.isASCIIDigit),
            integral == "0" || !integral.hasPrefix("0"),
            parts.count == 1 || (!parts[1].isEmpty && parts[1].allBytes(\.isASCIIDigit))
        else { throw Self.invalid(text, "a decimal number such as 5 or 7.5") }
        rawValue = text
    }

    /// More than zero: some digit is not 0.
    var isPositive: Bool { rawValue.utf8.contains { $0 != UInt8(ascii: "0") && $0 != UInt8(ascii: ".") } }
}

/// A calendar date `YYYY-MM-DD`, or a month `YYYY-MM` where the source gives only that.
public struct CalendarDate: ValidatedString {
    public let rawValue: String
    public init(validating text: String) throws {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, fields[0].count == 4,
            fields.dropFirst().allSatisfy({ $0.count == 2 }), fields.allSatisfy({ $0.allBytes(\.isASCIIDigit) }),
            let year = Int(fields[0]), let month = Int(fields[1]), (1...12).contains(month)
        else { throw Self.invalid(text, "a date YYYY-MM-DD or a month YYYY-MM") }
        if fields.count == 3 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard let day = Int(fields[2]), (1...days).contains(day) else {
                throw Self.invalid(text, "a real calendar date")
            }
        }
        rawValue = text
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
public struct CountryCode: ValidatedString {
    public let rawValue: String
    public init(validating text: String) throws {
        guard text.utf8.count == 2, text.allBytes(\.isASCIIUpper) else {
            throw Self.invalid(text, "an ISO 3166-1 alpha-2 country code such as IE")
        }
        rawValue = text
    }
}

/// An identifier in a named scheme: a register number, a student id, an Erasmus code.
public struct Identifier: Codable, Hashable, Sendable {
    public var scheme: String
    public var value: String
    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }
}

/// A level in a qualifications framework, kept as the source gives it: `(EQF, 6)`, `(NFQ-IE, 9)`.
public struct Level: Codable, Hashable, Sendable {
    public var framework: String
    public var level: String
    public init(framework: String, level: String) {
        self.framework = framework
        self.level = level
    }
}

/// Credits in a named system with a decimal value: `(ECTS, 5)`, `(NZQF-credit, 39)`.
public struct Credit: Codable, Hashable, Sendable {
    public var system: String
    public var value: DecimalString
    public init(system: String, value: DecimalString) {
        self.system = system
        self.value = value
    }
}
