import CredexJSON

/// Decodes `Decodable` model types from a strict `JSONValue`, refusing what a lenient decoder
/// would let through: unknown members, `null` where a value is expected, fractional or
/// out-of-range integers. Errors are `CredexError`s carrying the JSON pointer of the offending value.
public struct JSONValueDecoder: Sendable {
    public init() {}

    /// Decodes `type` from `value`; `at` prefixes every error pointer.
    public func decode<T: Decodable>(
        _ type: T.Type,
        from value: JSONValue,
        at base: JSONPointer = JSONPointer()
    )
        throws -> T
    {
        do {
            return try T(from: ValueDecoder(value: value, codingPath: []))
        } catch let error as CredexError {
            let tokens = base.tokens + (error.pointer?.tokens ?? [])
            throw CredexError(error.code, error.reason, pointer: JSONPointer(tokens), cause: error.cause)
        } catch let error as DecodingError {
            throw Self.credexError(error, base: base)
        }
    }

    private static func credexError(_ error: DecodingError, base: JSONPointer) -> CredexError {
        func pointer(_ path: [any CodingKey]) -> JSONPointer {
            JSONPointer(base.tokens + path.map { $0.intValue.map(String.init) ?? $0.stringValue })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return CredexError(
                .missingField,
                "missing member \"\(key.stringValue)\"",
                pointer: pointer(context.codingPath)
            )
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            return CredexError(.invalidField, context.debugDescription, pointer: pointer(context.codingPath))
        @unknown default:
            return CredexError(.invalidField, "\(error)", pointer: base)
        }
    }
}

/// A key for any member name or array index.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object") }
        for name in members.keys.sorted() where Key(stringValue: name) == nil {
            throw CredexError(
                .unknownField,
                "unknown member \"\(name)\"",
                pointer: JSONPointer(codingPath.map(\.stringValue) + [name])
            )
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }
}

extension ValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean") }
        return flag
    }
    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }
    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    private func integer<T: BinaryInteger>() throws -> T {
        guard let exact = value.int64Value,
            abs(exact) <= JSONLimits.maximumInteger, let result = T(exactly: exact)
        else { throw mismatch("an integer within ±(2^53−1) that fits \(T.self)") }
        return result
    }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func child(_ key: Key) throws -> ValueDecoder {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return ValueDecoder(value: value, codingPath: codingPath + [key])
    }

    /// `null` is never accepted for an optional member: an absent member is written by omission.
    func decodeNil(forKey key: Key) throws -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }
    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    { try child(key).container(keyedBy: type) }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else {
            throw DecodingError.keyNotFound(
                AnyCodingKey(stringValue: "super"),
                .init(codingPath: codingPath, debugDescription: "no super")
            )
        }
        return try child(key)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self,
                .init(codingPath: codingPath, debugDescription: "array ended early")
            )
        }
        defer { currentIndex += 1 }
        return ValueDecoder(
            value: items[currentIndex],
            codingPath: codingPath + [AnyCodingKey(intValue: currentIndex)]
        )
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    { try next().container(keyedBy: type) }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}
