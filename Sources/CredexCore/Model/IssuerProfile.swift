/// A node's self-declared profile (`credex.issuer/1`): who it is, the institutions it attests for,
/// and the keys it signs with. Admins confirm these facts in the trust list, not here.
public struct IssuerProfile: Codable, Hashable, Sendable {
    public static let bodyType = "credex.issuer/1"

    /// An institution the node attests for.
    public struct Institution: Codable, Hashable, Sendable {
        public var id: String
        public var name: LanguageMap
        public var country: CountryCode
        public var identifiers: [Identifier]?
    }

    public var type: String = bodyType
    public var name: LanguageMap
    public var country: CountryCode
    public var url: String?
    public var signingKeys: [KeyID]
    public var institutions: [Institution]?

    public init(
        name: LanguageMap,
        country: CountryCode,
        url: String? = nil,
        signingKeys: [KeyID],
        institutions: [Institution]? = nil
    ) {
        self.name = name
        self.country = country
        self.url = url
        self.signingKeys = signingKeys
        self.institutions = institutions
    }

    public func validate() throws {
        try requireBodyType(type, Self.bodyType)
        try requireNonEmpty(signingKeys, "signingKeys")
    }
}

/// A signed head (`credex.checkpoint/1`): the other logs' heads the node held when it signed.
public struct Checkpoint: Codable, Hashable, Sendable {
    public static let bodyType = "credex.checkpoint/1"

    /// Another issuer's head.
    public struct Head: Codable, Hashable, Sendable {
        public var issuer: NodeID
        public var seq: Int64
        public var id: RecordID
        public init(issuer: NodeID, seq: Int64, id: RecordID) {
            self.issuer = issuer
            self.seq = seq
            self.id = id
        }
    }

    public var type: String = bodyType
    public var seen: [Head]?

    public init(seen: [Head]? = nil) { self.seen = seen }

    public func validate() throws {
        try requireBodyType(type, Self.bodyType)
        for (index, head) in (seen ?? []).enumerated() where head.seq < 1 {
            throw CredexError(.invalidField, "seq starts at 1", pointer: .init(["seen", "\(index)", "seq"]))
        }
    }
}
