import CredexCore
import CredexJSON
import Foundation

/// The federation's members as a JSON file (`trust.json` in the node directory): the trust source
/// a node reads until the federation's signed trust-list log replaces it. Reloaded on SIGHUP.
///
/// ```json
/// {"federation": "urn:credex:federation:local", "version": 2, "members": [
///   {"nodeId": "did:web:node.dcu.ie", "status": "active", "transport": "mtls",
///    "endpoint": "https://node.dcu.ie:7443", "tlsPins": ["sha256/..."], "signingKeys": ["ed25519:..."]}]}
/// ```
public struct StaticTrustList: Codable, Sendable, Hashable {
    /// How a member is reached and authenticated.
    public enum Transport: String, Codable, Sendable {
        /// Mutual TLS on its peer port, authenticated by pinned TLS keys.
        case mtls
        /// Behind its institution's TLS-terminating proxy: CA-verified TLS to the proxy, requests and
        /// responses signed with the member's signing key (RFC 9421).
        case httpsig
    }

    /// Whether the federation currently admits a member.
    public enum Status: String, Codable, Sendable {
        case active, suspended, withdrawn
    }

    public struct Member: Codable, Sendable, Hashable {
        public var nodeId: NodeID
        public var status: Status
        public var transport: Transport
        /// The base URL peers call: `https://host:port` (mtls) or the proxy's `https://host/path` (httpsig).
        public var endpoint: String
        /// SPKI pins (`sha256/<base64>`) of the member's current TLS keys; several during a rollover.
        public var tlsPins: [String]
        /// The member's record and request signing keys (`ed25519:<base64url>`).
        public var signingKeys: [KeyID]

        public init(
            nodeId: NodeID,
            status: Status = .active,
            transport: Transport = .mtls,
            endpoint: String,
            tlsPins: [String],
            signingKeys: [KeyID]
        ) {
            self.nodeId = nodeId
            self.status = status
            self.transport = transport
            self.endpoint = endpoint
            self.tlsPins = tlsPins
            self.signingKeys = signingKeys
        }
    }

    public var federation: String
    /// Increases with every change; a node refuses to go back to a lower version.
    public var version: Int
    public var members: [Member]

    public init(federation: String, version: Int, members: [Member]) {
        self.federation = federation
        self.version = version
        self.members = members
    }
}

extension StaticTrustList: ConfigurationFile {
    static let what = "trust list"
}
