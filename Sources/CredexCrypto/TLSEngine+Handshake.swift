import COpenSSL

extension TLSEngine {
    /// Puts the SSL in connect state with SNI, the host name to verify and the cached ticket.
    func startClient(serverName: String?, cache: TLSSessionCache) throws {
        SSL_set_connect_state(ssl)
        if case .certificateAuthorities = state.verification {
            guard let serverName else {
                throw CryptoError(.certificate, "a TLS client that verifies certificate authorities needs a host name")
            }
            SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard SSL_set1_host(ssl, serverName) == 1 else {
                throw CryptoError(.certificate, "cannot verify certificates for host name \"\(serverName)\"")
            }
        }
        if let serverName, credex_SSL_set_tlsext_host_name(ssl, serverName) != 1 {
            throw CryptoError(.openSSL, "could not set the TLS server name \"\(serverName)\"")
        }
        if let session = cache.take(for: serverName ?? "") {
            _ = SSL_set_session(ssl, session)  // takes its own reference; a bad session only costs a full handshake
            SSL_SESSION_free(session)
        }
    }

    /// The peer's node id and ALPN after the handshake; re-checks the peer (a resumed session has no
    /// verify callback).
    func finishHandshake() throws -> Progress {
        var nodeID: String?
        let certificate = SSL_get0_peer_certificate(ssl)
        switch state.verification {
        case .pinned(let trust):
            if let certificate {
                let pin = try TLSConnectionState.pin(of: certificate)
                guard let match = trust.nodeID(forPin: pin) else {
                    state.rejection = (.certificate, state.untrustedPin(pin, trust))
                    throw fail(SSL_ERROR_SSL, "TLS handshake failed")
                }
                nodeID = match
            } else if context.requirePeerCertificate {
                throw fail(SSL_ERROR_SSL, "TLS handshake failed: \(state.peerName) presented no certificate")
            }
        case .certificateAuthorities:
            guard certificate != nil, SSL_get_verify_result(ssl) == X509_V_OK else {
                throw fail(SSL_ERROR_SSL, "TLS handshake failed: the certificate of \(state.peerName) is not verified")
            }
        }
        var selected: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &selected, &length)
        var alpn: String?
        if let selected, length > 0 {
            alpn = String(decoding: UnsafeBufferPointer(start: selected, count: Int(length)), as: UTF8.self)
        }
        if !context.alpn.isEmpty && alpn == nil && context.role == .client {
            throw fail(SSL_ERROR_SSL, "TLS handshake failed: the server selected no ALPN protocol")
        }
        return .established(peerNodeID: nodeID, alpn: alpn)
    }
}
