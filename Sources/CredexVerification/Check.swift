/// One thing verified about a record or document, with its outcome, the reason, and the evidence.
///
/// `id` is a stable machine name (`record.signature`, `trust.standing`, …) that scripts and the
/// HTTP API match on; `name` and `reason` are for people and may be reworded.
///
///     Check.fail(.recordSignature, "signature 0 by ed25519:… does not verify")
public struct Check: Codable, Sendable, Hashable {
    /// The outcome of one check.
    public enum Outcome: String, Codable, Sendable, Hashable, CaseIterable {
        case pass
        case fail
        /// Not decided from what this node holds: shown to officers as a flag, never a failure.
        case unknown
    }

    /// A stable machine name of a check, with its human name.
    public struct ID: Sendable, Hashable {
        public let rawValue: String
        public let name: String

        public init(_ rawValue: String, name: String) {
            self.rawValue = rawValue
            self.name = name
        }
    }

    public var id: String
    public var name: String
    public var outcome: Outcome
    public var reason: String
    /// Values a reader can check for themselves: record ids, positions, times, digests.
    public var evidence: [String: String]?

    public init(id: String, name: String, outcome: Outcome, reason: String, evidence: [String: String]? = nil) {
        self.id = id
        self.name = name
        self.outcome = outcome
        self.reason = reason
        self.evidence = evidence.flatMap { $0.isEmpty ? nil : $0 }
    }

    public init(_ id: ID, _ outcome: Outcome, _ reason: String, evidence: [String: String]? = nil) {
        self.init(id: id.rawValue, name: id.name, outcome: outcome, reason: reason, evidence: evidence)
    }

    public static func pass(_ id: ID, _ reason: String, evidence: [String: String]? = nil) -> Check {
        Check(id, .pass, reason, evidence: evidence)
    }

    public static func fail(_ id: ID, _ reason: String, evidence: [String: String]? = nil) -> Check {
        Check(id, .fail, reason, evidence: evidence)
    }

    public static func unknown(_ id: ID, _ reason: String, evidence: [String: String]? = nil) -> Check {
        Check(id, .unknown, reason, evidence: evidence)
    }
}

extension Check.ID {
    public static let documentParse = Check.ID("document.parse", name: "strict JSON")
    public static let documentFormat = Check.ID("document.format", name: "format")
    public static let documentProof = Check.ID("document.proof", name: "document proof")
    public static let documentSigner = Check.ID("document.signer", name: "document signer")
    public static let documentRecord = Check.ID("document.record", name: "held record")
    public static let recordEnvelope = Check.ID("record.envelope", name: "record envelope")
    public static let recordCanonical = Check.ID("record.canonical", name: "canonical form")
    public static let recordHeld = Check.ID("record.held", name: "held here")
    public static let recordStoredBytes = Check.ID("record.stored-bytes", name: "stored bytes")
    public static let recordSignature = Check.ID("record.signature", name: "signature")
    public static let recordBody = Check.ID("record.body", name: "body")
    public static let recordChain = Check.ID("record.chain", name: "chain link")
    public static let trustList = Check.ID("trust.list", name: "trust list")
    public static let trustSigningKey = Check.ID("trust.signing-key", name: "signing key range")
    public static let trustStanding = Check.ID("trust.standing", name: "issuer standing")
    public static let trustAccreditation = Check.ID("trust.accreditation", name: "accreditation")
    public static let awardSpec = Check.ID("award.spec", name: "awarded spec")
    public static let awardingBodies = Check.ID("awarding-bodies", name: "awarding bodies")
    public static let provenance = Check.ID("provenance", name: "original document")
    public static let specProvenance = Check.ID("spec.provenance", name: "spec's original document")
    public static let status = Check.ID("status", name: "status")
    public static let expiry = Check.ID("expiry", name: "expiry")
    public static let personalCommitment = Check.ID("personal.commitment", name: "personal part")
    public static let personalGrant = Check.ID("personal.grant", name: "delivery grant")
}
