import CredexCrypto

/// What a record is. Unknown kinds are kept as they are: a node stores and relays a kind it
/// does not know, with its envelope verified and its body marked not understood.
public struct RecordKind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let issuer = RecordKind(rawValue: "issuer")
    public static let spec = RecordKind(rawValue: "spec")
    public static let award = RecordKind(rawValue: "award")
    public static let status = RecordKind(rawValue: "status")
    public static let endorsement = RecordKind(rawValue: "endorsement")
    public static let checkpoint = RecordKind(rawValue: "checkpoint")
    /// The federation's own trust-list log, signed by k of n admins.
    public static let trustList = RecordKind(rawValue: "trustlist")

    /// The kinds this version of Credex understands.
    public static let known: Set<RecordKind> = [.issuer, .spec, .award, .status, .endorsement, .checkpoint, .trustList]

    public var isKnown: Bool { Self.known.contains(self) }
    public var description: String { rawValue }

    /// A kind name is 1-32 lowercase letters, digits or hyphens, starting with a letter.
    var isWellFormed: Bool {
        let bytes = Array(rawValue.utf8)
        return (1...32).contains(bytes.count) && bytes[0].isASCIILower
            && bytes.allSatisfy { $0.isASCIILower || $0.isASCIIDigit || $0 == 0x2D }
    }

    /// The purpose prefix signatures of this kind are made under.
    public var signaturePurpose: SignaturePurpose {
        self == .trustList ? .trustList : .record
    }
}
