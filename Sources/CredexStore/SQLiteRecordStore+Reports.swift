import CredexCore
import CredexCrypto
import Foundation
import GRDB

extension SQLiteRecordStore: ReportStore {
    public func saveReport(_ draft: SavedReport.Draft) async throws -> SavedReport {
        let savedAt = timestamp()
        let id = SHA256.hex(draft.report + Array(savedAt.utf8))
        try await write("saving a recognition report") { db in
            try db.execute(
                sql: """
                    INSERT INTO recognition_report (id, record_id, framework, author, saved_at, report)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, draft.record.rawValue, draft.framework, draft.author, savedAt, Data(draft.report)]
            )
        }
        return SavedReport(
            id: id,
            record: draft.record,
            framework: draft.framework,
            author: draft.author,
            savedAt: savedAt,
            report: draft.report
        )
    }

    public func savedReports(limit: Int, offset: Int) async throws -> [SavedReport] {
        try await read("reading saved reports") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM recognition_report ORDER BY saved_at DESC, id LIMIT ? OFFSET ?",
                arguments: [limit, offset]
            ).map(Self.savedReport)
        }
    }

    public func savedReport(id: String) async throws -> SavedReport? {
        try await read("reading a saved report") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM recognition_report WHERE id = ?", arguments: [id])
                .map(Self.savedReport)
        }
    }

    public func decide(report id: String, decision: [UInt8], by author: String) async throws -> SavedReport {
        let decidedAt = timestamp()
        return try await write("recording a recognition decision") { db in
            try db.execute(
                sql: "UPDATE recognition_report SET decision = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                arguments: [Data(decision), author, decidedAt, id]
            )
            guard db.changesCount == 1,
                let row = try Row.fetchOne(db, sql: "SELECT * FROM recognition_report WHERE id = ?", arguments: [id])
            else { throw StoreError(.notFound, "no saved report \(id)") }
            return try Self.savedReport(row)
        }
    }

    private static func savedReport(_ row: Row) throws -> SavedReport {
        SavedReport(
            id: row["id"],
            record: try RecordID(validating: row["record_id"]),
            framework: row["framework"],
            author: row["author"],
            savedAt: row["saved_at"],
            report: [UInt8](row["report"] as Data),
            decision: (row["decision"] as Data?).map { [UInt8]($0) },
            decidedBy: row["decided_by"],
            decidedAt: row["decided_at"]
        )
    }
}
