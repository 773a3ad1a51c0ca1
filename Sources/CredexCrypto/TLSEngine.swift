import COpenSSL
import Foundation

/// One TLS 1.3 connection: an OpenSSL `SSL*` between two memory BIOs. Bytes in, bytes out; no I/O.
///
/// Confined to one thread or event loop (not `Sendable`). A driver loops: `feed` what the network
/// delivered, `advance`, `readPlaintext`, `writePlaintext`, then sends `drainCiphertext` to the
/// network (also after a failure: the fatal alert is still there to send).
///
/// After any error the engine is failed: `advance` and the write calls throw again.
public final class TLSEngine {
    /// Where the connection is after `advance`.
    public enum Progress: Sendable, Equatable {
        /// The handshake is not finished: feed more bytes or send what `drainCiphertext` gives.
        case handshaking
        /// The handshake is done; `peerNodeID` is the node id of the peer's pinned key (nil for a
        /// server that does not require client certificates), `alpn` the negotiated protocol.
        case established(peerNodeID: String?, alpn: String?)
        /// The peer sent `close_notify`: no more data will come (buffered plaintext is still
        /// readable). Call `close()` to answer with our own.
        case closed
    }

    private let context: TLSContext
    private let handle: TLSContextHandle
    private let state: TLSConnectionState
    private let ssl: OpaquePointer
    private let networkIn: OpaquePointer
    private let networkOut: OpaquePointer
    private var established: Progress?
    private var failure: CryptoError?
    private var closeQueued = false
    private var plaintext: [UInt8] = []
    private var plaintextStart = 0
    private var unsent: [UInt8] = []

