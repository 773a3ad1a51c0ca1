import CredexCore
import CredexJSON

/// A W3C Bitstring Status List (Recommendation, 2025): one bit per credential, index 0 the most
/// significant bit of the first byte, at least 131,072 bits, travelling GZIP-compressed and
/// multibase-encoded (`u` + base64url) in a `BitstringStatusListCredential`.
public struct BitstringStatusList: Sendable, Hashable {
    /// The fewest bits a list has, so that a list reveals little about how many credentials exist.
    public static let minimumLength = 131_072
    /// The most bits a list read from elsewhere may have (16 MiB of bits).
    public static let maximumLength = 8 << 24

    /// The bits, eight to a byte.
    public private(set) var bytes: [UInt8]

    /// An all-clear list of at least `length` bits (and never fewer than the minimum).
    public init(length: Int = minimumLength) {
        bytes = [UInt8](repeating: 0, count: (max(length, Self.minimumLength) + 7) / 8)
    }

    /// The number of bits.
    public var count: Int { bytes.count * 8 }

    /// The bit at `index`; reading past the end gives false, setting past the end grows the list.
    public subscript(index: Int) -> Bool {
        get { index >= 0 && index < count && bytes[index / 8] & Self.mask(index) != 0 }
        set {
            precondition(index >= 0, "a status list index is not negative")
            if index >= count { bytes += [UInt8](repeating: 0, count: index / 8 + 1 - bytes.count) }
            if newValue { bytes[index / 8] |= Self.mask(index) } else { bytes[index / 8] &= ~Self.mask(index) }
        }
    }

    private static func mask(_ index: Int) -> UInt8 { 0x80 >> UInt8(index % 8) }

    /// The list as `encodedList` writes it: `u` + base64url (no padding) of its GZIP.
    public func encoded() throws -> String { "u" + Base64URL.encode(try Gzip.compress(bytes)) }

    /// Reads an `encodedList`; refuses anything not multibase base64url of a GZIP of at most
    /// `maximumLength` bits.
    public init(encoded: String) throws {
        guard encoded.hasPrefix("u"), let compressed = Base64URL.decode(String(encoded.dropFirst())) else {
            throw CredexError(.malformed, "an encodedList is \"u\" followed by base64url")
        }
        let bytes = try Gzip.decompress(compressed, limit: Self.maximumLength / 8)
        guard !bytes.isEmpty else { throw CredexError(.malformed, "the status list is empty") }
        self.bytes = bytes
    }

    /// The unsigned `BitstringStatusListCredential` of this list: `id` is where it is published,
    /// `issuer` whoever signs it.
    public func credential(id: String, issuer: String, purpose: String, validFrom: String) throws -> JSONValue {
        [
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": .string(id),
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": .string(issuer),
            "validFrom": .string(validFrom),
            "credentialSubject": [
                "id": .string(id + "#list"),
                "type": "BitstringStatusList",
                "statusPurpose": .string(purpose),
                "encodedList": .string(try encoded()),
            ],
        ]
    }
}
