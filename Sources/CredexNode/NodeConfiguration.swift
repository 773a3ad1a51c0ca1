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

    enum CodingKeys: String, CodingKey {
        case nodeID = "nodeId"
        case federation, signingKey, tlsKey, tlsCertificate, database
    }

    public init(nodeID: NodeID, federation: String) {
        self.nodeID = nodeID
        self.federation = federation
    }

    /// Reads `node.json` strictly: an unknown member is a typo, and is refused.
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
        do {
            let value = try StrictJSON.parse(data, mode: .record)
            return try JSONValueDecoder().decode(NodeConfiguration.self, from: value)
        } catch {
            throw NodeError(.configuration, "\(url.path) is not a valid node configuration: \(error)")
        }
    }

    /// The configuration as pretty JSON, for writing `node.json`.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
