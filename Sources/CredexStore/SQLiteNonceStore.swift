import Foundation
import GRDB

/// The nonces of accepted signed requests, in the node's database so replays stay refused after a restart.
///
/// It shares the record store's connection (one open per database file) and its `v3-request-nonces`
/// table. Its methods match CredexNet's `NonceStore`; CredexStore does not depend on CredexNet, so
/// the conformance is declared where both are imported: `extension SQLiteNonceStore: NonceStore {}`.
///
/// ```swift
/// let nonces = SQLiteNonceStore(store: store)
/// let fresh = try await nonces.remember(nonce: nonce, keyID: keyID, expires: expires)  // false on replay
/// ```
public struct SQLiteNonceStore: Sendable {
    private let store: SQLiteRecordStore

    public init(store: SQLiteRecordStore) {
        self.store = store
    }

    /// Records `nonce` for `keyID` until `expires`; false if it was already recorded.
    public func remember(nonce: String, keyID: String, expires: Date) async throws -> Bool {
        let expiresAt = Int64(expires.timeIntervalSince1970.rounded(.up))
        return try await store.write("remembering a request nonce of \(keyID)") { db in
            try db.execute(
                sql: """
                    INSERT INTO request_nonce (key_id, nonce, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (key_id, nonce) DO NOTHING
                    """,
                arguments: [keyID, nonce, expiresAt]
            )
            return db.changesCount == 1
        }
    }

    /// Forgets the nonces that expired before `now`; returns how many were removed.
    public func purge(expiredBefore now: Date) async throws -> Int {
        let cutoff = Int64(now.timeIntervalSince1970.rounded(.down))
        return try await store.write("purging expired request nonces") { db in
            try db.execute(sql: "DELETE FROM request_nonce WHERE expires_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
