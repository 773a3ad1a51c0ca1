/// The store's error: a stable `code`, a human `reason` naming the record, issuer or file, and
/// the underlying cause. Reasons never contain personal data.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// An extensible error code; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let brokenChain = Code("broken-chain")
        public static let forkedIssuer = Code("forked-issuer")
        public static let wrongKey = Code("wrong-key")
        public static let wrongKind = Code("wrong-kind")
        public static let commitmentMismatch = Code("commitment-mismatch")
        public static let erased = Code("erased")
        public static let notFound = Code("not-found")
        /// The award a personal-data message names is not held yet: ask again later.
        public static let notHeld = Code("not-held")
        public static let invalidInput = Code("invalid-input")
        public static let storage = Code("storage")
        public static let diskFull = Code("disk-full")
        public static let readOnly = Code("read-only")
        public static let locked = Code("locked")
        public static let corrupt = Code("corrupt")
    }

    public let code: Code
    public let reason: String
    public let cause: (any Error & Sendable)?

    public init(_ code: Code, _ reason: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.reason = reason
        self.cause = cause
    }

    public var description: String {
        cause.map { "\(code): \(reason) [\($0)]" } ?? "\(code): \(reason)"
    }
}
