import CredexJSON

/// The error of the record layer: a stable `code`, a human `reason` that names the record, field
/// or file, an optional JSON pointer, and the underlying cause.
///
/// Reasons never contain personal data or key material.
public struct CredexError: Error, CustomStringConvertible, Sendable {
    /// An extensible error code; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let malformed = Code("malformed")
        public static let invalidField = Code("invalid-field")
        public static let missingField = Code("missing-field")
        public static let unknownField = Code("unknown-field")
        public static let nonCanonical = Code("non-canonical")
        public static let wrongKind = Code("wrong-kind")
        public static let badSignature = Code("bad-signature")
        public static let tooLarge = Code("too-large")
    }

    public let code: Code
    public let reason: String
    /// Where in the document the problem is, when it is inside one.
    public let pointer: JSONPointer?
    /// The error that caused this one, if any.
    public let cause: (any Error & Sendable)?

    public init(_ code: Code, _ reason: String, pointer: JSONPointer? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.reason = reason
        self.pointer = pointer
        self.cause = cause
    }

    public var description: String {
        var text = "\(code): \(reason)"
        if let pointer, !pointer.tokens.isEmpty { text += " (at \(pointer))" }
        if let cause { text += " [\(cause)]" }
        return text
    }
}
