import COpenSSL

/// Moves text in and out of OpenSSL through memory `BIO`s, freeing them on every path.
enum MemoryBIO {
    /// Runs `body` with a read-only BIO holding the UTF-8 of `text`.
    static func reading<T>(_ text: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError(.openSSL, "could not allocate a memory BIO") }
        defer { BIO_free(bio) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count || bytes.isEmpty else {
            throw CryptoError(.openSSL, "could not fill a memory BIO")
        }
        return try body(bio)
    }

    /// Runs `body` (an OpenSSL writer returning 1 on success) into a BIO and returns what it wrote.
    static func writing(_ what: String, _ body: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError(.openSSL, "could not allocate a memory BIO") }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { throw CryptoError(.openSSL, "could not write \(what)") }
        var bytes = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
        guard read == bytes.count else { throw CryptoError(.openSSL, "could not read back \(what)") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
