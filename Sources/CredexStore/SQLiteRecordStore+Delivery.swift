import CredexCore
import Foundation
import GRDB

extension SQLiteRecordStore: PersonalDataStore {
    public func queueDelivery(
        award: RecordID,
        to recipient: NodeID,
        reason: PersonalMessage.Reason
    ) async throws -> Bool {
        let queuedAt = timestamp()
        return try await write("queueing a personal-part delivery") { db in
            guard
                let commitment = try String.fetchOne(
                    db,
                    sql: "SELECT commitment FROM personal_part WHERE award_id = ?",
                    arguments: [award.rawValue]
                )
            else {
                throw StoreError(
                    .notFound,
                    "this node holds no personal part of award \(award) (never held, or erased)"
                )
            }
            let state = try String.fetchOne(
                db,
                sql: "SELECT state FROM personal_outbox WHERE kind = 'deliver' AND award_id = ? AND recipient = ?",
                arguments: [award.rawValue, recipient.rawValue]
            )
            guard state == nil || state == OutboxEntry.State.refused.rawValue else { return false }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO personal_outbox
                        (kind, award_id, recipient, commitment, reason, queued_at, state)
                    VALUES ('deliver', ?, ?, ?, ?, ?, 'pending')
                    """,
                arguments: [award.rawValue, recipient.rawValue, commitment, reason.rawValue, queuedAt]
            )
            return true
        }
    }

    /// Inside an erasure: cancels deliveries of `award` not yet made and queues a notice to every
    /// node that was, or may have been, sent the part (an attempt whose answer was lost counts).
    static func queueErasureNotices(award: RecordID, commitment: String, at time: String, db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO personal_outbox (kind, award_id, recipient, commitment, queued_at, state)
                SELECT 'erase', award_id, recipient, ?, ?, 'pending' FROM personal_outbox
                WHERE kind = 'deliver' AND award_id = ? AND (state = 'done' OR attempts > 0)
                """,
            arguments: [commitment, time, award.rawValue]
        )
        try db.execute(
            sql: """
                UPDATE personal_outbox SET state = 'cancelled', settled_at = ?
                WHERE kind = 'deliver' AND award_id = ? AND state IN ('pending', 'refused')
                """,
            arguments: [time, award.rawValue]
        )
    }

