import CredexCore
import Foundation
import GRDB

extension SQLiteRecordStore {
    public func record(id: RecordID) async throws -> StoredRecord? {
        try await read("reading record \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM record WHERE id = ?", arguments: [id.rawValue])
                .map { try Self.storedRecord($0, db: db) }
        }
    }

    public func log(issuer: NodeID?, afterSeq: Int64, limit: Int) async throws -> [StoredRecord] {
        try await read("reading the log") { db in
            let rows: [Row]
            if let issuer {
                rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM record WHERE issuer = ? AND seq > ? ORDER BY seq LIMIT ?",
                    arguments: [issuer.rawValue, afterSeq, limit]
                )
            } else {
                rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM record WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    arguments: [afterSeq, limit]
                )
            }
            return try rows.map { try Self.storedRecord($0, db: db) }
        }
    }

    public func logBytes(issuer: NodeID, afterSeq: Int64, limit: Int) async throws -> [StoredBytes] {
        try await read("reading the log of \(issuer)") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, bytes FROM record WHERE issuer = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [issuer.rawValue, afterSeq, limit]
            ).map { StoredBytes(seq: $0["seq"], bytes: [UInt8]($0["bytes"] as Data)) }
        }
    }

    public func heads() async throws -> [LogHead] {
        try await read("reading heads") { db in
            // A skip scan over UNIQUE (issuer, seq): one index seek per issuer, not a scan of every record.
            try Row.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE issuers(issuer) AS (
                        SELECT (SELECT min(issuer) FROM record)
                        UNION ALL
                        SELECT (SELECT min(issuer) FROM record WHERE issuer > issuers.issuer) FROM issuers
                        WHERE issuers.issuer IS NOT NULL
                    )
                    SELECT record.issuer, record.seq, record.id FROM issuers
                    JOIN record ON record.issuer = issuers.issuer
                        AND record.seq = (SELECT max(seq) FROM record WHERE issuer = issuers.issuer)
                    ORDER BY record.issuer
                    """
            )
            .map { row in
                let issuer = try NodeID(validating: row["issuer"])
                return LogHead(
                    issuer: issuer,
                    seq: row["seq"],
                    id: try RecordID(validating: row["id"]),
                    forked: try Self.isForked(issuer, db: db)
                )
            }
        }
    }

    public func head(of issuer: NodeID) async throws -> LogHead? {
        try await read("reading the head of \(issuer)") { db in
            try Self.currentHead(of: issuer, db: db).map {
                LogHead(issuer: issuer, seq: $0.seq, id: $0.id, forked: try Self.isForked(issuer, db: db))
            }
        }
    }

    public func statusRecords(target: RecordID) async throws -> [StoredRecord] {
        try await read("reading status of \(target)") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT record.* FROM record JOIN status_target ON status_target.record_id = record.id
                    WHERE status_target.target = ? ORDER BY record.issuer, record.seq
                    """,
                arguments: [target.rawValue]
            ).map { try Self.storedRecord($0, db: db) }
        }
    }

    public func status(of id: RecordID) async throws -> CredentialStatus? {
        guard let target = try await record(id: id), [.spec, .award].contains(target.record.kind) else { return nil }
        let changes = try await statusRecords(target: id).compactMap { stored -> StatusChange? in
            guard stored.record.issuer == target.record.issuer, case .status(let change) = RecordBody(of: stored.record)
            else { return nil }
            return change
        }
        return CredentialStatus(applying: changes)
    }

    /// Decodes a `record` row; the canonical bytes are the truth, the columns only index them.
    static func storedRecord(_ row: Row, db: Database) throws -> StoredRecord {
        let id: String = row["id"]
        let bytes: Data = row["bytes"]
        let record: CredexCore.Record
        do {
            record = try CredexCore.Record(canonicalBytes: [UInt8](bytes))
        } catch {
            throw StoreError(
                .corrupt,
                "stored record \(id) no longer decodes; run `credex check`",
                cause: error as? CredexError
            )
        }
        let flags = try Row.fetchAll(
            db,
            sql: "SELECT code, detail FROM record_flag WHERE record_id = ? ORDER BY code",
            arguments: [id]
        ).map { RecordFlag(code: $0["code"], detail: $0["detail"]) }
        return StoredRecord(record: record, receivedAt: row["received_at"], flags: flags)
    }
}
