import COpenSSL
import Foundation

/// An `SSL_CTX` configured once: TLS 1.3 only, no early data, our identity (P-256 key and a
/// certificate, optionally with intermediates), ALPN, and how the peer's certificate is verified.
///
/// With `.pinned(trust)` (federation members) peer certificates are never checked against a CA, a
/// host name or their validity dates: a verify callback accepts a peer iff the SPKI pin of its leaf
/// certificate is in the trust snapshot (so an expired pinned certificate is accepted). A client
/// always requires the server's certificate; a server asks for a client certificate only when
/// `requirePeerCertificate` is true (an API port for browsers does not).
///
/// With `.certificateAuthorities` (a client reaching a member behind a TLS-terminating proxy) the
/// server's chain must lead to a trusted CA, be within its validity dates and name the host given to
/// `TLSEngine` as `serverName`.
///
/// Session tickets (stateless, TLS 1.3) are enabled with a 300 s lifetime. A client context keeps
/// the newest ticket per server name (the `serverName` given to `TLSEngine`, or none) and offers it,
/// once, on the next engine made for that name; `TLSEngine.sessionReused` says whether it was used.
///
/// `rotateTicketKeys()` and `update(trust:)` replace the underlying `SSL_CTX` with a freshly
/// configured one, which has new random ticket keys, so tickets issued before cannot be decrypted,
/// and give the client a new, empty session cache. This is simpler and race-free compared with
/// changing ticket keys in an `SSL_CTX` other threads are using. Engines already made keep the
/// `SSL_CTX`, trust snapshot and session cache they started with.
///
/// `Sendable`: the configuration is immutable; the current `SSL_CTX`, peer verification and session
/// cache are replaced together behind one lock.
public final class TLSContext: Sendable {
    /// Which side of the handshake engines made from this context play.
    public enum Role: Sendable {
        /// Accepts connections (`SSL_accept` state).
        case server
        /// Makes connections (`SSL_connect` state).
        case client
    }

    /// How the peer's certificate is verified.
    public enum PeerVerification: Sendable {
        /// By the SPKI pin of the peer's leaf certificate only: no CA, host name or date checks.
        case pinned(TLSTrustSnapshot)
        /// By the chain (client contexts only): issued by a CA in the system store or among the PEM
        /// certificates of `additionalPEM`, within its validity dates, and naming the engine's
        /// `serverName`. Engines report no peer node id.
        case certificateAuthorities(additionalPEM: String?)
    }

    /// What engines made now use, replaced whole so no engine mixes ticket keys and trust.
    struct Generation: Sendable {
        let handle: TLSContextHandle
        let verification: PeerVerification
        let sessionCache: TLSSessionCache
    }

    /// The role of engines made from this context.
    public let role: Role
    /// Our ALPN protocols, most preferred first; empty when ALPN is not used.
    public let alpn: [String]
    /// Whether the peer must present a verified certificate (always true for a client).
    public let requirePeerCertificate: Bool

    private let identity: TLSIdentity?
    private let current: TLSLocked<Generation>

    /// Configures a context that verifies peers by `verification`.
    ///
    /// - Parameters:
    ///   - role: server or client.
    ///   - identity: our key and certificate chain; required for a server, optional for a client (a
    ///     client without one cannot connect to a server that requires client certificates).
    ///   - alpn: ALPN protocol names, most preferred first (each 1 to 255 bytes); a server selects the
    ///     first of its own that the client offers and refuses the handshake if there is none.
    ///   - requirePeerCertificate: for a server, ask for a client certificate and refuse clients
    ///     without a pinned one (mutual TLS). Ignored for a client, which always verifies the server.
    ///   - verification: pins, or (clients only) certificate authorities.
    /// - Throws: `CryptoError` if the identity, ALPN list or additional CA certificates are invalid,
    ///   a server is asked to verify certificate authorities, or OpenSSL fails.
    public init(
        role: Role,
        identity: TLSIdentity?,
        alpn: [String],
        requirePeerCertificate: Bool,
        verification: PeerVerification
    ) throws {
        for name in alpn where !(1...255).contains(name.utf8.count) {
            throw CryptoError(.openSSL, "ALPN protocol name \"\(name)\" must be 1 to 255 bytes")
        }
        if role == .server && identity == nil {
            throw CryptoError(.certificate, "a TLS server context needs an identity")
        }
        if role == .server, case .certificateAuthorities = verification {
            throw CryptoError(.certificate, "a TLS server context verifies client certificates by pins only")
        }
        self.role = role
        self.alpn = alpn
        self.requirePeerCertificate = role == .client || requirePeerCertificate
        self.identity = identity
        let handle = try Self.makeHandle(
            role: role,
            identity: identity,
            alpn: alpn,
            requirePeerCertificate: role == .client || requirePeerCertificate,
            verification: verification
        )
        current = TLSLocked(Generation(handle: handle, verification: verification, sessionCache: TLSSessionCache()))
    }

