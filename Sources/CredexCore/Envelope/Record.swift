import CredexCrypto
import CredexJSON

/// A signed record: the envelope, its body, its signatures and its canonical bytes.
///
/// A record is immutable: it is made once by `RecordDraft.signed(with:)` or decoded from its
/// canonical bytes, and its `id` is the SHA-256 of those bytes, signatures included.
public struct Record: Sendable, Hashable {
    /// The one format version this code reads and writes.
    public static let formatVersion: Int64 = 1
    /// The largest record accepted, in canonical bytes.
    public static let maximumSize = 256 * 1024

    /// The envelope and body the signatures cover.
    public let draft: RecordDraft
    /// One signature for ordinary kinds; k of n on the trust-list log.
    public let signatures: [RecordSignature]
    /// The RFC 8785 bytes of the whole record, as it is stored and sent.
    public let canonicalBytes: [UInt8]
    /// SHA-256 of `canonicalBytes`.
    public let id: RecordID

    public var federation: String { draft.federation }
    public var kind: RecordKind { draft.kind }
    public var issuer: NodeID { draft.issuer }
    public var keyID: KeyID? { draft.keyID }
    public var seq: Int64 { draft.seq }
    public var prev: RecordID? { draft.prev }
    public var claimedAt: ClaimedTime { draft.claimedAt }
    public var body: JSONValue { draft.body }

    init(draft: RecordDraft, signatures: [RecordSignature]) {
        self.draft = draft
        self.signatures = signatures
        canonicalBytes = JCS.canonicalBytes(draft.json(signatures: signatures))
        id = RecordID(canonicalBytes: canonicalBytes)
    }

    /// Decodes a record that travelled or was stored: the bytes must be canonical.
    public init(canonicalBytes bytes: [UInt8]) throws {
        guard bytes.count <= Self.maximumSize else {
            throw CredexError(.tooLarge, "record of \(bytes.count) bytes exceeds \(Self.maximumSize)")
        }
        let value: JSONValue
        do {
            value = try StrictJSON.parseCanonical(bytes)
        } catch let error as JSONError {
            let code: CredexError.Code = error.code == .nonCanonical ? .nonCanonical : .malformed
            throw CredexError(code, error.reason, pointer: error.pointer, cause: error)
        }
        try self.init(json: value)
    }

    /// Decodes a record from a parsed document (a file a person handed over, which may be
    /// pretty-printed); its canonical bytes are recomputed.
    public init(json value: JSONValue) throws {
        guard case .object(var members) = value else { throw CredexError(.malformed, "a record is a JSON object") }
        guard let signatureList = members.removeValue(forKey: "signatures") else {
            throw CredexError(.missingField, "missing member \"signatures\"", pointer: .init([]))
        }
        let draft = try RecordDraft(json: .object(members))
        let signatures = try JSONValueDecoder().decode(
            [RecordSignature].self,
            from: signatureList,
            at: JSONPointer(["signatures"])
        )
        try Self.checkSignatureList(signatures, draft: draft)
        self.init(draft: draft, signatures: signatures)
        guard canonicalBytes.count <= Self.maximumSize else {
            throw CredexError(.tooLarge, "record of \(canonicalBytes.count) bytes exceeds \(Self.maximumSize)")
        }
    }

    private static func checkSignatureList(_ signatures: [RecordSignature], draft: RecordDraft) throws {
        let pointer = JSONPointer(["signatures"])
        guard !signatures.isEmpty else { throw CredexError(.invalidField, "no signatures", pointer: pointer) }
        if draft.kind == .trustList {
            guard Set(signatures.map(\.keyID)).count == signatures.count else {
                throw CredexError(.invalidField, "a key signs a trust-list version once", pointer: pointer)
            }
        } else {
            guard signatures.count == 1, signatures[0].keyID == draft.keyID else {
                throw CredexError(
                    .invalidField,
                    "a \(draft.kind) record carries exactly one signature, by its keyId",
                    pointer: pointer
                )
            }
        }
    }

    /// The bytes every signature covers: the purpose prefix, a zero byte, then the canonical
    /// envelope without `signatures`.
    public var signingInput: [UInt8] { draft.signingInput }

    /// Checks every signature against the key its id names. Whether those keys may sign for
    /// this issuer at this position is a trust question, answered elsewhere.
    public func verifySignatures() -> SignatureCheck {
        let input = signingInput
        var problems: [String] = []
        for (index, entry) in signatures.enumerated() {
            guard let raw = Base64URL.decode(entry.signature), raw.count == 64 else {
                problems.append("signature \(index) is not 64 bytes of base64url")
                continue
            }
            if !entry.keyID.publicKey.isValidSignature(raw, for: input) {
                problems.append("signature \(index) by \(entry.keyID) does not verify")
            }
        }
        return SignatureCheck(problems: problems)
    }
}

/// One entry of a record's signature list.
public struct RecordSignature: Codable, Hashable, Sendable {
    public var keyID: KeyID
    /// Base64url of the 64-byte Ed25519 signature.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case keyID = "keyId"
        case signature
    }

    public init(keyID: KeyID, signature: String) {
        self.keyID = keyID
        self.signature = signature
    }

    /// Refuses a signature that is not 64 bytes of unpadded base64url in its canonical spelling.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyID = try container.decode(KeyID.self, forKey: .keyID)
        signature = try container.decode(String.self, forKey: .signature)
        guard let raw = Base64URL.decode(signature), raw.count == 64 else {
            throw DecodingError.dataCorruptedError(
                forKey: .signature,
                in: container,
                debugDescription: "a signature is 64 bytes of unpadded base64url (86 characters)"
            )
        }
    }
}

/// The outcome of checking signatures: a value, not a throw, with the reasons it failed.
public struct SignatureCheck: Sendable, Hashable {
    public let problems: [String]
    public var isValid: Bool { problems.isEmpty }
}
