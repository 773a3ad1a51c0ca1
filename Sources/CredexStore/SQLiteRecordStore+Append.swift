import CredexCore
import Foundation
import GRDB

extension SQLiteRecordStore {
    public func append(_ batch: AppendBatch) async throws -> AppendOutcome {
        let receivedAt = timestamp()
        do {
            return try await writer.writeWithoutTransaction { db in
                if batch.durable { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if batch.durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                var outcome = AppendOutcome()
                try db.inTransaction {
                    outcome = try Self.append(batch, receivedAt: receivedAt, db: db)
                    return .commit
                }
                return outcome
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error, doing: "appending \(batch.records.count) records")
        }
    }

    private static func append(_ batch: AppendBatch, receivedAt: String, db: Database) throws -> AppendOutcome {
        var outcome = AppendOutcome()
        var heads: [NodeID: (seq: Int64, id: RecordID)] = [:]
        var keys: [NodeID: Set<KeyID>?] = [:]
        var dropped: Set<RecordID> = []
        for (index, verified) in batch.records.enumerated() {
            let record = verified.record
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM record WHERE id = ?", arguments: [record.id.rawValue]) == true
            {
                outcome.alreadyHeld += 1
                continue
            }
            if try isForked(record.issuer, db: db) {
                throw StoreError(
                    .forkedIssuer,
                    "\(record.issuer) is frozen after a fork: its record #\(record.seq) is refused until admins resolve the fork"
                )
            }
            let head = try heads[record.issuer] ?? currentHead(of: record.issuer, db: db)
            let expected = (head?.seq ?? 0) + 1
            try checkSigningKey(record, extendsHead: record.seq == expected, cache: &keys, db: db)
            if record.seq < expected, batch.durable {
                // The node's own record at a taken seq is a mistake to refuse, never a fork to keep.
                throw StoreError(.brokenChain, "\(record.issuer) #\(record.seq) is taken: the head is #\(expected - 1)")
            }
            if record.seq < expected,
                let held = try String.fetchOne(
                    db,
                    sql: "SELECT id FROM record WHERE issuer = ? AND seq = ?",
                    arguments: [record.issuer.rawValue, record.seq]
                )
            {
                let evidence = ForkEvidence(
                    issuer: record.issuer,
                    seq: record.seq,
                    held: try RecordID(validating: held),
                    conflicting: record.id
                )
                try db.execute(
                    sql:
                        "INSERT INTO fork (conflicting_id, issuer, seq, held_id, bytes, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        record.id.rawValue, record.issuer.rawValue, record.seq, held, Data(record.canonicalBytes),
                        receivedAt,
                    ]
                )
                outcome.fork = evidence
                dropped = Set(batch.records[(index + 1)...].map(\.record.id))
                outcome.notTaken = dropped.count
                break  // the issuer is frozen: nothing after the fork is taken
            }
            guard record.seq == expected else {
                throw StoreError(
                    .brokenChain,
                    "\(record.issuer) #\(record.seq) does not follow the held head: expected #\(expected)"
                )
            }
            guard record.prev == head?.id else {
                throw StoreError(
                    .brokenChain,
                    "\(record.issuer) #\(record.seq) names prev \(record.prev?.rawValue ?? "none"), but #\(head?.seq ?? 0) is \(head?.id.rawValue ?? "none")"
                )
            }
            try insert(verified, receivedAt: receivedAt, db: db)
            heads[record.issuer] = (record.seq, record.id)
            if let changed = keysAfter(verified) { keys[record.issuer] = changed }
            outcome.appended.append(record.id)
        }
        for (awardID, part) in batch.personalParts.sorted(by: { $0.key < $1.key }) where !dropped.contains(awardID) {
            try insertPersonalPart(part, award: awardID, storedAt: receivedAt, db: db)
        }
        return outcome
    }

    static func isForked(_ issuer: NodeID, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM fork WHERE issuer = ? LIMIT 1", arguments: [issuer.rawValue]) == true
    }

    static func currentHead(of issuer: NodeID, db: Database) throws -> (seq: Int64, id: RecordID)? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT seq, id FROM record WHERE issuer = ? ORDER BY seq DESC LIMIT 1",
                arguments: [issuer.rawValue]
            )
        else { return nil }
        return (row["seq"], try RecordID(validating: row["id"]))
    }

    private static func insert(_ verified: VerifiedRecord, receivedAt: String, db: Database) throws {
        let record = verified.record
        try db.execute(
            sql: """
                INSERT INTO record (id, issuer, seq, kind, prev, claimed_at, received_at, bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id.rawValue, record.issuer.rawValue, record.seq, record.kind.rawValue, record.prev?.rawValue,
                record.claimedAt.rawValue, receivedAt, Data(record.canonicalBytes),
            ]
        )
        try indexFacets(of: verified.body, record: record.id, db: db)
        switch verified.body {
        case .notUnderstood(let reason):
            try flag(record.id, "body-not-understood", reason, db: db)
        case .spec(let spec):
            try indexText(of: spec, record: record.id, db: db)
        case .status(let status):
            try db.execute(
                sql: "INSERT INTO status_target (record_id, target) VALUES (?, ?)",
                arguments: [record.id.rawValue, status.target.rawValue]
            )
        default:
            break
        }
    }

    static func flag(_ id: RecordID, _ code: String, _ detail: String, db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO record_flag (record_id, code, detail) VALUES (?, ?, ?)",
            arguments: [id.rawValue, code, detail]
        )
    }

    /// Indexes a spec's title, description and learning outcomes in every language.
    private static func indexText(of spec: CredentialSpec, record: RecordID, db: Database) throws {
        var maps = [spec.title] + spec.learningOutcomes.map(\.text)
        if let description = spec.description { maps.append(description) }
        for map in maps {
            for (language, text) in map.values {
                try db.execute(
                    sql: "INSERT INTO spec_text (record_id, language, text) VALUES (?, ?, ?)",
                    arguments: [record.rawValue, language, text]
                )
            }
        }
    }
}
