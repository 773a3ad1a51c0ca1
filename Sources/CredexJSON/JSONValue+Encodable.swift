/// A JSON value as any `Encoder` writes it, so Codable answers (`--json` output, HTTP bodies) can
/// embed records and documents. Integers within 2^53 are written as integers.
extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number):
            if let exact = int64Value { try container.encode(exact) } else { try container.encode(number) }
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}
