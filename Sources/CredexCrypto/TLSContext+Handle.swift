import COpenSSL

extension TLSContext {
    /// A new `SSL_CTX` (with fresh random ticket keys) configured for `role`. For `.pinned` the result
    /// does not depend on the snapshot: engines carry theirs to the verify callback.
    static func makeHandle(
        role: Role,
        identity: TLSIdentity?,
        alpn: [String],
        requirePeerCertificate: Bool,
        verification: PeerVerification
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
        if let identity { try use(identity, in: pointer) }
        var verifyMode = SSL_VERIFY_NONE
        if requirePeerCertificate { verifyMode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT }
        SSL_CTX_set_verify(pointer, verifyMode, tlsVerifyPeer)
        if case .certificateAuthorities(let additionalPEM) = verification {
            try trustCertificateAuthorities(additionalPEM: additionalPEM, in: pointer)
        }
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

    /// Installs the identity's key, leaf certificate and intermediates.
    private static func use(_ identity: TLSIdentity, in context: OpaquePointer) throws {
        let key = try EVPKey.privateKey(pem: identity.privateKeyPEM, what: "the TLS identity's private key")
        let certificate = try X509Certificate(pem: identity.certificatePEM)
        guard SSL_CTX_use_certificate(context, certificate.pointer) == 1 else {
            throw CryptoError(.certificate, "could not use the TLS identity's certificate")
        }
        guard SSL_CTX_use_PrivateKey(context, key.pointer) == 1, SSL_CTX_check_private_key(context) == 1 else {
            throw CryptoError(.invalidKey, "could not use the TLS identity's private key")
        }
        for (index, pem) in identity.intermediateCertificatePEMs.enumerated() {
            let intermediate = try X509Certificate(pem: pem)
            guard credex_SSL_CTX_add1_chain_cert(context, intermediate.pointer) == 1 else {
                throw CryptoError(.certificate, "could not add intermediate certificate \(index + 1) to the TLS chain")
            }
        }
    }

    /// Trusts the system's CA store plus the certificates in `additionalPEM`.
    private static func trustCertificateAuthorities(additionalPEM: String?, in context: OpaquePointer) throws {
        guard SSL_CTX_set_default_verify_paths(context) == 1 else {
            throw CryptoError(.openSSL, "could not load the system's certificate authorities")
        }
        guard let additionalPEM else { return }
        let store = SSL_CTX_get_cert_store(context)
        let certificates = try X509Certificate.all(pem: additionalPEM, what: "the additional CA certificates")
        for (index, certificate) in certificates.enumerated() {
            guard X509_STORE_add_cert(store, certificate.pointer) == 1 else {
                throw CryptoError(.certificate, "could not trust additional CA certificate \(index + 1)")
            }
        }
    }
}

/// The verify callback. Pinned: accepts iff the leaf certificate's SPKI pin is in the connection's
/// trust snapshot, whatever the chain, expiry or purpose errors OpenSSL found. Certificate
/// authorities: keeps OpenSSL's verdict and records why it refused.
private func tlsVerifyPeer(_ preverifyOK: Int32, _ store: OpaquePointer?) -> Int32 {
    guard let store,
        let sslPointer = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
        let state = TLSConnectionState.of(OpaquePointer(sslPointer))
    else { return 0 }
    guard case .pinned(let trust) = state.verification else {
        if preverifyOK != 1 && state.rejection == nil {
            state.rejection = (.certificate, state.chainFailure(store))
        }
        return preverifyOK
    }
    guard let leaf = X509_STORE_CTX_get0_cert(store) else { return 0 }
    guard let pin = try? TLSConnectionState.pin(of: leaf) else {
        state.rejection = (.certificate, "the certificate public key of \(state.peerName) could not be read")
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)  // bad_certificate alert
        return 0
    }
    guard trust.nodeID(forPin: pin) != nil else {
        state.rejection = (.certificate, state.untrustedPin(pin, trust))
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

/// The client's new-session callback: keeps a copy of the ticket in the engine's session cache and
/// returns 0 (OpenSSL keeps its reference).
///
/// A copy, because OpenSSL marks the connection's own session not resumable when the connection is
/// freed without `close_notify` (`SSL_free` calls `SSL_CTX_remove_session`), which would silently
/// spoil the cached ticket of every dropped connection. TLS 1.3 tickets stay valid in that case.
private func tlsNewSession(_ ssl: OpaquePointer?, _ session: OpaquePointer?) -> Int32 {
    guard let ssl, let session, let state = TLSConnectionState.of(ssl), let cache = state.sessionCache,
        SSL_SESSION_is_resumable(session) == 1, let copy = SSL_SESSION_dup(session)
    else { return 0 }
    cache.store(copy, for: state.sessionKey)
    return 0
}
