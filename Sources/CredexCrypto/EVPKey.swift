import COpenSSL

/// Owns an OpenSSL `EVP_PKEY*` and frees it when the last reference goes.
///
/// `@unchecked Sendable` holds because the key is never modified after `init`: the pointer is a
/// `let`, nothing hands it out for mutation, and OpenSSL 3 allows concurrent signing, verifying and
/// encoding with one `EVP_PKEY` from many threads as long as each operation uses its own context
/// (we make a new `EVP_MD_CTX` or `BIO` per call).
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// The OpenSSL key type, e.g. `EVP_PKEY_ED25519` or `EVP_PKEY_EC`.
    var typeID: Int32 { EVP_PKEY_get_id(pointer) }

    /// Reads a private key from PEM (PKCS#8 or a traditional format); never prompts for a passphrase.
    static func privateKey(pem: String, what: String) throws -> EVPKey {
        let key = try MemoryBIO.reading(pem) { PEM_read_bio_PrivateKey($0, nil, refusePassphrase, nil) }
        guard let key else {
            throw CryptoError(.invalidKey, "\(what) is not a readable, unencrypted PEM private key")
        }
        return EVPKey(key)
    }

    /// Reads a public key from a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) block.
    static func publicKey(pem: String, what: String) throws -> EVPKey {
        let key = try MemoryBIO.reading(pem) { PEM_read_bio_PUBKEY($0, nil, refusePassphrase, nil) }
        guard let key else {
            throw CryptoError(.invalidKey, "\(what) is not a readable PEM public key")
        }
        return EVPKey(key)
    }

    /// The private key as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    func privateKeyPEM() throws -> String {
        try MemoryBIO.writing("private key PEM") { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) }
    }

    /// The public key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`).
    func publicKeyPEM() throws -> String {
        try MemoryBIO.writing("public key PEM") { PEM_write_bio_PUBKEY($0, pointer) }
    }

    /// The DER SubjectPublicKeyInfo of the key.
    func subjectPublicKeyInfoDER() throws -> [UInt8] {
        let length = i2d_PUBKEY(pointer, nil)
        guard length > 0 else { throw CryptoError(.openSSL, "could not encode a public key as DER") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard written == length else { throw CryptoError(.openSSL, "could not encode a public key as DER") }
        return der
    }
}

/// A PEM passphrase callback that refuses, so OpenSSL never prompts on a terminal for encrypted keys.
private func refusePassphrase(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ size: Int32,
    _ forWriting: Int32,
    _ context: UnsafeMutableRawPointer?
) -> Int32 {
    -1
}
