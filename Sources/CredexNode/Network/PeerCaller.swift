import CredexCrypto
import CredexNet
import CredexTrust
import Foundation

/// Calls a federation member the way its trust-list entry says, never by local configuration:
/// - `mtls`: to its peer port over mutual TLS, its key pinned, checked to be that member's;
/// - `httpsig`: to its proxy over TLS verified by the system's certificate authorities and the
///   host named in the trust list, the request signed with this node's signing key and the answer
///   refused unless the member signed it.
public struct PeerCaller: Sendable {
    public let trust: NodeTrust
    public let client: PeerHTTPClient
    /// Signs requests to `httpsig` members.
    public let signer: HTTPRequestSigner
    /// The CA-verifying client context for reaching `httpsig` members' proxies.
    public let proxyTLS: TLSContext
    public var now: @Sendable () -> Date = { Date() }

    /// - Parameter additionalCertificateAuthorities: PEM certificates trusted besides the system
    ///   store for proxies (e.g. an institution's private CA).
    /// - Throws: `CryptoError` if the proxy TLS context cannot be made.
    public init(
        trust: NodeTrust,
        signingKey: Ed25519PrivateKey,
        client: PeerHTTPClient = PeerHTTPClient(),
        additionalCertificateAuthorities: String? = nil
    ) throws {
        self.trust = trust
        self.client = client
        signer = HTTPRequestSigner(key: signingKey)
        proxyTLS = try TLSContext(
            role: .client,
            identity: nil,
            alpn: ["http/1.1"],
            requirePeerCertificate: true,
            verification: .certificateAuthorities(additionalPEM: additionalCertificateAuthorities)
        )
    }

    /// Sends `request` (its target relative to the member's endpoint) to member `nodeID`.
    /// - Throws: `NodeError(.refused)` if the member is not active; `HTTPClientError` if the call
    ///   fails or an `httpsig` member's answer is not signed by it.
    public func call(_ nodeID: String, _ request: OutgoingRequest) async throws -> ReceivedResponse {
        guard let member = trust.current.member(nodeID), member.isActive else {
            throw NodeError(.refused, "\(nodeID) is not an active member of the federation")
        }
        let endpoint = PeerHTTPClient.Endpoint(
            host: member.endpoint.host,
            port: member.endpoint.port,
            serverName: member.endpoint.host
        )
        var outgoing = request
        outgoing.target = member.endpoint.basePath + request.target
        switch member.transport {
        case .mtls:
            return try await client.withConnection(
                to: endpoint,
                tls: trust.peerClientTLS,
                expectedPeer: nodeID,
                connections: trust.connections
            ) { try await $0.send(outgoing) }
        case .httpsig:
            let signature = try signer.sign(
                method: request.method,
                targetURI: member.endpoint.url(for: request.target),
                body: request.body,
                now: now()
            )
            outgoing.headers += signature.fields
            let response = try await client.withConnection(to: endpoint, tls: proxyTLS) { try await $0.send(outgoing) }
            let keys = member.signingKeys
            let verifier = SignedResponseVerifier(keys: { id in keys.first { $0.rawValue == id }?.publicKey })
            let outcome = verifier.verify(
                status: response.status,
                headers: response.headers,
                body: response.body,
                requestSignature: signature.signatureBytes,
                now: now()
            )
            guard case .accepted = outcome else {
                throw HTTPClientError(
                    .badResponse,
                    "the answer from \(nodeID) (\(response.status)) is refused: \(outcome)"
                )
            }
            return response
        }
    }
}
