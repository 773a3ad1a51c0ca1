import COpenSSL

/// An Ed25519 (RFC 8032) signing key, held by OpenSSL.
///
/// Record-signing keys sign with a ``SignaturePurpose``; raw signatures are for formats that
/// define their own signing input (W3C Data Integrity proofs).
///
/// ```swift
/// let key = Ed25519PrivateKey.generate()
/// let signature = try key.signature(purpose: .record, message: bytes)
/// key.publicKey.isValidSignature(signature, purpose: .record, message: bytes)  // true
/// ```
public final class Ed25519PrivateKey: Sendable {
    /// The matching public key.
    public let publicKey: Ed25519PublicKey
    let key: EVPKey

    private init(key: EVPKey, what: String) throws {
        guard key.typeID == EVP_PKEY_ED25519 else {
            throw CryptoError(.invalidKey, "\(what) is not an Ed25519 private key")
        }
        self.key = key
        self.publicKey = try Ed25519PublicKey(rawRepresentation: Ed25519PublicKey.rawPublicKey(of: key))
    }

    /// A new random key. Stops the process if OpenSSL cannot make one (its RNG failed).
    public static func generate() -> Ed25519PrivateKey {
        do {
            guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
                throw CryptoError(.openSSL, "could not allocate an Ed25519 key generation context")
            }
            defer { EVP_PKEY_CTX_free(context) }
            var key: OpaquePointer?
            guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else {
                throw CryptoError(.openSSL, "Ed25519 key generation failed")
            }
            return try Ed25519PrivateKey(key: EVPKey(key), what: "a generated key")
        } catch {
            fatalError("\(error)")
        }
    }

    /// The key whose 32-byte RFC 8032 private key (the seed) is `seed`.
    public convenience init(seed: [UInt8]) throws {
        guard seed.count == 32 else {
            throw CryptoError(.invalidKey, "an Ed25519 seed is 32 bytes, got \(seed.count)")
        }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else {
            throw CryptoError(.invalidKey, "OpenSSL refused an Ed25519 seed")
        }
        try self.init(key: EVPKey(key), what: "the seed")
    }

    /// A key from an unencrypted PKCS#8 PEM block; refuses other key types and encrypted keys.
    public convenience init(pemRepresentation: String) throws {
        try self.init(pemRepresentation: pemRepresentation, source: "the given PEM")
    }

    /// As `init(pemRepresentation:)`, naming `source` (e.g. a file path) in errors.
    convenience init(pemRepresentation: String, source: String) throws {
        try self.init(key: EVPKey.privateKey(pem: pemRepresentation, what: source), what: source)
    }

    /// The key as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`). Treat the result as secret.
    public var pemRepresentation: String {
        do {
            return try key.privateKeyPEM()
        } catch {
            fatalError("could not encode an Ed25519 private key as PEM: \(error)")
        }
    }

    /// A raw Ed25519 signature of `message` (64 bytes), with no purpose prefix.
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw CryptoError(.openSSL, "could not allocate a signing context")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, key.pointer) == 1 else {
            throw CryptoError(.openSSL, "could not start an Ed25519 signature")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1, length == 64 else {
            throw CryptoError(.openSSL, "Ed25519 signing failed")
        }
        return signature
    }

    /// An Ed25519 signature of `purpose.signingInput(message)`.
    public func signature(purpose: SignaturePurpose, message: [UInt8]) throws -> [UInt8] {
        try signature(for: purpose.signingInput(message))
    }
}
