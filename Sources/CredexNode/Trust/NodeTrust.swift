import CredexCrypto
import CredexNet
import CredexTrust
import Foundation
import Logging
import NIOConcurrencyHelpers

/// The trust a running node acts on now, and everything that must follow it when it changes: the
/// peer TLS contexts (pins for new handshakes, fresh ticket keys so no session resumes past a
/// change) and the open peer connections of the members a change affects, which are closed.
public final class NodeTrust: Sendable {
    /// The mutual-TLS server context of the peer port.
    public let peerServerTLS: TLSContext
    /// The pinned client context for calling mutual-TLS members.
    public let peerClientTLS: TLSContext
    /// Peer connections, accepted and made, bound to members at their handshakes.
    public let connections = PeerConnections()

    private let state: NIOLockedValueBox<FederationTrust>
    private let logger: Logger

    /// Sets up the peer TLS contexts for `identity` under `trust`.
    /// - Throws: `CryptoError` if a context cannot be made.
    public init(_ trust: FederationTrust, identity: TLSIdentity, logger: Logger) throws {
        peerServerTLS = try TLSContext(
            role: .server,
            identity: identity,
            alpn: [PeerProtocol.alpn],
            requirePeerCertificate: true,
            trust: trust.tlsSnapshot
        )
        peerClientTLS = try TLSContext(
            role: .client,
            identity: identity,
            alpn: [PeerProtocol.alpn],
            requirePeerCertificate: true,
            trust: trust.tlsSnapshot
        )
        state = NIOLockedValueBox(trust)
        self.logger = logger
        warnIfStale(trust)
    }

    /// The trust in force.
    public var current: FederationTrust { state.withLockedValue { $0 } }

    /// Puts `newer` in force: refuses an older or same-numbered different version, updates the TLS
    /// contexts (rotating their ticket keys), then closes the connections of every member whose
    /// entry changed. Returns those members' node ids.
    /// - Throws: `NodeError(.refused)` for a rollback, `CryptoError` if a context cannot be updated
    ///   (the old trust then stays in force).
    @discardableResult
    public func update(to newer: FederationTrust) throws -> Set<String> {
        let changed = try state.withLockedValue { current -> Set<String> in
            guard newer.federation == current.federation else {
                throw NodeError(
                    .refused,
                    "the trust list is for federation \(newer.federation), not \(current.federation)"
                )
            }
            guard newer.version > current.version else {
                throw NodeError(
                    .refused,
                    "trust list version \(newer.version) is not newer than version \(current.version) in force"
                )
            }
            try peerServerTLS.update(trust: newer.tlsSnapshot)
            try peerClientTLS.update(trust: newer.tlsSnapshot)
            let changed = current.membersChanged(in: newer)
            current = newer
            return changed
        }
        let closed = connections.close(where: changed.contains)
        logger.notice(
            "trust list updated",
            metadata: [
                "trust.version": "\(newer.version)",
                "trust.changed": "\(changed.sorted())",
                "peer.connectionsClosed": "\(closed)",
            ]
        )
        warnIfStale(newer)
        return changed
    }

    /// Logs, on every change and at start, that the admins' next update is overdue: the list is
    /// still used, and every view says so.
    func warnIfStale(_ trust: FederationTrust, now: Date = Date()) {
        guard trust.isStale(now: now) else { return }
        logger.warning(
            "trust list is stale",
            metadata: ["trust.version": "\(trust.version)", "trust.nextUpdate": "\(trust.content.nextUpdate)"]
        )
    }
}

/// Constants of the node-to-node protocol.
public enum PeerProtocol {
    /// The ALPN id of the peer port.
    public static let alpn = "credex/1"
    /// The path prefix of every peer-protocol route.
    public static let pathPrefix = "/credex/v1"
    /// The header naming the protocol's major version on requests and answers, and its value.
    public static let versionHeader = "Credex-Protocol"
    public static let version = "1"
}
