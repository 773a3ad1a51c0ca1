import CredexCore
import CredexCrypto
import CredexJSON
import CredexMapping
import CredexStore
import Foundation

/// This node's revocations as a W3C `BitstringStatusListCredential`, signed `eddsa-jcs-2022` by
/// the node's `did:key` and published on the API port at `path`, so verifiers outside the
/// federation see a revocation. Bit n is the record at seq n of this node's log: the index the
/// node's signed OB 3.0 exports carry in `credentialStatus`.
public actor RevocationList {
    /// Where the API port serves the list.
    public static let path = "/credex/v1/status/revocation"

    let store: any RecordStore
    let nodeID: NodeID
    let key: Ed25519PrivateKey
    /// The list's own URL: the node's `publicURL` and `path`.
    public let url: String
    let now: @Sendable () -> Date
    /// The signed credential and the head of this node's log it was built at.
    private var cached: (head: Int64, bytes: [UInt8])?

    public init(
        store: any RecordStore,
        nodeID: NodeID,
        key: Ed25519PrivateKey,
        publicURL: String,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.nodeID = nodeID
        self.key = key
        url = Self.url(publicURL: publicURL)
        self.now = now
    }

    /// The list's URL under a node's public API URL.
    public static func url(publicURL: String) -> String {
        (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + path
    }

    /// The signed credential, rebuilt only when this node's log has grown since the last one.
    public func credential() async throws -> [UInt8] {
        let head = try await store.head(of: nodeID)?.seq ?? 0
        if let cached, cached.head == head { return cached.bytes }
        let list = try await Self.revocations(in: store, of: nodeID)
        let issuer = DidKey.verificationMethod(for: key.publicKey).split(separator: "#")[0]
        let created = ClaimedTime(now()).rawValue
        let unsigned = try list.credential(id: url, issuer: String(issuer), purpose: "revocation", validFrom: created)
        let bytes = JCS.canonicalBytes(try OpenBadges.sign(unsigned, key: key, created: created))
        cached = (head, bytes)
        return bytes
    }

    /// The bits of `nodeID`'s revoked records, read from the status records of its own log.
    static func revocations(in store: any RecordStore, of nodeID: NodeID) async throws -> BitstringStatusList {
        var list = BitstringStatusList()
        var after: Int64 = 0
        while true {
            let page = try await store.log(issuer: nodeID, afterSeq: after, limit: 5_000)
            guard let last = page.last else { break }
            for stored in page where stored.record.kind == .status {
                guard case .status(let change) = RecordBody(of: stored.record), change.action == .revoke,
                    let target = try await store.record(id: change.target), target.record.issuer == nodeID
                else { continue }
                list[Int(target.record.seq)] = true
            }
            after = last.record.seq
        }
        return list
    }
}
