import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's RNG (`RAND_bytes`).
public enum SecureRandom {
    /// Returns `count` random bytes. Stops the process if OpenSSL's RNG fails, as nothing safe can follow.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count \(count)")
        var result = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return result }
        let status = result.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        if status != 1 {
            fatalError("OpenSSL RAND_bytes failed: \(CryptoError.drainOpenSSLErrors())")
        }
        return result
    }
}
