import CredexJSON

/// A body type, `credex.<kind>/<major>`.
public struct BodyType: Hashable, Sendable {
    public let kind: RecordKind
    public let major: Int

    public init?(_ text: String) {
        guard text.hasPrefix("credex."), let slash = text.lastIndex(of: "/"),
            let major = Int(text[text.index(after: slash)...]), major >= 1
        else { return nil }
        kind = RecordKind(rawValue: String(text[text.index(text.startIndex, offsetBy: 7)..<slash]))
        self.major = major
    }
}

/// A record's body as this node understands it.
public enum RecordBody: Sendable, Hashable {
    case issuer(IssuerProfile)
    case spec(CredentialSpec)
    case award(Award)
    case status(StatusChange)
    case endorsement(Endorsement)
    case checkpoint(Checkpoint)
    /// Stored and relayed, but not interpreted: an unknown kind, a newer body version, or a body
    /// that fails its schema. The reason is shown to officers as a flag.
    case notUnderstood(reason: String)

    /// Interprets `record`'s body. Never throws: what cannot be read becomes `notUnderstood`,
    /// because a node must not refuse what a newer node may have correctly signed.
    public init(of record: Record) {
        do {
            self = try Self.decode(kind: record.kind, body: record.body)
        } catch {
            self = .notUnderstood(reason: "\(error)")
        }
    }

    /// Decodes and validates a body of `kind`, throwing on any problem; used when issuing.
    public static func decode(kind: RecordKind, body: JSONValue) throws -> RecordBody {
        let pointer = JSONPointer(["body"])
        guard case .string(let typeName)? = body["type"], let type = BodyType(typeName) else {
            throw CredexError(.invalidField, "the body has no credex body type", pointer: pointer.appending("type"))
        }
        guard kind.isKnown else { return .notUnderstood(reason: "unknown kind \"\(kind)\"") }
        guard type.kind == kind else {
            throw CredexError(
                .wrongKind,
                "a \(kind) record cannot carry \(typeName)",
                pointer: pointer.appending("type")
            )
        }
        guard type.major == 1 else { return .notUnderstood(reason: "body version \(typeName) is newer than this node") }
        let decoder = JSONValueDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ validate: (T) throws -> Void) throws -> T {
            let value = try decoder.decode(type, from: body, at: pointer)
            do {
                try validate(value)
            } catch let error as CredexError {
                throw CredexError(
                    error.code,
                    error.reason,
                    pointer: JSONPointer(pointer.tokens + (error.pointer?.tokens ?? []))
                )
            }
            return value
        }
        switch kind {
        case .issuer: return .issuer(try decode(IssuerProfile.self) { try $0.validate() })
        case .spec: return .spec(try decode(CredentialSpec.self) { try $0.validate() })
        case .award: return .award(try decode(Award.self) { try $0.validate() })
        case .status: return .status(try decode(StatusChange.self) { try $0.validate() })
        case .endorsement: return .endorsement(try decode(Endorsement.self) { try $0.validate() })
        case .checkpoint: return .checkpoint(try decode(Checkpoint.self) { try $0.validate() })
        default: return .notUnderstood(reason: "\(kind) bodies are read by the trust-list module")
        }
    }

    /// Whether this is an award's body.
    public var isAward: Bool {
        if case .award = self { return true }
        return false
    }

    /// False for bodies stored and relayed without being interpreted.
    public var isUnderstood: Bool {
        if case .notUnderstood = self { return false }
        return true
    }
}
