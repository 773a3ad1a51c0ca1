import COpenSSL

/// An Ed25519 (RFC 8032) public key: 32 raw bytes.
///
/// Verification never throws: a malformed signature or key simply does not verify.
public struct Ed25519PublicKey: Sendable, Hashable {
    /// The 32-byte RFC 8032 encoding of the key.
    public let rawRepresentation: [UInt8]

    /// A key from its 32-byte RFC 8032 encoding.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32 else {
            throw CryptoError(.invalidKey, "an Ed25519 public key is 32 bytes, got \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// A key from a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) block; refuses keys of other types.
    public init(pemRepresentation: String) throws {
        let key = try EVPKey.publicKey(pem: pemRepresentation, what: "the given PEM")
        guard key.typeID == EVP_PKEY_ED25519 else {
            throw CryptoError(.invalidKey, "the given PEM public key is not an Ed25519 key")
        }
        self.rawRepresentation = try Self.rawPublicKey(of: key)
    }

    /// The key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) block.
    public var pemRepresentation: String {
        do {
            return try makeEVPKey().publicKeyPEM()
        } catch {
            fatalError("could not encode an Ed25519 public key as PEM: \(error)")
        }
    }

    /// Whether `signature` is a valid raw Ed25519 signature of `message` (no purpose prefix).
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? makeEVPKey(), let context = EVP_MD_CTX_new() else {
            CryptoError.drainOpenSSLErrors()
            return false
        }
        defer {
            EVP_MD_CTX_free(context)
            CryptoError.drainOpenSSLErrors()
        }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key.pointer) == 1 else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }

    /// Whether `signature` is valid for `message` signed under `purpose`.
    public func isValidSignature(_ signature: [UInt8], purpose: SignaturePurpose, message: [UInt8]) -> Bool {
        isValidSignature(signature, for: purpose.signingInput(message))
    }

    /// An OpenSSL key for this public key.
    private func makeEVPKey() throws -> EVPKey {
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawRepresentation, 32) else {
            throw CryptoError(.invalidKey, "OpenSSL refused an Ed25519 public key")
        }
        return EVPKey(key)
    }

    /// The 32 raw public-key bytes of an Ed25519 `EVP_PKEY`.
    static func rawPublicKey(of key: EVPKey) throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_public_key(key.pointer, &raw, &length) == 1, length == 32 else {
            throw CryptoError(.invalidKey, "could not read the raw Ed25519 public key")
        }
        return raw
    }
}
