import CredexCore

/// Where a node keeps its records: one append-only, hash-chained log per issuer, the personal
/// parts beside them, and the indexes officers query. SQLite is the embedded implementation;
/// a server database can implement the same protocol.
public protocol RecordStore: Sendable {
    /// Appends a batch in one transaction: every record must extend its issuer's chain.
    /// Records already held are skipped; a fork is kept as evidence and freezes its issuer.
    func append(_ batch: AppendBatch) async throws -> AppendOutcome
    /// The record with `id`, if held.
    func record(id: RecordID) async throws -> StoredRecord?
    /// Records in log order: one issuer's after seq `afterSeq`; with no issuer, every record in
    /// arrival order after arrival position `afterSeq` (0 for the start).
    func log(issuer: NodeID?, afterSeq: Int64, limit: Int) async throws -> [StoredRecord]
    /// One issuer's records after seq `afterSeq` as their stored canonical bytes, unparsed: what a
    /// node serves to its peers, who check every record themselves.
    func logBytes(issuer: NodeID, afterSeq: Int64, limit: Int) async throws -> [StoredBytes]
    /// The head of every log held.
    func heads() async throws -> [LogHead]
    /// The head of one issuer's log, if any of it is held.
    func head(of issuer: NodeID) async throws -> LogHead?
    /// Specs or awards matching `query`: best first when it has text, else newest first.
    func search(_ query: RecordQuery) async throws -> [StoredRecord]
    /// Status records that target `id`, in log order.
    func statusRecords(target: RecordID) async throws -> [StoredRecord]
    /// Where a held spec or award stands after the status records its own issuer signed;
    /// nil for other kinds or records not held.
    func status(of id: RecordID) async throws -> CredentialStatus?
    /// The personal part of an award, if this node holds it.
    func personalPart(award: RecordID) async throws -> PersonalPart?
    /// What this node holds around `record` (held or not) that verifying it needs, read at once.
    func verificationContext(of record: CredexCore.Record) async throws -> VerificationContext
    /// Removes for good the personal parts `selector` matches, leaving a tombstone per award.
    func erase(_ selector: ErasureSelector) async throws -> [RecordID]
    /// Re-verifies every stored record, link and personal part.
    func check() async throws -> IntegrityReport
    /// A small named value the node keeps about itself.
    func state(_ key: NodeStateKey) async throws -> String?
    /// Sets a state value; nil removes it.
    func setState(_ key: NodeStateKey, _ value: String?) async throws
}

/// Records to append, with the personal parts of awards among them.
public struct AppendBatch: Sendable {
    public var records: [VerifiedRecord]
    /// Personal parts by award id; each must match its award's learner commitment.
    public var personalParts: [RecordID: PersonalPart]
    /// The node's own records: written with `synchronous=FULL` so a seq is never reused.
    public var durable: Bool

    public init(records: [VerifiedRecord], personalParts: [RecordID: PersonalPart] = [:], durable: Bool = false) {
        self.records = records
        self.personalParts = personalParts
        self.durable = durable
    }
}

/// What an append did.
public struct AppendOutcome: Sendable, Hashable {
    /// The records added to their logs, in order.
    public var appended: [RecordID] = []
    /// Records skipped because they were held already.
    public var alreadyHeld: Int = 0
    /// A second validly signed record at a held (issuer, seq); kept as evidence.
    public var fork: ForkEvidence?
    /// Records of the batch after a fork, left out because the append stopped there.
    public var notTaken: Int = 0
}

/// Two validly signed records at one (issuer, seq).
public struct ForkEvidence: Sendable, Hashable {
    public let issuer: NodeID
    public let seq: Int64
    public let held: RecordID
    public let conflicting: RecordID
}

/// A record as stored, with what this node knows about it.
public struct StoredRecord: Sendable, Hashable {
    public let record: CredexCore.Record
    /// When this node received it (its own clock).
    public let receivedAt: String
    public let flags: [RecordFlag]
}

/// A record's seq and its canonical bytes as stored.
public struct StoredBytes: Sendable, Hashable {
    public let seq: Int64
    public let bytes: [UInt8]

    public init(seq: Int64, bytes: [UInt8]) {
        self.seq = seq
        self.bytes = bytes
    }
}

/// A non-deterministic problem shown to officers rather than a reason to refuse the record.
public struct RecordFlag: Sendable, Hashable {
    public let code: String
    public let detail: String
}

/// The last record of one issuer's log.
public struct LogHead: Sendable, Hashable {
    public let issuer: NodeID
    public let seq: Int64
    public let id: RecordID
    public let forked: Bool
}

/// Which personal parts to erase.
public enum ErasureSelector: Sendable, Hashable {
    case award(RecordID)
    /// Every part whose learner has this identifier value or this exact name; with a scheme,
    /// only an identifier of that scheme matches (a student number is unique only in its scheme).
    case learner(String, scheme: String? = nil)
}

/// Keys of the node's own small state.
public enum NodeStateKey: String, Sendable {
    /// "no" after a restore: the node must confirm its own head before issuing again.
    case headConfirmed = "head-confirmed"
    /// A log line of forced confirmations.
    case headConfirmationLog = "head-confirmation-log"
}

/// The outcome of `check`: every problem found, by record.
public struct IntegrityReport: Sendable, Hashable {
    public var recordsChecked = 0
    public var personalPartsChecked = 0
    public var problems: [String] = []
    public var isClean: Bool { problems.isEmpty }
}
