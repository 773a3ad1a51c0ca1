import COpenSSL
import Foundation

/// An `SSL_CTX` configured once: TLS 1.3 only, no early data, our identity (P-256 key and
/// self-signed certificate), ALPN, and peer authentication by public key pin only.
///
/// Peer certificates are never checked against a CA, a host name or their validity dates: a verify
/// callback accepts a peer iff the SPKI pin of its leaf certificate is in `trust` (so an expired
/// pinned certificate is accepted). A client always requires and pins the server's certificate; a
/// server asks for a client certificate only when `requirePeerCertificate` is true.
///
/// Session tickets (stateless, TLS 1.3) are enabled with a 300 s lifetime. A client context keeps
/// the newest ticket per server name (the `serverName` given to `TLSEngine`, or none) and offers it,
/// once, on the next engine made for that name; `TLSEngine.sessionReused` says whether it was used.
///
/// `rotateTicketKeys()` replaces the underlying `SSL_CTX` with a freshly configured one, which has
/// new random ticket keys, so tickets issued before cannot be decrypted and the next handshakes are
/// full ones. Engines already made keep the `SSL_CTX` they started with. This is simpler and
/// race-free compared with changing ticket keys in an `SSL_CTX` other threads are using.
///
/// `Sendable`: the configuration is immutable; the current `SSL_CTX` and the client session cache
/// are behind locks.
public final class TLSContext: Sendable {
    /// Which side of the handshake engines made from this context play.
    public enum Role: Sendable {
        /// Accepts connections (`SSL_accept` state).
        case server
        /// Makes connections (`SSL_connect` state).
        case client
    }

    /// The role of engines made from this context.
    public let role: Role
    /// The pins peers are checked against.
    public let trust: TLSTrustSnapshot
    /// Our ALPN protocols, most preferred first; empty when ALPN is not used.
    public let alpn: [String]
    /// Whether the peer must present a pinned certificate (always true for a client).
    public let requirePeerCertificate: Bool

    private let identity: TLSIdentity?
    private let current: TLSLocked<TLSContextHandle>
    let sessionCache = TLSSessionCache()

    /// Configures a context.
    ///
    /// - Parameters:
    ///   - role: server or client.
    ///   - identity: our key and certificate; required for a server, optional for a client (a client
    ///     without one cannot connect to a server that requires client certificates).
    ///   - alpn: ALPN protocol names, most preferred first (each 1 to 255 bytes); a server selects the
    ///     first of its own that the client offers and refuses the handshake if there is none.
    ///   - requirePeerCertificate: for a server, ask for a client certificate and refuse clients
    ///     without a pinned one (mutual TLS). Ignored for a client, which always pins the server.
    ///   - trust: the pins peers are accepted by.
    /// - Throws: `CryptoError` if the identity or ALPN list is invalid or OpenSSL fails.
    public init(
        role: Role,
        identity: TLSIdentity?,
        alpn: [String],
        requirePeerCertificate: Bool,
        trust: TLSTrustSnapshot
    ) throws {
        for name in alpn where !(1...255).contains(name.utf8.count) {
            throw CryptoError(.openSSL, "ALPN protocol name \"\(name)\" must be 1 to 255 bytes")
        }
        if role == .server && identity == nil {
            throw CryptoError(.certificate, "a TLS server context needs an identity")
        }
        self.role = role
        self.trust = trust
        self.alpn = alpn
        self.requirePeerCertificate = role == .client || requirePeerCertificate
        self.identity = identity
        current = TLSLocked(
            try Self.makeHandle(
                role: role,
                identity: identity,
                alpn: alpn,
                requirePeerCertificate: role == .client || requirePeerCertificate
            )
        )
    }

    /// Makes session tickets issued so far unusable: later handshakes with them are full handshakes.
    ///
    /// Replaces the `SSL_CTX` with a new one (fresh random ticket keys); existing engines are not
    /// affected. On a client context this also forgets the cached sessions.
    /// - Throws: `CryptoError` if OpenSSL fails; the old context then stays in use.
    public func rotateTicketKeys() throws {
        let handle = try Self.makeHandle(
            role: role,
            identity: identity,
            alpn: alpn,
            requirePeerCertificate: requirePeerCertificate
        )
        current.withLock { $0 = handle }
        sessionCache.removeAll()
    }

    /// The `SSL_CTX` new engines use.
    var handle: TLSContextHandle { current.withLock { $0 } }

    /// ALPN names as bytes, for the server's selection callback.
    var alpnBytes: [[UInt8]] { alpn.map { Array($0.utf8) } }

