import Foundation
import GRDB

extension SQLiteAccessStore {
    private static let tokenColumns = "id, name, role, created_ms, expires_ms, revoked_ms, secret_hash"

    private static func tokenRecord(_ row: Row) throws -> TokenRecord {
        guard let role = Role(rawValue: row["role"]) else {
            throw AccessError(.corrupt, "token \(row["id"] as String): unknown role")
        }
        return TokenRecord(
            id: try TokenID(validating: row["id"]),
            name: row["name"],
            role: role,
            createdAt: date(row["created_ms"]),
            expiresAt: (row["expires_ms"] as Int64?).map(date),
            revokedAt: (row["revoked_ms"] as Int64?).map(date)
        )
    }

    public func insertToken(_ token: TokenRecord, secretHash: [UInt8]) async throws {
        try await write("adding token \(token.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO access_token (id, secret_hash, name, role, created_ms, expires_ms, revoked_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id.rawValue, Data(secretHash), token.name, token.role.rawValue,
                    Self.milliseconds(token.createdAt), token.expiresAt.map(Self.milliseconds),
                    token.revokedAt.map(Self.milliseconds),
                ]
            )
        }
    }

    public func token(secretHash: [UInt8]) async throws -> (record: TokenRecord, secretHash: [UInt8])? {
        try await read("looking up a token") { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(Self.tokenColumns) FROM access_token WHERE secret_hash = ?",
                arguments: [Data(secretHash)]
            ).map { (try Self.tokenRecord($0), [UInt8]($0["secret_hash"] as Data)) }
        }
    }

    public func token(id: TokenID) async throws -> TokenRecord? {
        try await read("reading token \(id)") { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(Self.tokenColumns) FROM access_token WHERE id = ?",
                arguments: [id.rawValue]
            ).map(Self.tokenRecord)
        }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await read("listing tokens") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM access_token ORDER BY created_ms, id")
                .map(Self.tokenRecord)
        }
    }

    public func revokeToken(id: TokenID, at: Date) async throws -> TokenRecord? {
        try await write("revoking token \(id)") { db in
            try db.execute(
                sql: "UPDATE access_token SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL",
                arguments: [Self.milliseconds(at), id.rawValue]
            )
            try db.execute(sql: "DELETE FROM access_session WHERE token_id = ?", arguments: [id.rawValue])
            return try Row.fetchOne(
                db,
                sql: "SELECT \(Self.tokenColumns) FROM access_token WHERE id = ?",
                arguments: [id.rawValue]
            ).map(Self.tokenRecord)
        }
    }

    public func insertSession(_ session: StoredSession) async throws {
        try await write("starting a session for token \(session.tokenID)") { db in
            try db.execute(
                sql: """
                    INSERT INTO access_session (id_hash, token_id, created_ms, last_seen_ms, expires_ms)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Data(session.idHash), session.tokenID.rawValue, Self.milliseconds(session.createdAt),
                    Self.milliseconds(session.lastSeenAt), Self.milliseconds(session.expiresAt),
                ]
            )
        }
    }

    public func session(idHash: [UInt8]) async throws -> (session: StoredSession, token: TokenRecord)? {
        try await read("looking up a session") { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.id_hash, s.token_id, s.created_ms AS s_created_ms, s.last_seen_ms,
                               s.expires_ms AS s_expires_ms,
                               t.id, t.name, t.role, t.created_ms, t.expires_ms, t.revoked_ms, t.secret_hash
                        FROM access_session s JOIN access_token t ON t.id = s.token_id
                        WHERE s.id_hash = ?
                        """,
                    arguments: [Data(idHash)]
                )
            else { return nil }
            let session = StoredSession(
                idHash: [UInt8](row["id_hash"] as Data),
                tokenID: try TokenID(validating: row["token_id"]),
                createdAt: Self.date(row["s_created_ms"]),
                lastSeenAt: Self.date(row["last_seen_ms"]),
                expiresAt: Self.date(row["s_expires_ms"])
            )
            return (session, try Self.tokenRecord(row))
        }
    }

    public func touchSession(idHash: [UInt8], at: Date) async throws {
        try await write("recording a session's use") { db in
            try db.execute(
                sql: "UPDATE access_session SET last_seen_ms = max(last_seen_ms, ?) WHERE id_hash = ?",
                arguments: [Self.milliseconds(at), Data(idHash)]
            )
        }
    }

    public func deleteSession(idHash: [UInt8]) async throws -> Bool {
        try await write("ending a session") { db in
            try db.execute(sql: "DELETE FROM access_session WHERE id_hash = ?", arguments: [Data(idHash)])
            return db.changesCount > 0
        }
    }

    public func deleteExpiredSessions(now: Date, idleBefore: Date) async throws -> Int {
        try await write("removing expired sessions") { db in
            try db.execute(
                sql: "DELETE FROM access_session WHERE expires_ms <= ? OR last_seen_ms < ?",
                arguments: [Self.milliseconds(now), Self.milliseconds(idleBefore)]
            )
            return db.changesCount
        }
    }
}
