import CredexCore

/// Who a refused record counts against.
public enum Blame: Sendable, Hashable, CustomStringConvertible {
    /// The peer that served it: garbage on the wire, or records not asked for.
    case peer(NodeID)
    /// The record's issuer: a validly framed record it signed wrongly, so an honest relay is not punished.
    case issuer(NodeID)

    /// `peer` or `issuer`.
    public var party: String {
        switch self {
        case .peer: return "peer"
        case .issuer: return "issuer"
        }
    }

    /// The node blamed.
    public var node: NodeID {
        switch self {
        case .peer(let node), .issuer(let node): return node
        }
    }

    public var description: String { "\(party) \(node)" }
}

/// Why a pulled record was not stored, and who it counts against. A refusal is an expected
/// outcome of replication, not an error: the records before it are stored, it and the rest of
/// its batch are not.
public struct Refusal: Sendable, Hashable, CustomStringConvertible {
    /// A stable, extensible reason code; compare with the static members.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The body is not well framed (a frame too long, or cut short). Peer.
        public static let badFrame = Reason("bad-frame")
        /// The bytes are not RFC 8785 canonical. Peer.
        public static let nonCanonical = Reason("non-canonical")
        /// The bytes are not a record. Peer.
        public static let malformed = Reason("malformed")
        /// A record of another issuer, federation or seq range than asked for. Peer.
        public static let notAsked = Reason("not-asked")
        /// More records than the limit asked for, or a body longer than they can be. Peer.
        public static let overlong = Reason("overlong")
        /// A gap in the seqs or a `prev` that does not name the record before. Peer.
        public static let brokenChain = Reason("broken-chain")
        /// A signature that does not verify. Issuer.
        public static let badSignature = Reason("bad-signature")
        /// The issuer is not a member of the federation. Issuer.
        public static let notMember = Reason("not-member")
        /// The signing key may not sign at that position of the log. Issuer.
        public static let keyNotValid = Reason("key-not-valid")
        /// Past the issuer's suspension or withdrawal cut-off. Issuer.
        public static let pastCutoff = Reason("past-cutoff")
    }

    public let reason: Reason
    public let blamed: Blame
    /// The log and seq the refused record was asked for at.
    public let issuer: NodeID
    public let seq: Int64
    /// What was wrong, naming the record; never personal data (envelopes hold none).
    public let detail: String

    public init(_ reason: Reason, blamed: Blame, issuer: NodeID, seq: Int64, detail: String) {
        self.reason = reason
        self.blamed = blamed
        self.issuer = issuer
        self.seq = seq
        self.detail = detail
    }

    public var description: String { "\(reason) (blamed: \(blamed)) at \(issuer) #\(seq): \(detail)" }
}
