/// The access module's error: a stable `code`, a human `reason` naming the token id, entry or file,
/// the underlying cause, and where it was thrown.
///
/// Reasons never contain a token, a session id, a CSRF token or personal data: only ids that are
/// safe to log (a token's id, an audit seq) and file paths.
public struct AccessError: Error, CustomStringConvertible, Sendable {
    /// An extensible error code; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An argument was refused (a name too long, an action not in the dotted form).
        public static let invalid = Code("invalid")
        /// No token or entry with that id.
        public static let notFound = Code("not-found")
        public static let storage = Code("storage")
        public static let diskFull = Code("disk-full")
        public static let readOnly = Code("read-only")
        public static let locked = Code("locked")
        public static let corrupt = Code("corrupt")
        /// The audit log's head mirror could not be read or written.
        public static let headMirror = Code("head-mirror")
    }

    public let code: Code
    public let reason: String
    public let cause: (any Error & Sendable)?
    public let file: String
    public let line: Int

    public init(
        _ code: Code,
        _ reason: String,
        cause: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.reason = reason
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// `code: reason`; the cause is left out, as SQLite's messages may quote statement arguments.
    public var description: String { "\(code): \(reason)" }
}
