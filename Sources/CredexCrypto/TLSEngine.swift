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
        /// server that does not require client certificates and for a client that verifies
        /// certificate authorities), `alpn` the negotiated protocol.
        case established(peerNodeID: String?, alpn: String?)
        /// The peer sent `close_notify`: no more data will come (buffered plaintext is still
        /// readable). Call `close()` to answer with our own.
        case closed
    }

    let context: TLSContext
    private let handle: TLSContextHandle
    let state: TLSConnectionState
    let ssl: OpaquePointer
    private let networkIn: OpaquePointer
    private let networkOut: OpaquePointer
    private var established: Progress?
    private var failure: CryptoError?
    private var closeQueued = false
    private var plaintext: [UInt8] = []
    private var plaintextStart = 0
    private var unsent: [UInt8] = []

    /// Makes a connection from `context`, with the context's current `SSL_CTX`, peer verification
    /// and session cache. A client sends `serverName` as SNI (and it keys the client's session
    /// cache); a client that verifies certificate authorities needs it and checks the server's
    /// certificate against it.
    /// - Throws: `CryptoError` if a required server name is missing or OpenSSL fails.
    public init(context: TLSContext, serverName: String?) throws {
        let generation = context.generation
        let isClient = context.role == .client
        state = TLSConnectionState(
            verification: generation.verification,
            serverALPN: isClient ? [] : context.alpnBytes,
            sessionCache: isClient ? generation.sessionCache : nil,
            serverName: serverName
        )
        guard let ssl = SSL_new(generation.handle.pointer) else {
            throw CryptoError(.openSSL, "could not allocate a TLS session")
        }
        guard let networkIn = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw CryptoError(.openSSL, "could not allocate memory BIOs")
        }
        guard let networkOut = BIO_new(BIO_s_mem()) else {
            BIO_free(networkIn)
            SSL_free(ssl)
            throw CryptoError(.openSSL, "could not allocate memory BIOs")
        }
        _ = credex_BIO_set_mem_eof_return(networkIn, -1)
        _ = credex_BIO_set_mem_eof_return(networkOut, -1)
        SSL_set_bio(ssl, networkIn, networkOut)  // the SSL owns both BIOs from here
        self.context = context
        handle = generation.handle
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut
        // From here on `deinit` frees the SSL.
        guard SSL_set_ex_data(ssl, TLSConnectionState.index, Unmanaged.passUnretained(state).toOpaque()) == 1 else {
            throw CryptoError(.openSSL, "could not attach connection state to a TLS session")
        }
        SSL_set_info_callback(ssl, tlsInfo)
        if isClient {
            try startClient(serverName: serverName, cache: generation.sessionCache)
        } else {
            SSL_set_accept_state(ssl)
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
    func fail(_ sslError: Int32, _ what: String) -> CryptoError {
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
