import Foundation
import GRDB

extension SQLiteAccessStore {
    public func appendAudit(
        _ make: @escaping @Sendable (_ seq: Int64, _ prev: String) throws -> AuditEntry
    )
        async throws -> AuditEntry
    {
        // GRDB's write is an IMMEDIATE transaction: it takes SQLite's write lock before reading the
        // tail, so two processes appending at once get consecutive seqs, never the same one.
        try await write("appending to the audit log") { db in
            let tail = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
            let seq = (tail?["seq"] as Int64? ?? 0) + 1
            let entry = try make(seq, tail?["hash"] ?? AuditEntry.genesis)
            guard entry.seq == seq else {
                throw AccessError(.invalid, "audit entry built for seq \(entry.seq), expected \(seq)")
            }
            try db.execute(
                sql: "INSERT INTO audit_entry (seq, prev, hash, body) VALUES (?, ?, ?, ?)",
                arguments: [entry.seq, entry.prev, entry.hash, Data(entry.canonicalBody)]
            )
            return entry
        }
    }

    public func auditEntries(afterSeq: Int64, limit: Int) async throws -> [StoredAuditEntry] {
        try await read("reading the audit log") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, prev, hash, body FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [afterSeq, limit]
            ).map { row in
                StoredAuditEntry(
                    seq: row["seq"],
                    prev: row["prev"],
                    hash: row["hash"],
                    body: [UInt8](row["body"] as Data)
                )
            }
        }
    }

    public func auditTail() async throws -> AuditHead? {
        try await read("reading the audit log's last entry") { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
                .map { AuditHead(seq: $0["seq"], hash: $0["hash"]) }
        }
    }
}
