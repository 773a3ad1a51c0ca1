import CredexCrypto
import CredexJSON

/// A message an award's issuer signs about the award's personal part, for one recipient node:
/// a *delivery grant* (`credex.personal-grant/1`), which goes with the part and is the recipient's
/// evidence that it may hold it, or an *erasure notice* (`credex.erasure-notice/1`), which asks
/// the recipient to erase the part for good.
///
/// Neither is a record: personal data never enters a log, and neither does who holds it.
public struct PersonalMessage: Codable, Hashable, Sendable {
    /// What the message says.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case grant = "credex.personal-grant/1"
        case erasure = "credex.erasure-notice/1"
    }

    /// Why a recipient was granted the part.
    public enum Reason: String, Codable, Sendable {
        /// Named when the award was issued.
        case firstRecipient = "first-recipient"
        /// The learner asked for the part to be shared with this node.
        case share
    }

    public var type: Kind
    public var federation: String
    public var issuer: NodeID
    public var recipient: NodeID
    public var award: RecordID
    /// The award's learner commitment: the part this message is about.
    public var commitment: Commitment
    /// For a grant.
    public var reason: Reason?
    public var keyId: KeyID
    /// Base64url Ed25519 signature, purpose `credex/v1/personal`, over the canonical JSON of every
    /// other member.
    public var signature: String?

    /// The message signed with `key`, which must be one of `issuer`'s current signing keys.
    public init(
        _ type: Kind,
        federation: String,
        issuer: NodeID,
        recipient: NodeID,
        award: RecordID,
        commitment: Commitment,
        reason: Reason? = nil,
        key: Ed25519PrivateKey
    ) throws {
        self.type = type
        self.federation = federation
        self.issuer = issuer
        self.recipient = recipient
        self.award = award
        self.commitment = commitment
        self.reason = reason
        keyId = KeyID(key.publicKey)
        signature = Base64URL.encode(try key.signature(purpose: .personal, message: try signedBytes()))
    }

    /// The canonical bytes the signature covers.
    func signedBytes() throws -> [UInt8] {
        var unsigned = self
        unsigned.signature = nil
        return try JSONValueEncoder().canonicalBytes(unsigned)
    }

    /// The canonical bytes of the whole message, as sent and kept.
    public func canonicalBytes() throws -> [UInt8] { try JSONValueEncoder().canonicalBytes(self) }

    /// Whether the signature verifies with the key `keyId` names. Whether that key may speak for
    /// `issuer` is a trust question the receiver answers.
    public var hasValidSignature: Bool {
        guard let signature, let raw = Base64URL.decode(signature), raw.count == 64,
            let message = try? signedBytes()
        else { return false }
        return keyId.publicKey.isValidSignature(raw, purpose: .personal, message: message)
    }

    /// Decodes a message from its canonical bytes; a grant must give its reason.
    public init(canonicalBytes bytes: [UInt8]) throws {
        let value: JSONValue
        do {
            value = try StrictJSON.parseCanonical(bytes)
        } catch let error as JSONError {
            throw CredexError(.malformed, "the personal-data message is not canonical JSON: \(error.reason)")
        }
        try self.init(json: value)
    }

    /// Decodes a message from parsed JSON; a grant must give its reason.
    public init(json value: JSONValue) throws {
        self = try JSONValueDecoder().decode(PersonalMessage.self, from: value)
        if type == .grant, reason == nil {
            throw CredexError(.missingField, "a delivery grant gives its reason", pointer: .init(["reason"]))
        }
    }
}