    /// Configures a context that verifies peers by their pins in `trust`; see
    /// `init(role:identity:alpn:requirePeerCertificate:verification:)`.
    public convenience init(
        role: Role,
        identity: TLSIdentity?,
        alpn: [String],
        requirePeerCertificate: Bool,
        trust: TLSTrustSnapshot
    ) throws {
        try self.init(
            role: role,
            identity: identity,
            alpn: alpn,
            requirePeerCertificate: requirePeerCertificate,
            verification: .pinned(trust)
        )
    }

    /// How engines made from now on verify the peer.
    public var verification: PeerVerification { current.withLock { $0.verification } }

    /// The pins engines made from now on check peers against; empty (version 0) for a context that
    /// verifies certificate authorities.
    public var trust: TLSTrustSnapshot {
        guard case .pinned(let trust) = verification else { return TLSTrustSnapshot(pins: [:], version: 0) }
        return trust
    }

    /// Puts `trust` in force: engines made from now on verify peers against it, and session tickets
    /// issued or received before can no longer resume (as after `rotateTicketKeys()`), so a removed
    /// member cannot come back through an old ticket. Engines already made keep their snapshot.
    ///
    /// The new snapshot, ticket keys and client session cache replace the old ones together: no
    /// engine sees the new ticket keys with the old snapshot or the other way round.
    /// - Throws: `CryptoError` if the context verifies certificate authorities, or if OpenSSL fails
    ///   (the old snapshot then stays in force).
    public func update(trust: TLSTrustSnapshot) throws {
        guard case .pinned = verification else {
            throw CryptoError(.certificate, "a TLS context that verifies certificate authorities has no trust list")
        }
        let verification = PeerVerification.pinned(trust)
        let handle = try makeHandle(verification)
        current.withLock {
            $0 = Generation(handle: handle, verification: verification, sessionCache: TLSSessionCache())
        }
    }

    /// Makes session tickets issued so far unusable: later handshakes with them are full handshakes.
    ///
    /// Replaces the `SSL_CTX` with a new one (fresh random ticket keys); existing engines are not
    /// affected. On a client context this also forgets the cached sessions.
    /// - Throws: `CryptoError` if OpenSSL fails; the old context then stays in use.
    public func rotateTicketKeys() throws {
        // A pinned handle does not depend on the snapshot, and a CA context's verification never
        // changes, so a concurrent `update(trust:)` cannot be undone by keeping the current one.
        let handle = try makeHandle(verification)
        current.withLock {
            $0 = Generation(handle: handle, verification: $0.verification, sessionCache: TLSSessionCache())
        }
    }

    /// The `SSL_CTX`, verification and session cache new engines use.
    var generation: Generation { current.withLock { $0 } }

    /// ALPN names as bytes, for the server's selection callback.
    var alpnBytes: [[UInt8]] { alpn.map { Array($0.utf8) } }

    private func makeHandle(_ verification: PeerVerification) throws -> TLSContextHandle {
        try Self.makeHandle(
            role: role,
            identity: identity,
            alpn: alpn,
            requirePeerCertificate: requirePeerCertificate,
            verification: verification
        )
    }
}
