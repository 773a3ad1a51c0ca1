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
        if let text = query.text {
            // Each word becomes a quoted FTS5 string, so user text can never be FTS5 syntax.
            let words = text.split(whereSeparator: \.isWhitespace)
                .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            guard !words.isEmpty else { return [] }
            joins = """
                JOIN (
                    SELECT record_id, min(rank) AS best FROM spec_text WHERE spec_text MATCH ? GROUP BY record_id
                ) AS hit ON hit.record_id = record.id
                """
            arguments.insert(words.joined(separator: " "), at: 0)
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
                "EXISTS (SELECT 1 FROM record_facet f WHERE f.record_id = record.id AND f.facet = ? AND f.value IN (\(marks)))"
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
                "EXISTS (SELECT 1 FROM record_facet f WHERE f.record_id = record.id AND f.facet = 'ects' "
                    + "AND f.number BETWEEN ? AND ?)"
            )
            arguments += [ects.lowerBound, ects.upperBound]
        }
        arguments += [max(query.limit, 0), max(query.offset, 0)]
        let sql = """
            SELECT record.* FROM record \(joins)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ? OFFSET ?
            """
        let bound = StatementArguments(arguments)
        return try await read("searching records") { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { try Self.storedRecord($0, db: db) }
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
                sql: "INSERT OR IGNORE INTO record_facet (record_id, facet, value, number) VALUES (?, ?, ?, ?)",
                arguments: [record.rawValue, facet, value, number]
            )
        }
    }
}
