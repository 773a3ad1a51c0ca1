/// Why a signed request or response was refused: an expected outcome, returned rather than thrown.
///
/// The `reason` names the key id when one was read, and never contains the body or key material.
/// It is an `Error` so that callers may throw it on; the verifiers themselves return it.
public struct SignatureRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// An extensible refusal code; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// `Signature-Input`, `Signature` or `Content-Digest` is absent.
        public static let missingHeader = Code("missing-header")
        /// A signature field is not a valid RFC 8941 dictionary of the expected shape.
        public static let malformedHeader = Code("malformed-header")
        /// The key id is not in the trust snapshot.
        public static let unknownKey = Code("unknown-key")
        /// The signature does not cover exactly the required components.
        public static let wrongComponents = Code("wrong-components")
        /// `Content-Digest` does not match the body.
        public static let digestMismatch = Code("digest-mismatch")
        /// The Ed25519 signature does not verify over the signature base.
        public static let badSignature = Code("bad-signature")
        /// `created` lies further in the future than the allowed clock skew.
        public static let notYetValid = Code("not-yet-valid")
        /// `expires` has passed, or the signature is older than allowed.
        public static let expired = Code("expired")
        /// The nonce was already used with this key.
        public static let replayed = Code("replayed")
    }

    public let code: Code
    /// The key id the signature claimed, when it could be read.
    public let keyID: String?
    /// A human explanation naming the key id.
    public let reason: String

    public init(_ code: Code, keyID: String?, _ reason: String) {
        self.code = code
        self.keyID = keyID
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
