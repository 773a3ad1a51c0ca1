import CredexCrypto
import CredexJSON

/// A record's envelope and body before signing: what the signatures cover.
public struct RecordDraft: Sendable, Hashable {
    public var federation: String
    public var kind: RecordKind
    public var issuer: NodeID
    /// The signing key; absent only on the trust-list log, whose versions carry admin signatures.
    public var keyID: KeyID?
    public var seq: Int64
    public var prev: RecordID?
    public var claimedAt: ClaimedTime
    public var body: JSONValue

    public init(
        federation: String,
        kind: RecordKind,
        issuer: NodeID,
        keyID: KeyID?,
        seq: Int64,
        prev: RecordID?,
        claimedAt: ClaimedTime,
        body: JSONValue
    ) throws {
        self.federation = federation
        self.kind = kind
        self.issuer = issuer
        self.keyID = keyID
        self.seq = seq
        self.prev = prev
        self.claimedAt = claimedAt
        self.body = body
        try check()
    }

    /// The envelope members, in the order documented in `Schemas/README.md`.
    private enum Member: String, CaseIterable {
        case credex, federation, kind, issuer, keyId, seq, prev, claimedAt, body
    }

    /// Decodes the envelope members (everything but `signatures`) from `value`.
    init(json value: JSONValue) throws {
        guard case .object(let members) = value else { throw CredexError(.malformed, "a record is a JSON object") }
        for name in members.keys.sorted() where Member(rawValue: name) == nil {
            throw CredexError(.unknownField, "unknown envelope member \"\(name)\"", pointer: .init([name]))
        }
        let decoder = JSONValueDecoder()
        func field<T: Decodable>(_ member: Member, _ type: T.Type) throws -> T? {
            guard let raw = members[member.rawValue] else { return nil }
            return try decoder.decode(type, from: raw, at: JSONPointer([member.rawValue]))
        }
        func required<T: Decodable>(_ member: Member, _ type: T.Type) throws -> T {
            guard let value = try field(member, type) else {
                throw CredexError(.missingField, "missing envelope member \"\(member.rawValue)\"", pointer: .init([]))
            }
            return value
        }
        let version = try required(.credex, Int64.self)
        guard version == Record.formatVersion else {
            throw CredexError(
                .invalidField,
                "record format \(version) is not supported (this node reads format 1)",
                pointer: .init(["credex"])
            )
        }
        guard let body = members["body"] else {
            throw CredexError(.missingField, "missing envelope member \"body\"", pointer: .init([]))
        }
        try self.init(
            federation: try required(.federation, String.self),
            kind: RecordKind(rawValue: try required(.kind, String.self)),
            issuer: try required(.issuer, NodeID.self),
            keyID: try field(.keyId, KeyID.self),
            seq: try required(.seq, Int64.self),
            prev: try field(.prev, RecordID.self),
            claimedAt: try required(.claimedAt, ClaimedTime.self),
            body: body
        )
    }

    /// The rules every envelope obeys, whatever its body.
    private func check() throws {
        guard !federation.isEmpty, federation.utf8.count <= 256, federation.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw CredexError(
                .invalidField,
                "the federation id is empty or not printable ASCII",
                pointer: .init(["federation"])
            )
        }
        guard kind.isWellFormed else {
            throw CredexError(.invalidField, "\"\(kind)\" is not a kind name", pointer: .init(["kind"]))
        }
        guard keyID != nil || kind == .trustList else {
            throw CredexError(.missingField, "missing envelope member \"keyId\"", pointer: .init([]))
        }
        guard keyID == nil || kind != .trustList else {
            throw CredexError(
                .invalidField,
                "a trust-list version has no keyId: its admins sign it in signatures",
                pointer: .init(["keyId"])
            )
        }
        guard seq >= 1, seq <= JSONLimits.maximumInteger else {
            throw CredexError(.invalidField, "seq runs from 1 to 2^53 − 1", pointer: .init(["seq"]))
        }
        if seq == 1, prev != nil {
            throw CredexError(.invalidField, "the first record of a log has no prev", pointer: .init(["prev"]))
        }
        if seq > 1, prev == nil {
            throw CredexError(.missingField, "a record at seq \(seq) needs prev", pointer: .init([]))
        }
        guard case .object(let members) = body, case .string(let type)? = members["type"] else {
            throw CredexError(.invalidField, "the body is an object with a type string", pointer: .init(["body"]))
        }
        if let bodyType = BodyType(type), kind.isKnown, bodyType.kind != kind {
            throw CredexError(
                .wrongKind,
                "a \(kind) record cannot carry a \(bodyType.kind) body (\(type))",
                pointer: .init(["body", "type"])
            )
        }
    }

    /// The JSON of the envelope, with `signatures` when given.
    func json(signatures: [RecordSignature]?) -> JSONValue {
        var members: [String: JSONValue] = [
            "credex": .number(Double(Record.formatVersion)),
            "federation": .string(federation),
            "kind": .string(kind.rawValue),
            "issuer": .string(issuer.rawValue),
            "seq": .number(Double(seq)),
            "claimedAt": .string(claimedAt.rawValue),
            "body": body,
        ]
        if let keyID { members["keyId"] = .string(keyID.rawValue) }
        if let prev { members["prev"] = .string(prev.rawValue) }
        if let signatures {
            members["signatures"] = .array(
                signatures.map {
                    .object(["keyId": .string($0.keyID.rawValue), "signature": .string($0.signature)])
                }
            )
        }
        return .object(members)
    }

    /// Purpose prefix, zero byte, canonical envelope without signatures.
    public var signingInput: [UInt8] {
        kind.signaturePurpose.signingInput(JCS.canonicalBytes(json(signatures: nil)))
    }

    /// Signs the draft with `key`, which must be the draft's `keyID`.
    public func signed(with key: Ed25519PrivateKey) throws -> Record {
        guard keyID == KeyID(key.publicKey) else {
            throw CredexError(.badSignature, "the signing key is not the record's keyId \(keyID?.rawValue ?? "-")")
        }
        let signature = try key.signature(for: signingInput)
        let entry = RecordSignature(keyID: KeyID(key.publicKey), signature: Base64URL.encode(signature))
        let record = Record(draft: self, signatures: [entry])
        // Every node refuses a larger record, so none is ever made.
        guard record.canonicalBytes.count <= Record.maximumSize else {
            throw CredexError(.tooLarge, "record of \(record.canonicalBytes.count) bytes exceeds \(Record.maximumSize)")
        }
        return record
    }
}
