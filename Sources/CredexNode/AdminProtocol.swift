import CredexCore
import CredexReplication
import CredexStore
import Foundation

/// A request to the running node over its admin socket. The socket is mode 0600 inside a 0700
/// directory, so only the node's operator can send one.
public struct AdminRequest: Codable, Sendable {
    /// What the node is asked to do.
    public enum Operation: String, Codable, Sendable {
        case issue
        case issueAward = "issue-award"
        case erase
        case confirmHead = "confirm-head"
        case importRecords = "import"
        /// Signs specs and awards read from another format (`IssuingService.attest`).
        case attest
        /// Adds trust-list versions and puts the newest in force (`TrustListUpdate`).
        case trustList = "trust-list"
        /// The running node's replication, per member (`credex peers`).
        case peers
        /// Queues an award's personal part for more nodes, at the learner's request.
        case share
        /// Puts a received personal part under a legal hold, or releases it.
        case hold
        /// The personal-data outbox and the erasure notices received (`credex deliveries`).
        case deliveries
        case ping
    }

    public var operation: Operation
    /// For `issue`: the record kind.
    public var kind: String?
    /// For `issue` and `issue-award`: the input file's text, parsed strictly by the node; for
    /// `trust-list`: trust-list versions as JSON Lines, one canonical record per line.
    public var document: String?
    /// For `issue-award`: the spec, when the document does not name it.
    public var spec: String?
    /// For `erase`, `share`, `hold` and `deliveries`: an award id; for `erase`, or a learner
    /// identifier or name.
    public var award: String?
    public var learner: String?
    /// For `erase --learner`: the identifier scheme the value belongs to.
    public var scheme: String?
    /// For `confirm-head`.
    public var force: Bool?
    /// For `import` and `trust-list`: the JSON Lines file, read by the node itself; for `import`,
    /// records per transaction.
    public var path: String?
    public var batchSize: Int?
    /// For `import`: where in the file to start, and how many batches to import from there
    /// (default: to the end).
    public var start: RecordImporter.Position?
    public var batches: Int?
    /// For `attest`.
    public var attestation: AttestationBatch?
    /// For `trust-list`: refuse versions not newer than the one in force (publishing).
    public var requireNewer: Bool?
    /// For `trust-list`: the content id the history must reach, when `node.json` has none yet.
    public var pin: String?
    /// For `share` and `issue-award`: the nodes the personal part goes to.
    public var recipients: [String]?
    /// For `share` and `issue-award`: send it even to a member outside the EEA without an
    /// adequacy decision (after a warning).
    public var allowOutsideEEA: Bool?
    /// For `hold`: the legal obligation the part is kept for; nil releases the hold.
    public var reason: String?

    public init(operation: Operation) { self.operation = operation }
}

/// The node's answer to an `AdminRequest`.
public struct AdminResponse: Codable, Sendable {
    /// A record the request issued.
    public typealias Issued = RecordRef

    public var error: String?
    public var issued: Issued?
    public var erased: [String]?
    public var message: String?
    public var imported: RecordImporter.Summary?
    public var attested: AttestationSummary?
    public var peers: [PeerState]?
    public var trustList: TrustListUpdate.Summary?
    public var sharings: [IssuingService.Sharing]?
    public var outbox: [OutboxEntry]?
    public var notices: [ReceivedNotice]?

    public init(
        error: String? = nil,
        issued: Issued? = nil,
        erased: [String]? = nil,
        message: String? = nil,
        imported: RecordImporter.Summary? = nil,
        attested: AttestationSummary? = nil,
        peers: [PeerState]? = nil,
        trustList: TrustListUpdate.Summary? = nil,
        sharings: [IssuingService.Sharing]? = nil,
        outbox: [OutboxEntry]? = nil,
        notices: [ReceivedNotice]? = nil
    ) {
        self.error = error
        self.issued = issued
        self.erased = erased
        self.message = message
        self.imported = imported
        self.attested = attested
        self.peers = peers
        self.trustList = trustList
        self.sharings = sharings
        self.outbox = outbox
        self.notices = notices
    }

    /// The largest request or response accepted on the socket.
    static let maximumSize = 4 * 1024 * 1024
}