    private static func makeHandle(
        role: Role,
        identity: TLSIdentity?,
        alpn: [String],
        requirePeerCertificate: Bool
    ) throws -> TLSContextHandle {
        let method = role == .server ? TLS_server_method() : TLS_client_method()
        guard let pointer = SSL_CTX_new(method) else {
            throw CryptoError(.openSSL, "could not allocate a TLS context")
        }
        let handle = TLSContextHandle(pointer)
        func check(_ ok: Bool, _ step: String) throws {
            guard ok else { throw CryptoError(.openSSL, "could not \(step) for the TLS context") }
        }
        try check(credex_SSL_CTX_set_min_proto_version(pointer, TLS1_3_VERSION) == 1, "set TLS 1.3 as minimum")
        try check(credex_SSL_CTX_set_max_proto_version(pointer, TLS1_3_VERSION) == 1, "set TLS 1.3 as maximum")
        _ = credex_SSL_CTX_set_mode(
            pointer,
            Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        )
        try check(SSL_CTX_set_max_early_data(pointer, 0) == 1, "turn off early data")
        _ = SSL_CTX_set_timeout(pointer, 300)
        if let identity {
            let key = try EVPKey.privateKey(pem: identity.privateKeyPEM, what: "the TLS identity's private key")
            let certificate = try X509Certificate(pem: identity.certificatePEM)
            guard SSL_CTX_use_certificate(pointer, certificate.pointer) == 1 else {
                throw CryptoError(.certificate, "could not use the TLS identity's certificate")
            }
            guard SSL_CTX_use_PrivateKey(pointer, key.pointer) == 1, SSL_CTX_check_private_key(pointer) == 1 else {
                throw CryptoError(.invalidKey, "could not use the TLS identity's private key")
            }
        }
        var verifyMode = SSL_VERIFY_NONE
        if requirePeerCertificate { verifyMode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT }
        SSL_CTX_set_verify(pointer, verifyMode, tlsVerifyPin)
        let sessionIDContext = Array("credex-tls".utf8)
        try check(
            SSL_CTX_set_session_id_context(pointer, sessionIDContext, UInt32(sessionIDContext.count)) == 1,
            "set the session id context"
        )
        switch role {
        case .server:
            try check(SSL_CTX_set_num_tickets(pointer, 1) == 1, "set the number of session tickets")
            if !alpn.isEmpty { SSL_CTX_set_alpn_select_cb(pointer, tlsSelectALPN, nil) }
        case .client:
            _ = credex_SSL_CTX_set_session_cache_mode(
                pointer,
                Int(SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE)
            )
            SSL_CTX_sess_set_new_cb(pointer, tlsNewSession)
            if !alpn.isEmpty {
                let wire = alpn.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
                // SSL_CTX_set_alpn_protos returns 0 on success.
                try check(SSL_CTX_set_alpn_protos(pointer, wire, UInt32(wire.count)) == 0, "set the ALPN protocols")
            }
        }
        return handle
    }
}

/// The verify callback: accepts iff the leaf certificate's SPKI pin is in the connection's trust
/// snapshot, whatever the chain, expiry or purpose errors OpenSSL found.
private func tlsVerifyPin(_ preverifyOK: Int32, _ store: OpaquePointer?) -> Int32 {
    guard let store,
        let sslPointer = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
        let state = TLSConnectionState.of(OpaquePointer(sslPointer)),
        let leaf = X509_STORE_CTX_get0_cert(store)
    else { return 0 }
    guard let pin = try? TLSConnectionState.pin(of: leaf) else {
        state.rejection = (.certificate, "the peer's certificate public key could not be read")
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)  // bad_certificate alert
        return 0
    }
    guard state.trust.nodeID(forPin: pin) != nil else {
        state.rejection = (
            .certificate, "the peer's public key pin \(pin) is not in the trust list (version \(state.trust.version))"
        )
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)  // bad_certificate alert
        return 0
    }
    X509_STORE_CTX_set_error(store, X509_V_OK)
    return 1
}

/// The server's ALPN selection: the first of our protocols that the client offers, else a fatal
/// `no_application_protocol` alert.
private func tlsSelectALPN(
    _ ssl: OpaquePointer?,
    _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?,
    _ offered: UnsafePointer<UInt8>?,
    _ offeredLength: UInt32,
    _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let ssl, let out, let outLength, let offered, let state = TLSConnectionState.of(ssl) else {
        return SSL_TLSEXT_ERR_ALERT_FATAL
    }
    let client = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
    for ours in state.serverALPN {
        var index = 0
        while index < client.count {
            let length = Int(client[index])
            let end = index + 1 + length
            guard end <= client.count else { break }
            if length == ours.count && client[(index + 1)..<end].elementsEqual(ours) {
                out.pointee = offered + index + 1
                outLength.pointee = UInt8(length)
                return SSL_TLSEXT_ERR_OK
            }
            index = end
        }
    }
    state.rejection = (.openSSL, "the client offered none of our ALPN protocols")
    return SSL_TLSEXT_ERR_ALERT_FATAL
}

/// The client's new-session callback: keeps the ticket in the context's cache (returns 1: we took
/// the reference).
private func tlsNewSession(_ ssl: OpaquePointer?, _ session: OpaquePointer?) -> Int32 {
    guard let ssl, let session, let state = TLSConnectionState.of(ssl), let cache = state.sessionCache else {
        return 0
    }
    guard SSL_SESSION_is_resumable(session) == 1 else { return 0 }
    cache.store(session, for: state.sessionKey)
    return 1
}
