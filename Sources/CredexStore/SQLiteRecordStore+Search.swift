import CredexCore
import Foundation
import GRDB

/// The facets a search filters on, one row per value in `record_facet`, written as a record is
/// appended: for a spec its awarding bodies' countries, its credential type, its levels
/// (`framework:level`) and its ECTS credits; for an award its spec.
extension SQLiteRecordStore {
    public func search(_ query: RecordQuery) async throws -> [StoredRecord] {
        var joins = ""
        var conditions = ["record.kind = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [query.kind.rawValue]
        var order = "record.rowid DESC"
        var match: String?
        if let text = query.text {
            // Each word becomes a quoted FTS5 string, so user text can never be FTS5 syntax.
            let words = text.split(whereSeparator: \.isWhitespace)
                .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            guard !words.isEmpty else { return [] }
            match = words.joined(separator: " ")
            // Only the best-ranked text rows are candidates (FTS5 stops at the LIMIT instead of
            // ranking every match); the window widens when it leaves the page short.
            joins = """
                JOIN (
                    SELECT record_id, min(best) AS best FROM (
                        SELECT record_id, rank AS best FROM spec_text WHERE spec_text MATCH ? ORDER BY rank LIMIT ?
                    ) GROUP BY record_id
                ) AS hit ON hit.record_id = record.id
                """
            order = "hit.best, record.rowid"
        }
        if let issuer = query.issuer {
            conditions.append("record.issuer = ?")
            arguments.append(issuer.rawValue)
        }
        func facet(_ name: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
            conditions.append(
                "record.id IN (SELECT record_id FROM record_facet WHERE facet = ? AND value IN (\(marks)))"
            )
            arguments.append(name)
            arguments += values
        }
        facet("country", query.countries.map(\.rawValue))
        facet("type", query.credentialTypes)
        facet("level", query.levels.map(Self.levelValue))
        facet("spec", query.spec.map { [$0.rawValue] } ?? [])
        if let ects = query.ects {
            conditions.append(
                "record.id IN (SELECT record_id FROM record_facet WHERE facet = 'ects' AND number BETWEEN ? AND ?)"
            )
            arguments += [ects.lowerBound, ects.upperBound]
        }
        let limit = max(query.limit, 0)
        arguments += [limit, max(query.offset, 0)]
        let sql = """
            SELECT record.* FROM record \(joins)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ? OFFSET ?
            """
        let filters = StatementArguments(arguments)
        let text = match
        let firstWindow = max(256, (limit + max(query.offset, 0)) * 8)
        return try await read("searching records") { db in
            guard let match = text else {
                return try Row.fetchAll(db, sql: sql, arguments: filters)
                    .map { try Self.storedRecord($0, db: db) }
            }
            var window = firstWindow
            while true {
                let rows = try Row.fetchAll(db, sql: sql, arguments: [match, window] + filters)
                // A full page, or every match was a candidate: the answer is final.
                let final =
                    try rows.count >= limit
                    || Int.fetchOne(
                        db,
                        sql: "SELECT count(*) FROM (SELECT 1 FROM spec_text WHERE spec_text MATCH ? LIMIT ?)",
                        arguments: [match, window]
                    ) ?? 0 < window
                if final { return try rows.map { try Self.storedRecord($0, db: db) } }
                window *= 8
            }
        }
    }

    /// `framework:level`, as the `level` facet holds it.
    static func levelValue(_ level: Level) -> String { "\(level.framework):\(level.level)" }

    /// Writes the facets of a record being appended.
    static func indexFacets(of body: RecordBody, record: RecordID, db: Database) throws {
        var rows: [(String, String, Double?)] = []
        switch body {
        case .spec(let spec):
            rows += Set(spec.awardingBodies.map(\.country.rawValue)).map { ("country", $0, nil) }
            rows += spec.credentialType.map { [("type", $0, nil)] } ?? []
            rows += Set((spec.levels ?? []).map(levelValue)).map { ("level", $0, nil) }
            for credit in spec.workload.credits ?? [] where credit.system == "ECTS" {
                rows.append(("ects", credit.value.rawValue, Double(credit.value.rawValue)))
            }
        case .award(let award):
            rows.append(("spec", award.spec.rawValue, nil))
        default:
            return
        }
        for (facet, value, number) in rows {
            try db.execute(
                sql: "INSERT INTO record_facet (record_id, facet, value, number) VALUES (?, ?, ?, ?)",
                arguments: [record.rawValue, facet, value, number]
            )
        }
    }
}
