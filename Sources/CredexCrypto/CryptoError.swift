import COpenSSL

/// An error from CredexCrypto: what kind (`code`), a human `reason`, and OpenSSL's own messages.
///
/// `reason` names the file, key or certificate involved but never contains key material.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible, so callers should not switch over it exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `invalidKey`.
        public let description: String

        private init(_ name: String) { description = name }

        /// OpenSSL failed an operation that should have worked (out of memory, internal error).
        public static let openSSL = Code("openSSL")
        /// Key bytes or a key encoding are malformed, or the key has the wrong type.
        public static let invalidKey = Code("invalidKey")
        /// A signature is not in the expected encoding (e.g. not 64 bytes).
        public static let invalidSignatureEncoding = Code("invalidSignatureEncoding")
        /// A key file can be read or written by group or others, or is not a regular file.
        public static let keyFilePermissions = Code("keyFilePermissions")
        /// A key file could not be opened, read, written or synced.
        public static let keyFileIO = Code("keyFileIO")
        /// A key file was not written because a file already exists at that path.
        public static let keyFileExists = Code("keyFileExists")
        /// A certificate could not be made, parsed, or does not match its key.
        public static let certificate = Code("certificate")
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, naming the file, key id or certificate involved; never key material.
    public let reason: String
    /// OpenSSL's error queue at the time of the failure, oldest first; empty if it was empty.
    public let openSSLErrors: [String]
    /// Where the error was thrown, as `Module/File.swift:line`.
    public let location: String

    /// Makes an error and drains this thread's OpenSSL error queue into `openSSLErrors`.
    init(_ code: Code, _ reason: String, fileID: StaticString = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.openSSLErrors = Self.drainOpenSSLErrors()
        self.location = "\(fileID):\(line)"
    }

    public var description: String {
        let details = openSSLErrors.isEmpty ? "" : " (OpenSSL: \(openSSLErrors.joined(separator: "; ")))"
        return "\(code): \(reason)\(details)"
    }

    /// Empties this thread's OpenSSL error queue, returning its messages oldest first.
    @discardableResult
    static func drainOpenSSLErrors() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { return messages }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
}