    public func dueMessages(now: Date, limit: Int) async throws -> [OutboxEntry] {
        try await read("reading the personal-data outbox") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM personal_outbox WHERE state = 'pending' AND next_attempt <= ?
                    ORDER BY next_attempt, queued_at LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, limit]
            ).map(Self.outboxEntry)
        }
    }

    public func nextAttempt() async throws -> Date? {
        try await read("reading the personal-data outbox") { db in
            try Double.fetchOne(db, sql: "SELECT min(next_attempt) FROM personal_outbox WHERE state = 'pending'")
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    public func settle(_ entry: OutboxEntry, _ outcome: OutboxOutcome) async throws {
        let time = timestamp()
        try await write("recording a personal-data delivery") { db in
            let key: [any DatabaseValueConvertible] = [
                entry.kind.rawValue, entry.award.rawValue, entry.recipient.rawValue,
            ]
            // Only a pending message is settled: an erasure may have cancelled a delivery meanwhile.
            let sql: String
            let arguments: [any DatabaseValueConvertible]
            switch outcome {
            case .accepted(let answer):
                sql = "state = 'done', attempts = attempts + 1, settled_at = ?, answer = ?, last_error = NULL"
                arguments = [time, answer]
            case .failed(let error, let retryAt):
                sql = "attempts = attempts + 1, last_error = ?, next_attempt = ?"
                arguments = [error, retryAt.timeIntervalSince1970]
            case .refused(let error):
                sql = "state = 'refused', attempts = attempts + 1, settled_at = ?, last_error = ?"
                arguments = [time, error]
            }
            try db.execute(
                sql:
                    "UPDATE personal_outbox SET \(sql) WHERE kind = ? AND award_id = ? AND recipient = ? AND state = 'pending'",
                arguments: StatementArguments(arguments + key)
            )
            // A delivery an erasure cancelled while it was on its way may have arrived: it gets a
            // notice too, unless the recipient refused it outright.
            guard db.changesCount == 0, entry.kind == .deliver else { return }
            if case .refused = outcome { return }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO personal_outbox (kind, award_id, recipient, commitment, queued_at, state)
                    SELECT 'erase', award_id, recipient, commitment, ?, 'pending' FROM personal_outbox
                    WHERE kind = 'deliver' AND award_id = ? AND recipient = ? AND state = 'cancelled'
                    """,
                arguments: [time, entry.award.rawValue, entry.recipient.rawValue]
            )
        }
    }

    public func outbox(award: RecordID?) async throws -> [OutboxEntry] {
        try await read("reading the personal-data outbox") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM personal_outbox WHERE ?1 IS NULL OR award_id = ?1
                    ORDER BY award_id, recipient, kind DESC
                    """,
                arguments: [award?.rawValue]
            ).map(Self.outboxEntry)
        }
    }

    public func storeDelivered(_ part: PersonalPart, grant: PersonalMessage) async throws {
        let storedAt = timestamp()
        try await write("storing a delivered personal part") { db in
            try Self.insertPersonalPart(part, award: grant.award, storedAt: storedAt, grant: grant, db: db)
        }
    }

    public func apply(notice: PersonalMessage) async throws -> NoticeOutcome {
        let receivedAt = timestamp()
        let bytes = Data(try notice.canonicalBytes())
        let outcome = try await write("applying an erasure notice") { db -> NoticeOutcome in
            let award = notice.award.rawValue
            // Only an award held can show who issued it: until then nothing is erased or tombstoned,
            // so no member can block another's part by naming itself as its issuer.
            guard
                let row = try Row.fetchOne(db, sql: "SELECT issuer, bytes FROM record WHERE id = ?", arguments: [award])
            else { throw StoreError(.notHeld, "award \(award) is not held here yet") }
            guard row["issuer"] == notice.issuer.rawValue else {
                throw StoreError(.wrongKey, "award \(award) was not issued by \(notice.issuer)")
            }
            let record = try CredexCore.Record(canonicalBytes: [UInt8](row["bytes"] as Data))
            guard case .award(let body) = RecordBody(of: record), body.learner == notice.commitment else {
                throw StoreError(.commitmentMismatch, "the erasure notice names another commitment than award \(award)")
            }
            let hold = try String.fetchOne(
                db,
                sql: "SELECT reason FROM personal_hold WHERE award_id = ?",
                arguments: [award]
            )
            let outcome: NoticeOutcome = hold.map { .kept(reason: $0) } ?? .erased
            if case .erased = outcome {
                try db.execute(sql: "DELETE FROM personal_part WHERE award_id = ?", arguments: [award])
                try db.execute(
                    sql: "INSERT OR IGNORE INTO erasure (award_id, commitment, erased_at) VALUES (?, ?, ?)",
                    arguments: [award, notice.commitment.rawValue, receivedAt]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO erasure_notice (award_id, issuer, bytes, received_at, outcome, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [award, notice.issuer.rawValue, bytes, receivedAt, hold == nil ? "erased" : "kept", hold]
            )
            return outcome
        }
        if case .erased = outcome { try await checkpointTruncating() }
        return outcome
    }

    public func hold(award: RecordID, reason: String?) async throws {
        let time = timestamp()
        let erased = try await write("changing a legal hold") { db -> Bool in
            if let reason {
                guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw StoreError(.invalidInput, "a legal hold needs its reason")
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO personal_hold (award_id, reason, held_at) VALUES (?, ?, ?)",
                    arguments: [award.rawValue, reason, time]
                )
                return false
            }
            try db.execute(sql: "DELETE FROM personal_hold WHERE award_id = ?", arguments: [award.rawValue])
            // Notices kept under the hold take effect now.
            guard
                let commitment = try String.fetchOne(
                    db,
                    sql: """
                        SELECT p.commitment FROM personal_part p
                        WHERE p.award_id = ? AND EXISTS (SELECT 1 FROM erasure_notice n WHERE n.award_id = p.award_id)
                        """,
                    arguments: [award.rawValue]
                )
            else { return false }
            try db.execute(sql: "DELETE FROM personal_part WHERE award_id = ?", arguments: [award.rawValue])
            try db.execute(
                sql: "INSERT OR IGNORE INTO erasure (award_id, commitment, erased_at) VALUES (?, ?, ?)",
                arguments: [award.rawValue, commitment, time]
            )
            return true
        }
        if erased { try await checkpointTruncating() }
    }

    public func receivedNotices() async throws -> [ReceivedNotice] {
        try await read("reading erasure notices") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT award_id, issuer, received_at, outcome, reason FROM erasure_notice ORDER BY rowid"
            ).map {
                ReceivedNotice(
                    award: try RecordID(validating: $0["award_id"]),
                    issuer: try NodeID(validating: $0["issuer"]),
                    receivedAt: $0["received_at"],
                    outcome: $0["outcome"],
                    reason: $0["reason"]
                )
            }
        }
    }

    private static func outboxEntry(_ row: Row) throws -> OutboxEntry {
        OutboxEntry(
            kind: try decode(OutboxEntry.Kind.self, row["kind"]),
            award: try RecordID(validating: row["award_id"]),
            recipient: try NodeID(validating: row["recipient"]),
            commitment: try Commitment(validating: row["commitment"]),
            reason: try (row["reason"] as String?).map { try decode(PersonalMessage.Reason.self, $0) },
            queuedAt: row["queued_at"],
            state: try decode(OutboxEntry.State.self, row["state"]),
            attempts: row["attempts"],
            nextAttempt: Date(timeIntervalSince1970: row["next_attempt"]),
            lastError: row["last_error"],
            settledAt: row["settled_at"],
            answer: row["answer"]
        )
    }

    private static func decode<T: RawRepresentable<String>>(_ type: T.Type, _ text: String) throws -> T {
        guard let value = T(rawValue: text) else {
            throw StoreError(.corrupt, "the personal-data outbox holds an unknown value \(text)")
        }
        return value
    }
}

extension SQLiteRecordStore {
    /// Takes over the personal-data bookkeeping of `database`, the one a backup replaces: its
    /// outbox (so a later erasure still reaches every node a part was sent to since the backup),
    /// its legal holds and the erasure notices it received. Its rows win over the backup's.
    public func adoptPersonalBookkeeping(of database: URL) async throws {
        do {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS replaced", arguments: [database.path])
                defer { try? db.execute(sql: "DETACH DATABASE replaced") }
                try db.inTransaction {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO personal_outbox SELECT * FROM replaced.personal_outbox;
                            INSERT OR REPLACE INTO personal_hold SELECT * FROM replaced.personal_hold;
                            INSERT INTO erasure_notice SELECT * FROM replaced.erasure_notice AS r
                            WHERE NOT EXISTS (
                                SELECT 1 FROM erasure_notice n
                                WHERE n.award_id = r.award_id AND n.received_at = r.received_at
                            );
                            """
                    )
                    return .commit
                }
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error, doing: "taking over the replaced database's deliveries")
        }
    }
}