    /// Makes a connection from `context`; a client sends `serverName` as SNI (and it keys the
    /// client's session cache).
    /// - Throws: `CryptoError` if OpenSSL fails.
    public init(context: TLSContext, serverName: String?) throws {
        self.context = context
        handle = context.handle
        guard let ssl = SSL_new(handle.pointer) else { throw CryptoError(.openSSL, "could not allocate a TLS session") }
        guard let networkIn = BIO_new(BIO_s_mem()), let networkOut = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw CryptoError(.openSSL, "could not allocate memory BIOs")
        }
        _ = credex_BIO_set_mem_eof_return(networkIn, -1)
        _ = credex_BIO_set_mem_eof_return(networkOut, -1)
        SSL_set_bio(ssl, networkIn, networkOut)  // the SSL owns both BIOs from here
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut
        state = TLSConnectionState(
            trust: context.trust,
            serverALPN: context.role == .server ? context.alpnBytes : [],
            sessionCache: context.role == .client ? context.sessionCache : nil,
            sessionKey: serverName ?? ""
        )
        guard SSL_set_ex_data(ssl, TLSConnectionState.index, Unmanaged.passUnretained(state).toOpaque()) == 1 else {
            SSL_free(ssl)
            throw CryptoError(.openSSL, "could not attach connection state to a TLS session")
        }
        SSL_set_info_callback(ssl, tlsInfo)
        switch context.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            if let serverName, credex_SSL_set_tlsext_host_name(ssl, serverName) != 1 {
                SSL_free(ssl)
                throw CryptoError(.openSSL, "could not set the TLS server name \"\(serverName)\"")
            }
            if let session = context.sessionCache.take(for: serverName ?? "") {
                _ = SSL_set_session(ssl, session)  // takes its own reference; a bad session only costs a full handshake
                SSL_SESSION_free(session)
            }
        }
    }

    deinit { SSL_free(ssl) }

    /// Hands the engine ciphertext that arrived from the network.
    /// - Throws: `CryptoError` if the bytes cannot be buffered.
    public func feed(_ ciphertext: [UInt8]) throws {
        var offset = 0
        while offset < ciphertext.count {
            let count = min(ciphertext.count - offset, 1 << 30)
            let written = ciphertext.withUnsafeBytes { BIO_write(networkIn, $0.baseAddress! + offset, Int32(count)) }
            guard written == count else { throw CryptoError(.openSSL, "could not buffer received TLS bytes") }
            offset += count
        }
    }

    /// Drives the handshake, then decrypts whatever was fed (application data, tickets, alerts,
    /// `close_notify`) into the plaintext buffer and sends any plaintext queued before the handshake.
    /// - Throws: `CryptoError` if the handshake fails (reason: pin not trusted, alert from the
    ///   peer, malformed bytes...) or the connection breaks.
    public func advance() throws -> Progress {
        if let failure { throw failure }
        guard let established else {
            let status = SSL_do_handshake(ssl)
            if status != 1 {
                let error = SSL_get_error(ssl, status)
                if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE { return .handshaking }
                throw fail(error, "TLS handshake failed")
            }
            let progress = try finishHandshake()
            self.established = progress
            try flushUnsent()
            return try readAvailable() ? .closed : progress
        }
        try flushUnsent()
        return try readAvailable() ? .closed : established
    }

    /// Decrypts what was fed (once the handshake is done), then returns up to `maxBytes` of the
    /// buffered application data; empty if there is none.
    /// - Throws: `CryptoError` if the engine has failed.
    public func readPlaintext(maxBytes: Int) throws -> [UInt8] {
        if let failure { throw failure }
        if established != nil { _ = try readAvailable() }
        let count = min(max(maxBytes, 0), plaintext.count - plaintextStart)
        let bytes = Array(plaintext[plaintextStart..<(plaintextStart + count)])
        plaintextStart += count
        if plaintextStart == plaintext.count {
            plaintext.removeAll(keepingCapacity: true)
            plaintextStart = 0
        } else if plaintextStart > 65_536 && plaintextStart * 2 > plaintext.count {
            plaintext.removeFirst(plaintextStart)
            plaintextStart = 0
        }
        return bytes
    }

    /// Encrypts `bytes` (any size; OpenSSL splits them into records). Before the handshake is done
    /// the bytes are queued and sent once it is.
    /// - Throws: `CryptoError` if the engine has failed or `close()` was called.
    public func writePlaintext(_ bytes: [UInt8]) throws {
        if let failure { throw failure }
        guard !closeQueued else { throw CryptoError(.openSSL, "cannot write to a TLS connection after close()") }
        unsent.append(contentsOf: bytes)
        if established != nil { try flushUnsent() }
    }

    /// Up to `maxBytes` of ciphertext to send to the network.
    public func drainCiphertext(maxBytes: Int) -> [UInt8] {
        let count = min(max(maxBytes, 0), pendingCiphertext, Int(Int32.max))
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { BIO_read(networkOut, $0.baseAddress, Int32($0.count)) }
        return read > 0 ? Array(bytes.prefix(Int(read))) : []
    }

    /// How many ciphertext bytes wait to be drained.
    public var pendingCiphertext: Int { Int(BIO_ctrl_pending(networkOut)) }

    /// Sends queued plaintext and queues `close_notify`; later writes throw. Before the handshake
    /// is done nothing is sent. Idempotent.
    public func close() {
        guard !closeQueued else { return }
        closeQueued = true
        guard failure == nil, established != nil else { return }
        try? flushUnsent()
        if failure == nil {
            _ = SSL_shutdown(ssl)
            CryptoError.drainOpenSSLErrors()
        }
    }

    /// Whether the peer's `close_notify` has been received (by `advance` or `readPlaintext`).
    public var peerClosed: Bool { SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN != 0 }

    /// Whether the handshake resumed a session from a ticket instead of a full handshake.
    public var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    /// The peer's node id and ALPN after the handshake; re-checks the pin (a resumed session has no
    /// verify callback).
    private func finishHandshake() throws -> Progress {
        var nodeID: String?
        if let certificate = SSL_get0_peer_certificate(ssl) {
            let pin = try TLSConnectionState.pin(of: certificate)
            guard let match = context.trust.nodeID(forPin: pin) else {
                state.rejection = (
                    .certificate,
                    "the peer's public key pin \(pin) is not in the trust list (version \(context.trust.version))"
                )
                throw fail(SSL_ERROR_SSL, "TLS handshake failed")
            }
            nodeID = match
        } else if context.requirePeerCertificate {
            throw fail(SSL_ERROR_SSL, "TLS handshake failed: the peer presented no certificate")
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

    /// Decrypts everything decryptable into `plaintext`; returns whether `close_notify` arrived.
    private func readAvailable() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                plaintext.append(contentsOf: chunk[..<Int(count)])
                continue
            }
            let error = SSL_get_error(ssl, count)
            switch error {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return peerClosed
            case SSL_ERROR_ZERO_RETURN: return true
            default: throw fail(error, "TLS connection failed")
            }
        }
    }

    /// Encrypts queued plaintext.
    private func flushUnsent() throws {
        var offset = 0
        defer { unsent.removeFirst(offset) }
        while offset < unsent.count {
            let written = unsent.withUnsafeBytes { bytes in
                SSL_write(ssl, bytes.baseAddress! + offset, Int32(min(bytes.count - offset, 1 << 20)))
            }
            if written > 0 {
                offset += Int(written)
                continue
            }
            let error = SSL_get_error(ssl, written)
            if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE { return }
            throw fail(error, "TLS write failed")
        }
    }

    /// Records and returns the error for an OpenSSL failure: why it failed (pin, alert, OpenSSL's
    /// reason), with OpenSSL's error queue drained into it.
    private func fail(_ sslError: Int32, _ what: String) -> CryptoError {
        var detail: String
        var code = CryptoError.Code.openSSL
        if let rejection = state.rejection {
            detail = rejection.reason
            code = rejection.code
        } else if let alert = state.receivedAlert {
            detail = "the peer sent a fatal alert: \(alert)"
        } else if sslError == SSL_ERROR_SSL, let reason = ERR_reason_error_string(ERR_peek_last_error()) {
            detail = String(cString: reason)
        } else if sslError == SSL_ERROR_SYSCALL {
            detail = "the connection ended without close_notify"
        } else {
            detail = "OpenSSL error \(sslError)"
        }
        if let alert = state.sentAlert, state.receivedAlert == nil { detail += " (we sent alert: \(alert))" }
        let error = CryptoError(code, "\(what): \(detail)")
        failure = error
        return error
    }
}

