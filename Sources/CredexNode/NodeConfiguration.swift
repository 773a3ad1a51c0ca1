import CredexCore
import CredexJSON
import Foundation

/// A node's configuration, `node.json` in its data directory. Paths are relative to the directory.
public struct NodeConfiguration: Codable, Sendable, Hashable {
    public var nodeID: NodeID
    public var federation: String
    public var signingKey = "keys/signing-key.pem"
    public var tlsKey = "keys/tls-key.pem"
    public var tlsCertificate = "keys/tls-certificate.pem"
    public var database = "credex.sqlite"
    /// The content id of the trust-list version this node was given when it joined: the history
    /// it holds must reach it.
    public var trustListPin: RecordID?
    /// Where `credex node run` listens; nil or a nil member: that listener is off.
    public var listen: Listen?
    /// The members this node pulls records from; nil: every active member of the federation.
    public var pullFrom: [NodeID]?
    /// A program (and its arguments) run on a fork or a refused trust-list history, with
    /// `CREDEX_ALERT_KIND` and `CREDEX_ALERT_DETAIL` set; nil: alerts are only logged.
    public var alertCommand: [String]?
    /// Seconds between the signed checkpoints a running node appends (default 3600, at least 60).
    public var checkpointInterval: Int?
    /// The API port's public `https` URL (e.g. `https://credex.example.edu:8443`): the node
    /// publishes its revocation list under it, and its signed exports point there. Nil: none.
    public var publicURL: String?

    /// The listeners of a running node (see `NodeNetwork`).
    public struct Listen: Codable, Sendable, Hashable {
        /// The peer port (mutual TLS): `host:port`.
        public var peer: String?
        /// The API port (server TLS): `host:port`.
        public var api: String?
        /// The plain-HTTP listener behind a TLS-terminating proxy: loopback `host:port` or `unix:PATH`.
        public var proxy: String?
        /// A PEM file with the API port's CA-issued certificate, then its intermediates; nil: the
        /// node's own self-signed certificate.
        public var apiCertificateChain: String?
        /// The private key of `apiCertificateChain` (PEM, mode 0600).
        public var apiKey: String?

        public init(peer: String? = nil, api: String? = nil, proxy: String? = nil) {
            self.peer = peer
            self.api = api
            self.proxy = proxy
        }
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "nodeId"
        case federation, signingKey, tlsKey, tlsCertificate, database, trustListPin, listen, publicURL, pullFrom,
            checkpointInterval, alertCommand
    }

    public init(nodeID: NodeID, federation: String) {
        self.nodeID = nodeID
        self.federation = federation
    }
}

extension NodeConfiguration {
    /// Reads `node.json` strictly: an unknown member is a typo, and is refused.
    /// - Throws: `NodeError(.configuration)` naming the file and the problem.
    public static func read(from url: URL) throws -> NodeConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NodeError(
                .configuration,
                "cannot read \(url.path): is this a node directory? (create one with `credex init`)"
            )
        }
        let configuration: NodeConfiguration
        do {
            configuration = try JSONValueDecoder().decode(
                NodeConfiguration.self,
                from: try StrictJSON.parse(data, mode: .record)
            )
        } catch {
            throw NodeError(.configuration, "\(url.path) is not a valid node configuration: \(error)")
        }
        if let interval = configuration.checkpointInterval, interval < 60 {
            throw NodeError(.configuration, "\(url.path): checkpointInterval is at least 60 seconds, not \(interval)")
        }
        if let publicURL = configuration.publicURL {
            guard let components = URLComponents(string: publicURL), components.scheme == "https",
                components.host?.isEmpty == false, components.query == nil, components.fragment == nil
            else {
                throw NodeError(
                    .configuration,
                    "\(url.path): publicURL \"\(publicURL)\" is not an https URL such as https://credex.example.edu:8443"
                )
            }
        }
        return configuration
    }

    /// The configuration as pretty JSON with sorted keys, for writing `node.json`.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
