/// An error from the TLS channel handler: what kind (`code`), a `reason` naming the peer, and the
/// engine's error as `cause` when there is one.
public struct TLSHandlerError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible, so callers should not switch over it exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `handshakeTimeout`.
        public let description: String

        private init(_ name: String) { description = name }

        /// The handshake failed (untrusted pin, alert from the peer, malformed bytes...).
        public static let handshakeFailed = Code("handshakeFailed")
        /// The handshake did not finish within the configured time.
        public static let handshakeTimeout = Code("handshakeTimeout")
        /// The established connection failed (bad record, fatal alert...).
        public static let connectionFailed = Code("connectionFailed")
        /// Too much plaintext waited to be sent: before the handshake finished, or to a peer that
        /// does not read.
        public static let bufferLimitExceeded = Code("bufferLimitExceeded")
        /// A write came after the connection was closed or failed.
        public static let writeAfterClose = Code("writeAfterClose")
        /// The connection ended before the handshake finished.
        public static let unexpectedClose = Code("unexpectedClose")
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, naming the peer's address.
    public let reason: String
    /// The underlying error, e.g. the engine's `CryptoError`.
    public let cause: (any Error & Sendable)?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.reason = reason
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return "\(code): \(reason)" }
        return "\(code): \(reason) (cause: \(cause))"
    }
}