/// Per-connection state the OpenSSL callbacks reach through `SSL_get_ex_data`.
///
/// Owned by its `TLSEngine` (which outlives its `SSL*`), and touched only on the engine's thread:
/// OpenSSL calls the callbacks synchronously inside the engine's `SSL_*` calls.
final class TLSConnectionState {
    /// The `SSL` ex data index holding an unretained pointer to the state.
    static let index: Int32 = credex_SSL_get_ex_new_index()

    let trust: TLSTrustSnapshot
    let serverALPN: [[UInt8]]
    let sessionCache: TLSSessionCache?
    let sessionKey: String
    /// Why the verify or ALPN callback refused the peer.
    var rejection: (code: CryptoError.Code, reason: String)?
    /// The last alert the peer sent, e.g. `certificate required`.
    var receivedAlert: String?
    /// The last fatal alert we sent.
    var sentAlert: String?

    init(trust: TLSTrustSnapshot, serverALPN: [[UInt8]], sessionCache: TLSSessionCache?, sessionKey: String) {
        self.trust = trust
        self.serverALPN = serverALPN
        self.sessionCache = sessionCache
        self.sessionKey = sessionKey
    }

    /// The state attached to `ssl`, if any.
    static func of(_ ssl: OpaquePointer) -> TLSConnectionState? {
        guard let pointer = SSL_get_ex_data(ssl, index) else { return nil }
        return Unmanaged<TLSConnectionState>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// `sha256/` + base64 of SHA-256 over the certificate's DER SubjectPublicKeyInfo.
    static func pin(of certificate: OpaquePointer) throws -> String {
        guard let key = X509_get_pubkey(certificate) else {
            throw CryptoError(.certificate, "the peer's certificate has no readable public key")
        }
        return try "sha256/" + Data(SHA256.hash(EVPKey(key).subjectPublicKeyInfoDER())).base64EncodedString()
    }
}

/// The info callback: remembers alerts received and fatal alerts sent, for error reasons.
private func tlsInfo(_ ssl: OpaquePointer?, _ type: Int32, _ value: Int32) {
    guard let ssl, type & SSL_CB_ALERT != 0, let state = TLSConnectionState.of(ssl) else { return }
    var description = String(cString: SSL_alert_desc_string_long(value))
    if description == "unknown" {
        // OpenSSL 3.0 has no names for the alerts TLS 1.3 added (RFC 8446, section 6).
        switch value & 0xff {
        case 109: description = "missing extension"
        case 116: description = "certificate required"
        case 120: description = "no application protocol"
        default: description = "alert \(value & 0xff)"
        }
    }
    if type & SSL_CB_READ != 0 {
        if description != "close notify" { state.receivedAlert = description }
    } else if value >> 8 == SSL3_AL_FATAL {
        state.sentAlert = description
    }
}
