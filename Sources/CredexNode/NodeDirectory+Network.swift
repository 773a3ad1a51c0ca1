import CredexCore
import CredexCrypto
import Foundation

extension NodeDirectory {
    /// The node's TLS key and self-signed certificate.
    public func tlsIdentity(_ configuration: NodeConfiguration) throws -> TLSIdentity {
        try TLSIdentity(
            keyFile: file(configuration.tlsKey),
            certificateFile: file(configuration.tlsCertificate)
        )
    }

    /// The trust list the node acts on, checked.
    /// - Throws: `NodeError(.configuration)` if it cannot be read, is invalid, or is another federation's.
    public func trust(_ configuration: NodeConfiguration) throws -> FederationTrust {
        let url = file(configuration.trustListPath)
        let trust = try FederationTrust(StaticTrustList.read(from: url))
        guard trust.federation == configuration.federation else {
            throw NodeError(
                .configuration,
                "\(url.path) is the trust list of \(trust.federation), not of \(configuration.federation)"
            )
        }
        return trust
    }

    /// A one-member trust list: this node alone, active over mutual TLS at `endpoint`.
    static func soloTrustList(
        configuration: NodeConfiguration,
        identity: TLSIdentity,
        signingKey: Ed25519PublicKey,
        endpoint: String
    ) -> StaticTrustList {
        StaticTrustList(
            federation: configuration.federation,
            version: 1,
            members: [
                .init(
                    nodeId: configuration.nodeID,
                    endpoint: endpoint,
                    tlsPins: [identity.publicKeyPin],
                    signingKeys: [KeyID(signingKey)]
                )
            ]
        )
    }
}
