import CredexCrypto
import Foundation

/// A token's public id, `tk_` and 16 lowercase hex digits: safe to show, log and audit.
public struct TokenID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Checks the form; the CLI's `token revoke ID` goes through here.
    public init(validating text: String) throws {
        guard text.utf8.count == 19, text.hasPrefix("tk_"), text.utf8.dropFirst(3).allSatisfy(Secrets.isLowerHex)
        else {
            throw AccessError(.invalid, "a token id is tk_ and 16 lowercase hex digits, as `credex token list` shows")
        }
        rawValue = text
    }

    private init(unchecked: String) { rawValue = unchecked }

    /// A fresh random id (64 bits: ids only need to be unique, the secret is separate).
    static func generate() -> TokenID { TokenID(unchecked: "tk_" + Secrets.hex(SecureRandom.bytes(8))) }

    public var description: String { rawValue }

    public static func < (lhs: TokenID, rhs: TokenID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(validating: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What the node keeps about a token: never the token itself, only its SHA-256.
public struct TokenRecord: Sendable, Hashable {
    public let id: TokenID
    /// The person holding it, as the admin typed it (personal data: never audited or logged).
    public let name: String
    public let role: Role
    public let createdAt: Date
    /// After this instant the token no longer signs in; nil for never.
    public let expiresAt: Date?
    /// When it was revoked; nil while it is not.
    public let revokedAt: Date?

    public init(id: TokenID, name: String, role: Role, createdAt: Date, expiresAt: Date?, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// Whether the token signs in at `now`: not revoked and not expired.
    public func isActive(at now: Date) -> Bool {
        guard revokedAt == nil else { return false }
        guard let expiresAt else { return true }
        return now < expiresAt
    }

    /// `active`, `expired` or `revoked` at `now`, for listings.
    public func state(at now: Date) -> String {
        if isRevoked { return "revoked" }
        return isActive(at: now) ? "active" : "expired"
    }
}

/// A token just created: the secret, shown to its holder once and never stored, and its record.
public struct IssuedToken: Sendable {
    /// `credex_` and 43 base64url characters (256 random bits). Show once; never log.
    public let secret: String
    public let record: TokenRecord
}

/// Making and hashing the secrets of tokens, sessions and CSRF tokens.
///
/// Each hash has its own purpose prefix, so a session id's stored hash can never be confused
/// with a token's, and the CSRF token derived from a session id is not its stored hash.
enum Secrets {
    static let tokenPrefix = "credex_"

    /// A new bearer token: 256 random bits.
    static func newToken() -> String { tokenPrefix + base64URL(SecureRandom.bytes(32)) }

    /// A new session id: 256 random bits.
    static func newSessionID() -> String { base64URL(SecureRandom.bytes(32)) }

    /// The stored form of a bearer token. The tokens are 256-bit random, so one SHA-256 (no salt,
    /// no stretching) is as strong as the token and lets the store look it up by an index.
    static func tokenHash(_ token: String) -> [UInt8] {
        SHA256.hash(Array("credex/v1/token\u{0}".utf8) + Array(token.utf8))
    }

    /// The stored form of a session id.
    static func sessionHash(_ sessionID: String) -> [UInt8] {
        SHA256.hash(Array("credex/v1/session\u{0}".utf8) + Array(sessionID.utf8))
    }

    /// A session's CSRF token: derived from the session id, so it is never stored, and a
    /// database leak reveals neither.
    static func csrfToken(_ sessionID: String) -> String {
        base64URL(SHA256.hash(Array("credex/v1/csrf\u{0}".utf8) + Array(sessionID.utf8)))
    }

    /// Whether `text` has the shape of a token (so garbage is refused before any lookup).
    static func looksLikeToken(_ text: String) -> Bool {
        text.utf8.count == tokenPrefix.utf8.count + 43 && text.hasPrefix(tokenPrefix)
            && text.utf8.dropFirst(tokenPrefix.utf8.count).allSatisfy(isBase64URL)
    }

    /// Whether `text` has the shape of a session id.
    static func looksLikeSessionID(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy(isBase64URL)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
    }

    static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
            || byte == 0x5F
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual<A: Collection<UInt8>, B: Collection<UInt8>>(_ lhs: A, _ rhs: B) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
