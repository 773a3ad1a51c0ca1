import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP digest API.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `bytes`.
    public static func hash<D: Sequence>(_ bytes: D) -> [UInt8] where D.Element == UInt8 {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        Hex.encode(hash(bytes))
    }

    /// An incremental SHA-256 computation: `update` any number of times, then `finalize` once.
    ///
    /// Non-copyable because it owns an OpenSSL digest context.
    public struct Hasher: ~Copyable {
        private let context: OpaquePointer

        /// Starts a new digest.
        public init() {
            guard let context = EVP_MD_CTX_new() else {
                fatalError("OpenSSL EVP_MD_CTX_new failed: \(CryptoError.drainOpenSSLErrors())")
            }
            guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
                fatalError("OpenSSL SHA-256 init failed: \(CryptoError.drainOpenSSLErrors())")
            }
            self.context = context
        }

        /// Feeds more bytes into the digest.
        public mutating func update<D: Sequence>(_ bytes: D) where D.Element == UInt8 {
            let status =
                bytes.withContiguousStorageIfAvailable { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
                ?? Array(bytes).withUnsafeBufferPointer { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
            guard status == 1 else {
                fatalError("OpenSSL SHA-256 update failed: \(CryptoError.drainOpenSSLErrors())")
            }
        }

        /// The 32-byte digest of everything fed in; ends the computation.
        public consuming func finalize() -> [UInt8] {
            var digest = [UInt8](repeating: 0, count: 32)
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
                fatalError("OpenSSL SHA-256 final failed: \(CryptoError.drainOpenSSLErrors())")
            }
            return digest
        }

        deinit { EVP_MD_CTX_free(context) }
    }
}
