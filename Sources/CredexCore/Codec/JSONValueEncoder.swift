import CredexJSON
import Foundation

/// Encodes `Encodable` model types into a `JSONValue`, ready for RFC 8785 canonical bytes.
///
/// The model holds no floating-point values (decimals are strings), so Foundation's encoder
/// followed by our strict parser gives an exact tree.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The strict JSON tree of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return try StrictJSON.parse(data, mode: .record)
    }

    /// The canonical (RFC 8785) bytes of `value`.
    public func canonicalBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        JCS.canonicalBytes(try encode(value))
    }
}
