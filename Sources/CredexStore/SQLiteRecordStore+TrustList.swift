import CredexCore
import Foundation
import GRDB

/// The federation's trust-list versions, kept apart from the issuers' logs: their governance (k of
/// n admin signatures, `prev` over the content without signatures) is checked by CredexTrust before
/// a version is saved here.
extension SQLiteRecordStore {
    /// Saves `record`, a checked trust-list version; a copy of the same content (same version and
    /// content id) is replaced, so a version gains signatures in place.
    public func saveTrustListVersion(_ record: CredexCore.Record) async throws {
        guard record.kind == .trustList else {
            throw StoreError(.wrongKind, "a \(record.kind) record is not a trust-list version")
        }
        let arguments: StatementArguments = [
            record.issuer.rawValue, record.seq, record.draft.contentID.rawValue, Data(record.canonicalBytes),
            timestamp(),
        ]
        try await write("saving trust list version \(record.seq)") { db in
            try db.execute(
                sql: """
                    INSERT INTO trust_list_version (federation, version, content_id, bytes, received_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (federation, version, content_id) DO UPDATE SET bytes = excluded.bytes
                    """,
                arguments: arguments
            )
        }
    }

    /// Every saved version of `federation`'s trust list, oldest first.
    public func trustListVersions(federation: String) async throws -> [CredexCore.Record] {
        let rows = try await read("reading the trust list of \(federation)") { db in
            try Data.fetchAll(
                db,
                sql: "SELECT bytes FROM trust_list_version WHERE federation = ? ORDER BY version, received_at",
                arguments: [federation]
            )
        }
        return try rows.map { try CredexCore.Record(canonicalBytes: Array($0)) }
    }
}
