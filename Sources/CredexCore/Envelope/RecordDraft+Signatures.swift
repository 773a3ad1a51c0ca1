import CredexCrypto
import CredexJSON

/// Signing by several keys, as trust-list versions are: each admin signs the same draft offline,
/// and the signatures are gathered into one record.
extension RecordDraft {
    /// SHA-256 of the canonical envelope without signatures. A trust-list version names its
    /// predecessor by this, so the same version with one more signature is never a fork.
    public var contentID: RecordID { RecordID(canonicalBytes: JCS.canonicalBytes(json(signatures: nil))) }

    /// One signature by `key` over `signingInput`, whatever the draft's `keyID`.
    /// - Throws: `CryptoError` if OpenSSL fails.
    public func signature(by key: Ed25519PrivateKey) throws -> RecordSignature {
        RecordSignature(keyID: KeyID(key.publicKey), signature: Base64URL.encode(try key.signature(for: signingInput)))
    }

    /// The record carrying `signatures`, checked as a record that arrived would be (at least one,
    /// each key once, one by `keyID` for ordinary kinds, within the size limit). The signatures
    /// themselves are verified by `Record.verifySignatures()`.
    /// - Throws: `CredexError` if the list or size is not acceptable.
    public func record(signatures: [RecordSignature]) throws -> Record {
        try Record(json: json(signatures: signatures))
    }

    /// Reads a draft from its JSON: an envelope without `signatures` (a trust-list proposal).
    /// - Throws: `CredexError` naming the member at fault.
    public init(envelope value: JSONValue) throws {
        try self.init(json: value)
    }

    /// The envelope as JSON, without signatures.
    public var envelope: JSONValue { json(signatures: nil) }
}
