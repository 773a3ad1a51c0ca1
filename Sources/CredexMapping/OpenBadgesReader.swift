import CredexCore
import CredexJSON

/// Typed access to one JSON object of a foreign document: a member of the wrong type throws a
/// `CredexError` with the member's JSON pointer, so hostile input gets a clear error.
struct OpenBadgesReader {
    let members: [String: JSONValue]
    let pointer: [String]

    init(_ value: JSONValue, at pointer: [String]) throws {
        guard case .object(let members) = value else {
            throw CredexError(.invalidField, "expected an object", pointer: JSONPointer(pointer))
        }
        self.members = members
        self.pointer = pointer
    }

    func wrongType(_ key: String, _ expected: String) -> CredexError {
        CredexError(.invalidField, "\"\(key)\" must be \(expected)", pointer: JSONPointer(pointer + [key]))
    }

    func string(_ key: String) throws -> String? {
        guard let value = members[key] else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else {
            throw CredexError(.missingField, "missing member \"\(key)\"", pointer: JSONPointer(pointer + [key]))
        }
        return text
    }

    /// A number from 0 to one million, as a decimal string (`7.5`, `5`).
    func decimal(_ key: String) throws -> DecimalString? {
        guard let value = members[key] else { return nil }
        guard case .number(let number) = value else { throw wrongType(key, "a number") }
        guard number >= 0, number <= 1_000_000 else { throw wrongType(key, "a number from 0 to 1000000") }
        var text = "\(number)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        do {
            return try DecimalString(validating: text)
        } catch {
            throw wrongType(key, "a decimal number with at most a few fraction digits")
        }
    }

    func object(_ key: String) throws -> OpenBadgesReader? {
        guard let value = members[key] else { return nil }
        guard case .object = value else { throw wrongType(key, "an object") }
        return try OpenBadgesReader(value, at: pointer + [key])
    }

    /// A member that may be one value or an array of them, as JSON-LD allows.
    func list(_ key: String) -> [(value: JSONValue, pointer: [String])] {
        guard let value = members[key] else { return [] }
        guard case .array(let items) = value else { return [(value, pointer + [key])] }
        return items.enumerated().map { ($0.element, pointer + [key, "\($0.offset)"]) }
    }

    /// Each object of `list(key)`; any other item throws.
    func objects(_ key: String) throws -> [OpenBadgesReader] {
        try list(key).map { item in
            guard case .object = item.value else {
                throw CredexError(.invalidField, "expected an object", pointer: JSONPointer(item.pointer))
            }
            return try OpenBadgesReader(item.value, at: item.pointer)
        }
    }

    /// The calendar date of an RFC 3339 timestamp member (`2024-05-01T12:00:00Z` gives `2024-05-01`).
    func date(_ key: String) throws -> CalendarDate? {
        guard let text = try string(key) else { return nil }
        do {
            return try CalendarDate(validating: String(text.prefix(10)))
        } catch {
            throw wrongType(key, "an RFC 3339 date-time such as 2024-05-01T00:00:00Z")
        }
    }
}
