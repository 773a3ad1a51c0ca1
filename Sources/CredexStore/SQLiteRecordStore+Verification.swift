import CredexCore
import Foundation
import GRDB

/// What a node holds around one record that verifying it needs beyond the record itself, read in
/// one snapshot so the answers agree with each other.
///
/// The record need not be held (an uploaded file): everything is looked up by its id, issuer and seq.
public struct VerificationContext: Sendable, Hashable {
    /// The issuer's held record at seq - 1; nil at seq 1 or when not held.
    public var previous: StoredRecord?
    /// The head of the issuer's log as held.
    public var head: LogHead?
    /// The issuer's newest held `checkpoint` record.
    public var latestCheckpoint: StoredRecord?
    /// Status records that target the record, by any issuer, in log order.
    public var statusRecords: [StoredRecord]
    /// Endorsement records that target the record, by any issuer, in log order.
    public var endorsements: [StoredRecord]
    /// An award's personal part, if held.
    public var personalPart: PersonalPart?
    /// The canonical bytes of the issuer's grant a delivered personal part came with; nil when
    /// the part was not delivered (or none is held).
    public var grantBytes: [UInt8]?

    public init(
        previous: StoredRecord? = nil,
        head: LogHead? = nil,
        latestCheckpoint: StoredRecord? = nil,
        statusRecords: [StoredRecord] = [],
        endorsements: [StoredRecord] = [],
        personalPart: PersonalPart? = nil,
        grantBytes: [UInt8]? = nil
    ) {
        self.previous = previous
        self.head = head
        self.latestCheckpoint = latestCheckpoint
        self.statusRecords = statusRecords
        self.endorsements = endorsements
        self.personalPart = personalPart
        self.grantBytes = grantBytes
    }
}

extension RecordStore {
    /// Stores that do not answer this question refuse it rather than answer it wrongly.
    public func verificationContext(of record: CredexCore.Record) async throws -> VerificationContext {
        throw StoreError(.storage, "this store cannot gather the context to verify record \(record.id)")
    }
}

extension SQLiteRecordStore {
    public func verificationContext(of record: CredexCore.Record) async throws -> VerificationContext {
        let id = record.id.rawValue
        let issuer = record.issuer
        let seq = record.seq
        return try await read("reading what verifying record \(record.id) needs") { db in
            func fetch(_ sql: String, _ arguments: StatementArguments) throws -> [StoredRecord] {
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { try Self.storedRecord($0, db: db) }
            }
            var context = VerificationContext()
            context.previous = try fetch(
                "SELECT * FROM record WHERE issuer = ? AND seq = ?",
                [issuer.rawValue, seq - 1]
            ).first
            context.head = try Self.currentHead(of: issuer, db: db).map {
                LogHead(issuer: issuer, seq: $0.seq, id: $0.id, forked: try Self.isForked(issuer, db: db))
            }
            // The index on (issuer, kind, seq) finds the newest checkpoint with one seek.
            context.latestCheckpoint = try fetch(
                "SELECT * FROM record WHERE issuer = ? AND kind = ? ORDER BY seq DESC LIMIT 1",
                [issuer.rawValue, RecordKind.checkpoint.rawValue]
            ).first
            context.statusRecords = try fetch(
                """
                SELECT record.* FROM record JOIN status_target ON status_target.record_id = record.id
                WHERE status_target.target = ? ORDER BY record.issuer, record.seq
                """,
                [id]
            )
            // Endorsements are few; the kind index narrows them before their bodies are read.
            context.endorsements = try fetch(
                """
                SELECT * FROM record WHERE kind = ?
                AND json_extract(CAST(bytes AS TEXT), '$.body.target') = ? ORDER BY issuer, seq
                """,
                [RecordKind.endorsement.rawValue, id]
            )
            if let row = try Row.fetchOne(
                db,
                sql: "SELECT bytes, grant_bytes FROM personal_part WHERE award_id = ?",
                arguments: [id]
            ) {
                context.personalPart = try Self.decodePersonalPart(row["bytes"], award: record.id)
                context.grantBytes = (row["grant_bytes"] as Data?).map { [UInt8]($0) }
            }
            return context
        }
    }
}
