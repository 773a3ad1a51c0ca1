import CredexCore

/// The heads a peer holds: the seq and id at the end of every log, and a digest of them all that
/// a long poll waits to see change.
public struct PeerHeads: Codable, Sendable, Hashable {
    public struct Head: Codable, Sendable, Hashable {
        public var issuer: NodeID
        public var seq: Int64
        public var id: RecordID

        public init(issuer: NodeID, seq: Int64, id: RecordID) {
            self.issuer = issuer
            self.seq = seq
            self.id = id
        }
    }

    /// The trust-list version a node has in force: its number and content id (the SHA-256 of the
    /// version's canonical bytes without signatures, as `credex trust show` prints it).
    public struct TrustList: Codable, Sendable, Hashable {
        public var version: Int64
        public var contentID: RecordID

        public init(version: Int64, contentID: RecordID) {
            self.version = version
            self.contentID = contentID
        }

        enum CodingKeys: String, CodingKey {
            case version
            case contentID = "contentId"
        }
    }

    /// The node that answered.
    public var node: NodeID
    public var heads: [Head]
    /// SHA-256 (hex) of the heads' canonical JSON (with `trustList`, of both; see the protocol
    /// README): equal digests, equal heads and trust list.
    public var digest: String
    /// The trust-list version in force at the node that answered; absent in answers of nodes that
    /// predate it, which still decode. A claim, like the heads: a node that sees a newer version
    /// fetches the history and checks it before anything changes.
    public var trustList: TrustList?

    public init(node: NodeID, heads: [Head], digest: String, trustList: TrustList? = nil) {
        self.node = node
        self.heads = heads
        self.digest = digest
        self.trustList = trustList
    }
}

/// What replication asks of one peer, over whatever transport reaches it.
public protocol PeerSource: Sendable {
    /// The peer's node id.
    var peer: NodeID { get }
    /// The peer's heads; with `known`, the peer may hold the answer up to `wait` until its
    /// digest differs from `known` (a long poll).
    func heads(known: String?, wait: Duration) async throws -> PeerHeads
    /// Up to `limit` records of `issuer`'s log after `after`, as a frames body (`RecordFrames`).
    /// A transport stops reading at `RecordFrames.maximumBodySize(limit:)` bytes and returns what
    /// it read, so an endless response is cut off and refused as overlong.
    func records(issuer: NodeID, after: Int64, limit: Int) async throws -> [UInt8]
}
