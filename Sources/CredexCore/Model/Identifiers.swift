import CredexCrypto
import Foundation

/// A record's id: lowercase hex SHA-256 of its canonical bytes, signatures included.
public struct RecordID: ValidatedString {
    public let rawValue: String
    public init(validating text: String) throws {
        guard text.utf8.count == 64, text.allBytes(\.isLowerHex) else {
            throw Self.invalid(text, "a record id (64 lowercase hex characters)")
        }
        rawValue = text
    }

    /// The id of `canonicalBytes`.
    public init(canonicalBytes: some Sequence<UInt8>) {
        rawValue = SHA256.hex(canonicalBytes)
    }
}

/// A node's stable id, `did:web:<host>` or a URN; never derived from a key, so keys can rotate.
public struct NodeID: ValidatedString {
    public let rawValue: String
    public init(validating text: String) throws {
        let bytes = Array(text.utf8)
        let valid: Bool
        if text.hasPrefix("did:web:") {
            valid =
                bytes.count > 8 && bytes.count <= 256
                && bytes.dropFirst(8).allSatisfy {
                    $0.isASCIIDigit || $0.isASCIILower || $0.isASCIIUpper || ".%:_-".utf8.contains($0)
                }
        } else if text.hasPrefix("urn:") {
            let parts = text.dropFirst(4).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            valid =
                bytes.count <= 256 && parts.count == 2 && (1...32).contains(parts[0].count)
                && parts[0].allBytes({ $0.isASCIIDigit || $0.isASCIILower || $0.isASCIIUpper || $0 == 0x2D })
                && !parts[1].isEmpty && parts[1].allBytes({ $0 > 0x20 && $0 < 0x7F })
        } else {
            valid = false
        }
        guard valid else { throw Self.invalid(text, "a node id (did:web:host or urn:nid:name)") }
        rawValue = text
    }
}

/// A signing key's id: `ed25519:` and the base64url of its raw public key, so a record names the
/// key that verifies it; whether that key may sign for the issuer is a trust question.
public struct KeyID: ValidatedString {
    public let rawValue: String
    /// The public key the id names.
    public let publicKey: Ed25519PublicKey

    public init(validating text: String) throws {
        guard text.hasPrefix("ed25519:"), let raw = Base64URL.decode(String(text.dropFirst(8))), raw.count == 32,
            let key = try? Ed25519PublicKey(rawRepresentation: raw)
        else { throw Self.invalid(text, "a key id (ed25519: and 43 base64url characters)") }
        rawValue = text
        publicKey = key
    }

    public init(_ key: Ed25519PublicKey) {
        rawValue = "ed25519:" + Base64URL.encode(key.rawRepresentation)
        publicKey = key
    }

    public static func == (lhs: KeyID, rhs: KeyID) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// A time as the issuer's clock claims it, RFC 3339 in UTC: shown to people, never used for trust.
public struct ClaimedTime: ValidatedString {
    public let rawValue: String

    /// `date` to the second, e.g. `2026-11-22T15:41:00Z`.
    public init(_ date: Date) {
        rawValue = date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted)
        )
    }

    public init(validating text: String) throws {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0].isASCIIDigit } }
        guard bytes.count >= 20, bytes.last == 0x5A, digits(0..<4), bytes[4] == 0x2D, digits(5..<7),
            bytes[7] == 0x2D, digits(8..<10), bytes[10] == 0x54, digits(11..<13), bytes[13] == 0x3A,
            digits(14..<16), bytes[16] == 0x3A, digits(17..<19),
            bytes.count == 20 || (bytes[19] == 0x2E && bytes.count > 21 && digits(20..<(bytes.count - 1))),
            (try? CalendarDate(validating: String(text.prefix(10)))) != nil,
            let hour = Int(text.dropFirst(11).prefix(2)), hour < 24,
            let minute = Int(text.dropFirst(14).prefix(2)), minute < 60,
            let second = Int(text.dropFirst(17).prefix(2)), second < 60
        else { throw Self.invalid(text, "an RFC 3339 UTC time such as 2026-11-22T15:41:00Z") }
        rawValue = text
    }
}
