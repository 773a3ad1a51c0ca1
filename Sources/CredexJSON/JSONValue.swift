/// A JSON value as parsed by `StrictJSON` and serialised by `JCS`.
///
/// Numbers are IEEE-754 doubles, as in RFC 8785 and ECMAScript. Object keys and strings compare as Swift
/// `String`s, that is under Unicode canonical equivalence: `"\u{C5}"` and `"A\u{30A}"` are equal values and
/// cannot both be keys of one object (the parser refuses such an object as a duplicate key), although their
/// canonical bytes differ.
///
///     let record: JSONValue = ["id": "urn:uuid:1", "credits": 5, "tags": ["a", "b"]]
///     record["credits"]?.int64Value  // 5
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member named `key`, when this is an object that has one.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index`, when this is an array and `index` is in range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The Boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// The number, when this is a number.
    public var doubleValue: Double? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    /// The number, when this is a number with an integral value that `Int64` represents exactly.
    public var int64Value: Int64? {
        guard case .number(let number) = self else { return nil }
        return number.exactInt64
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }
}
