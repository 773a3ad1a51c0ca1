import CredexCore
import CredexJSON
import Foundation
import GRDB

extension SQLiteRecordStore {
    public func personalPart(award: RecordID) async throws -> PersonalPart? {
        try await read("reading a personal part") { db in
            guard
                let bytes = try Data.fetchOne(
                    db,
                    sql: "SELECT bytes FROM personal_part WHERE award_id = ?",
                    arguments: [award.rawValue]
                )
            else { return nil }
            return try Self.decodePersonalPart(bytes, award: award)
        }
    }

    /// The personal parts `selector` matches, by award: what a learner's access request returns.
    public func personalParts(matching selector: ErasureSelector) async throws -> [(RecordID, PersonalPart)] {
        try await read("reading a learner's personal parts") { db in
            try Row.fetchAll(db, sql: "SELECT award_id, bytes FROM personal_part ORDER BY award_id").compactMap { row in
                let award = try RecordID(validating: row["award_id"])
                let part = try Self.decodePersonalPart(row["bytes"], award: award)
                return Self.matches(selector, award: award, part: part) ? (award, part) : nil
            }
        }
    }

    public func erase(_ selector: ErasureSelector) async throws -> [RecordID] {
        let erasedAt = timestamp()
        let erased = try await write("erasing personal data") { db -> [RecordID] in
            let rows = try Row.fetchAll(db, sql: "SELECT award_id, commitment, bytes FROM personal_part")
            var erased: [RecordID] = []
            for row in rows {
                let award = try RecordID(validating: row["award_id"])
                let part = try Self.decodePersonalPart(row["bytes"], award: award)
                guard Self.matches(selector, award: award, part: part) else { continue }
                try db.execute(sql: "DELETE FROM personal_part WHERE award_id = ?", arguments: [award.rawValue])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO erasure (award_id, commitment, erased_at) VALUES (?, ?, ?)",
                    arguments: [award.rawValue, row["commitment"] as String, erasedAt]
                )
                try Self.queueErasureNotices(award: award, commitment: row["commitment"], at: erasedAt, db: db)
                erased.append(award)
            }
            return erased
        }
        try await checkpointTruncating()
        return erased
    }

    private static func matches(_ selector: ErasureSelector, award: RecordID, part: PersonalPart) -> Bool {
        switch selector {
        case .award(let id):
            return id == award
        case .learner(let value, let scheme?):
            return (part.identifiers ?? []).contains { $0.scheme == scheme && $0.value == value }
        case .learner(let value, nil):
            let names = [part.names.given, part.names.family, part.names.full].compactMap { $0 }
            let joined = [part.names.given, part.names.family].compactMap { $0 }.joined(separator: " ")
            let wanted = value.precomposedStringWithCanonicalMapping
            return (part.identifiers ?? []).contains { $0.value == value } || names.contains(wanted) || joined == wanted
        }
    }

    /// Stores `part` for `award` after checking it against the award's commitment. A delivered
    /// part comes with its issuer's `grant`, whose issuer must have signed the award.
    static func insertPersonalPart(
        _ part: PersonalPart,
        award: RecordID,
        storedAt: String,
        grant: PersonalMessage? = nil,
        db: Database
    ) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM erasure WHERE award_id = ?", arguments: [award.rawValue]) == true {
            throw StoreError(.erased, "the personal part of award \(award) was erased and is not taken again")
        }
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT kind, issuer, bytes FROM record WHERE id = ?",
                arguments: [award.rawValue]
            )
        else { throw StoreError(.notFound, "personal part for award \(award), which is not held") }
        guard row["kind"] == RecordKind.award.rawValue,
            case .award(let body) = RecordBody(of: try CredexCore.Record(canonicalBytes: [UInt8](row["bytes"] as Data)))
        else { throw StoreError(.commitmentMismatch, "record \(award) is not an award this node understands") }
        let commitment = try part.commitment()
        guard commitment == body.learner else {
            throw StoreError(
                .commitmentMismatch,
                "the personal part does not match award \(award)'s learner commitment"
            )
        }
        if let grant {
            guard grant.issuer.rawValue == row["issuer"] as String else {
                throw StoreError(.wrongKey, "award \(award) was not issued by \(grant.issuer)")
            }
            guard grant.commitment == commitment else {
                throw StoreError(.commitmentMismatch, "the delivery grant for award \(award) names another commitment")
            }
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO personal_part (award_id, commitment, bytes, stored_at, grant_bytes)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [
                award.rawValue, commitment.rawValue, Data(try part.canonicalBytes()), storedAt,
                try grant.map { Data(try $0.canonicalBytes()) },
            ]
        )
    }

    static func decodePersonalPart(_ bytes: Data, award: RecordID) throws -> PersonalPart {
        do {
            let value = try StrictJSON.parseCanonical([UInt8](bytes))
            return try JSONValueDecoder().decode(PersonalPart.self, from: value)
        } catch {
            throw StoreError(.corrupt, "the stored personal part of award \(award) does not decode")
        }
    }
}

/// A tombstone: the personal part of `award` was erased and must not be taken again.
public struct Erasure: Sendable, Hashable {
    public let award: RecordID
    public let commitment: String
    public let erasedAt: String
}

extension SQLiteRecordStore {
    /// Every tombstone this store holds.
    public func erasures() async throws -> [Erasure] {
        try await read("reading erasures") { db in
            try Row.fetchAll(db, sql: "SELECT award_id, commitment, erased_at FROM erasure ORDER BY award_id").map {
                Erasure(
                    award: try RecordID(validating: $0["award_id"]),
                    commitment: $0["commitment"],
                    erasedAt: $0["erased_at"]
                )
            }
        }
    }

    /// Applies tombstones made elsewhere (by the database a backup replaces): the parts they
    /// name are removed for good and never taken again.
    public func apply(_ erasures: [Erasure]) async throws {
        try await write("applying erasures") { db in
            for erasure in erasures {
                try db.execute(sql: "DELETE FROM personal_part WHERE award_id = ?", arguments: [erasure.award.rawValue])
                try db.execute(
                    sql: "INSERT OR IGNORE INTO erasure (award_id, commitment, erased_at) VALUES (?, ?, ?)",
                    arguments: [erasure.award.rawValue, erasure.commitment, erasure.erasedAt]
                )
            }
        }
        try await checkpointTruncating()
    }

    /// Moves the WAL into the database file and empties it, so no old page keeps erased data.
    func checkpointTruncating() async throws {
        do {
            try await writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch let error as DatabaseError {
            throw Self.storeError(error, doing: "checkpointing after erasure")
        }
    }
}
