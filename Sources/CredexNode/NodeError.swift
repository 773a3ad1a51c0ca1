/// The node layer's error: a stable `code`, a human `reason` that says what to do, and a cause.
public struct NodeError: Error, CustomStringConvertible, Sendable {
    /// An extensible error code; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let directory = Code("directory")
        public static let configuration = Code("configuration")
        public static let locked = Code("locked")
        public static let headUnconfirmed = Code("head-unconfirmed")
        public static let refused = Code("refused")
        public static let admin = Code("admin-socket")
    }

    public let code: Code
    public let reason: String
    public let cause: (any Error & Sendable)?

    public init(_ code: Code, _ reason: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.reason = reason
        self.cause = cause
    }

    public var description: String { cause.map { "\(reason) [\($0)]" } ?? reason }
}
