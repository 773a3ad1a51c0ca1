/// Why a trust-list version, or a record judged by the trust list, is refused.
public struct TrustError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not a well-formed trust-list version.
        public static let malformed = Code("malformed")
        /// A signature does not verify, or a signer is not an admin.
        public static let badSignature = Code("bad-signature")
        /// Fewer valid admin signatures than the threshold requires.
        public static let tooFewSignatures = Code("too-few-signatures")
        /// A version not newer than the one in force (no rollback).
        public static let rollback = Code("rollback")
        /// A version that does not follow the one before it (seq or prev).
        public static let brokenChain = Code("broken-chain")
        /// Another federation's list, or a history that does not reach the pinned version.
        public static let wrongFederation = Code("wrong-federation")
        /// A record signed by a key outside the range the trust list gives it.
        public static let keyNotValid = Code("key-not-valid")
        /// A record past its issuer's suspension or withdrawal cut-off.
        public static let pastCutoff = Code("past-cutoff")
        /// A record from a node that is not a member.
        public static let notMember = Code("not-member")
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
