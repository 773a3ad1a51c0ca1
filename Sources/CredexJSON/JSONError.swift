/// Why JSON was refused: by the parser, by the canonical-form check, or by code reading a parsed value.
///
/// `reason` names what was wrong but never quotes string values from the document, which may be personal data.
///
///     do { _ = try StrictJSON.parse(#"{"a":1,"a":2}"#, mode: .record) } catch let error as JSONError {
///         error.code  // .duplicateKey; error.pointer is the object, error.offset the second "a"
///     }
public struct JSONError: Error, CustomStringConvertible, Sendable {
    /// The kind of refusal; an open set, so switch over it with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Hashable, Sendable {
            case syntax, duplicateKey, loneSurrogate, invalidUTF8, controlCharacter, numberOutOfRange
            case numberNotInteger, nonCanonical, tooDeep, trailingData, type, missing
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// The input does not follow the RFC 8259 grammar (including empty or truncated input and a byte order mark).
        public static let syntax = Code(.syntax)
        /// An object has two members with the same key.
        public static let duplicateKey = Code(.duplicateKey)
        /// A `\u` escape is a surrogate that is not half of a high-then-low pair.
        public static let loneSurrogate = Code(.loneSurrogate)
        /// The raw bytes of a string are not well-formed UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A string contains a control character (U+0000 to U+001F) that is not escaped.
        public static let controlCharacter = Code(.controlCharacter)
        /// A number is outside the range allowed: ±(2^53−1) for records, finite doubles for documents.
        public static let numberOutOfRange = Code(.numberOutOfRange)
        /// A record holds a number with a fraction or an exponent.
        public static let numberNotInteger = Code(.numberNotInteger)
        /// The bytes parse but are not the RFC 8785 canonical form of their value.
        public static let nonCanonical = Code(.nonCanonical)
        /// Arrays and objects are nested deeper than allowed.
        public static let tooDeep = Code(.tooDeep)
        /// Something other than whitespace follows the value.
        public static let trailingData = Code(.trailingData)
        /// A value has the wrong JSON type for its place.
        public static let type = Code(.type)
        /// A required member is absent.
        public static let missing = Code(.missing)

        public var description: String { backing.rawValue }
    }

    /// The kind of refusal.
    public let code: Code
    /// What was wrong, for people; names places, never string contents.
    public let reason: String
    /// The byte offset in the input, when parsing.
    public let offset: Int?
    /// Where in the document, when known.
    public let pointer: JSONPointer?

    /// An error of kind `code`; `offset` and `pointer` say where, when known.
    public init(_ code: Code, _ reason: String, offset: Int? = nil, pointer: JSONPointer? = nil) {
        self.code = code
        self.reason = reason
        self.offset = offset
        self.pointer = pointer
    }

    /// For example `duplicateKey at "/a" (byte 17): duplicate key "b"`.
    public var description: String {
        var text = code.description
        if let pointer { text += " at \"\(pointer)\"" }
        if let offset { text += " (byte \(offset))" }
        return text + ": " + reason
    }

    /// The same error one level further down: `token` is prepended to the pointer.
    func nested(in token: String) -> JSONError {
        JSONError(code, reason, offset: offset, pointer: JSONPointer([token] + (pointer?.tokens ?? [])))
    }
}
