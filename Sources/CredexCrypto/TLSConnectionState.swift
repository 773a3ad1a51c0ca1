import COpenSSL
import Foundation

/// Per-connection state the OpenSSL callbacks reach through `SSL_get_ex_data`.
///
/// Owned by its `TLSEngine` (which outlives its `SSL*`), and touched only on the engine's thread:
/// OpenSSL calls the callbacks synchronously inside the engine's `SSL_*` calls.
final class TLSConnectionState {
    /// The `SSL` ex data index holding an unretained pointer to the state.
    static let index: Int32 = credex_SSL_get_ex_new_index()

    let verification: TLSContext.PeerVerification
    let serverALPN: [[UInt8]]
    let sessionCache: TLSSessionCache?
    let sessionKey: String
    /// How errors name the peer: `server <name>`, `the server` or `the client`.
    let peerName: String
    /// Why the verify or ALPN callback refused the peer.
    var rejection: (code: CryptoError.Code, reason: String)?
    /// The last alert the peer sent, e.g. `certificate required`.
    var receivedAlert: String?
    /// The last fatal alert we sent.
    var sentAlert: String?

    init(
        verification: TLSContext.PeerVerification,
        serverALPN: [[UInt8]],
        sessionCache: TLSSessionCache?,
        serverName: String?
    ) {
        self.verification = verification
        self.serverALPN = serverALPN
        self.sessionCache = sessionCache
        sessionKey = serverName ?? ""
        if sessionCache == nil {
            peerName = "the client"
        } else {
            peerName = serverName.map { "server \($0)" } ?? "the server"
        }
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

    /// Why a peer with `pin` is refused.
    func untrustedPin(_ pin: String, _ trust: TLSTrustSnapshot) -> String {
        "the public key pin \(pin) of \(peerName) is not in the trust list (version \(trust.version))"
    }

    /// Why OpenSSL refused the chain in `store`, naming the peer and the certificate.
    func chainFailure(_ store: OpaquePointer) -> String {
        let error = X509_STORE_CTX_get_error(store)
        let depth = X509_STORE_CTX_get_error_depth(store)
        var certificate =
            depth == 0 ? "the certificate of \(peerName)" : "certificate \(depth) in the chain of \(peerName)"
        if let current = X509_STORE_CTX_get_current_cert(store),
            let name = X509_NAME_oneline(X509_get_subject_name(current), nil, 0)
        {
            certificate += " (\(String(cString: name)))"
            credex_OPENSSL_free(name)
        }
        let openSSL = String(cString: X509_verify_cert_error_string(Int(error)))
        switch error {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return "\(certificate) has expired"
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return "\(certificate) is not valid yet"
        case X509_V_ERR_HOSTNAME_MISMATCH:
            return "\(certificate) is not issued for host name \(sessionKey)"
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
            X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_CERT_UNTRUSTED:
            return "\(certificate) is not issued by a trusted certificate authority (\(openSSL))"
        default:
            return "\(certificate) was refused: \(openSSL)"
        }
    }
}

/// The info callback: remembers alerts received and fatal alerts sent, for error reasons.
func tlsInfo(_ ssl: OpaquePointer?, _ type: Int32, _ value: Int32) {
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
