import Foundation

extension AccessControl {
    /// Exchanges a valid token for a new session; nil when the token does not sign in.
    ///
    /// The session ends at the first of: `policy.absoluteTimeout` after now, the token's expiry,
    /// `policy.idleTimeout` without use, sign-out, or the token's revocation.
    public func startSession(token: String) async throws -> SessionTicket? {
        guard let record = try await activeToken(token) else { return nil }
        let started = now()
        var expires = started.addingTimeInterval(policy.absoluteTimeout)
        if let tokenExpiry = record.expiresAt { expires = min(expires, tokenExpiry) }
        let sessionID = Secrets.newSessionID()
        try await store.insertSession(
            StoredSession(
                idHash: Secrets.sessionHash(sessionID),
                tokenID: record.id,
                createdAt: started,
                lastSeenAt: started,
                expiresAt: expires
            )
        )
        let principal = Principal(tokenID: record.id, name: record.name, role: record.role, method: .session)
        try await audit.record(
            AuditEvent(actor: principal.auditActor, action: .sessionStart, targets: [.token(record.id)], outcome: .ok)
        )
        return SessionTicket(
            sessionID: sessionID,
            csrfToken: Secrets.csrfToken(sessionID),
            principal: principal,
            expiresAt: expires,
            startedAt: started
        )
    }

    /// The session a `Cookie` header value carries, if it is current; records its use (idle expiry).
    public func session(cookieHeader: String?) async throws -> ActiveSession? {
        guard let id = SessionCookie.sessionID(fromCookieHeader: cookieHeader) else { return nil }
        return try await session(id: id)
    }

    /// The session with `id`, if it is current; records its use. An expired session is deleted.
    public func session(id: String) async throws -> ActiveSession? {
        guard Secrets.looksLikeSessionID(id) else { return nil }
        let hash = Secrets.sessionHash(id)
        guard let (stored, token) = try await store.session(idHash: hash),
            Secrets.constantTimeEqual(stored.idHash, hash)
        else { return nil }
        let current = now()
        let idleEnd = stored.lastSeenAt.addingTimeInterval(policy.idleTimeout)
        guard current < stored.expiresAt, current < idleEnd, token.isActive(at: current) else {
            _ = try await store.deleteSession(idHash: hash)
            return nil
        }
        // Recorded at most once a minute (or a tenth of the idle timeout), so pages do not each
        // cost a durable write; a session may so end up to that much before its idle timeout.
        var seen = stored.lastSeenAt
        if current.timeIntervalSince(seen) >= min(60, policy.idleTimeout / 10) {
            try await store.touchSession(idHash: hash, at: current)
            seen = current
        }
        return ActiveSession(
            principal: Principal(tokenID: token.id, name: token.name, role: token.role, method: .session),
            csrfToken: Secrets.csrfToken(id),
            expiresAt: stored.expiresAt,
            idleExpiresAt: min(stored.expiresAt, seen.addingTimeInterval(policy.idleTimeout))
        )
    }

    /// Signs out the session a `Cookie` header value carries; false if there was none. Answer with
    /// `SessionCookie.clearing` either way.
    @discardableResult
    public func endSession(cookieHeader: String?) async throws -> Bool {
        guard let id = SessionCookie.sessionID(fromCookieHeader: cookieHeader) else { return false }
        return try await endSession(id: id)
    }

    /// Signs out the session with `id`; false if there was none.
    @discardableResult
    public func endSession(id: String) async throws -> Bool {
        guard Secrets.looksLikeSessionID(id) else { return false }
        let hash = Secrets.sessionHash(id)
        guard let (_, token) = try await store.session(idHash: hash) else { return false }
        let ended = try await store.deleteSession(idHash: hash)
        if ended {
            try await audit.record(
                AuditEvent(
                    actor: .token(token.id, role: token.role),
                    action: .sessionEnd,
                    targets: [.token(token.id)],
                    outcome: .ok
                )
            )
        }
        return ended
    }

    /// Deletes every session past its expiry; returns how many. Run it now and then (hourly).
    @discardableResult
    public func removeExpiredSessions() async throws -> Int {
        let current = now()
        return try await store.deleteExpiredSessions(
            now: current,
            idleBefore: current.addingTimeInterval(-policy.idleTimeout)
        )
    }
}
