import Foundation

/// Where a node keeps its officers' tokens, their sessions and the audit log. SQLite is the
/// embedded implementation (`SQLiteAccessStore`); a server database can implement the same protocol.
///
/// The store holds only hashes of tokens and session ids. Every method is one transaction, so the
/// command line writing (a new token) and a running node reading coexist.
public protocol AccessStore: Sendable {
    /// Adds a token, given the SHA-256 of its secret.
    func insertToken(_ token: TokenRecord, secretHash: [UInt8]) async throws
    /// The token whose secret hashes to `secretHash`, if any.
    func token(secretHash: [UInt8]) async throws -> (record: TokenRecord, secretHash: [UInt8])?
    /// The token with `id`, if any.
    func token(id: TokenID) async throws -> TokenRecord?
    /// Every token, oldest first.
    func tokens() async throws -> [TokenRecord]
    /// Marks a token revoked at `at` and deletes its sessions, in one transaction. Returns the
    /// token as it now stands; nil if there is no such token. Revoking twice keeps the first time.
    func revokeToken(id: TokenID, at: Date) async throws -> TokenRecord?

    /// Adds a session.
    func insertSession(_ session: StoredSession) async throws
    /// The session whose id hashes to `idHash`, with its token, if both exist.
    func session(idHash: [UInt8]) async throws -> (session: StoredSession, token: TokenRecord)?
    /// Records use of a session at `at` (for the idle expiry).
    func touchSession(idHash: [UInt8], at: Date) async throws
    /// Deletes a session; false if there was none.
    func deleteSession(idHash: [UInt8]) async throws -> Bool
    /// Deletes sessions past their absolute expiry, or idle since before `idleBefore`; returns how many.
    func deleteExpiredSessions(now: Date, idleBefore: Date) async throws -> Int

    /// Appends one entry to the audit log in one transaction, after its current last entry.
    /// `make` builds the entry from the seq and previous hash it is given.
    func appendAudit(
        _ make: @escaping @Sendable (_ seq: Int64, _ prev: String) throws -> AuditEntry
    ) async throws
        -> AuditEntry
    /// Audit entries in seq order after `afterSeq`, at most `limit`, as stored (unverified).
    func auditEntries(afterSeq: Int64, limit: Int) async throws -> [StoredAuditEntry]
    /// The last entry's seq and hash, as stored; nil for an empty log.
    func auditTail() async throws -> AuditHead?
}

/// A session as stored: the hash of its id, never the id.
public struct StoredSession: Sendable, Hashable {
    public let idHash: [UInt8]
    public let tokenID: TokenID
    public let createdAt: Date
    public let lastSeenAt: Date
    /// The absolute expiry: after this, the session ends however active it is.
    public let expiresAt: Date

    public init(idHash: [UInt8], tokenID: TokenID, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.idHash = idHash
        self.tokenID = tokenID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// An audit entry as the store holds it: the canonical JSON that was hashed, and the columns
/// beside it. Nothing here is trusted until `AuditLog.verify` has recomputed it.
public struct StoredAuditEntry: Sendable, Hashable {
    public let seq: Int64
    public let prev: String
    public let hash: String
    /// The entry's canonical JSON (RFC 8785) without its hash: the bytes `hash` is over.
    public let body: [UInt8]

    public init(seq: Int64, prev: String, hash: String, body: [UInt8]) {
        self.seq = seq
        self.prev = prev
        self.hash = hash
        self.body = body
    }
}
