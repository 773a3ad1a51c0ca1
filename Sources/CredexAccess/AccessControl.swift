import Foundation

/// Sign-in for a node's officers: bearer tokens with roles, web sessions, and the audit log.
///
/// The HTTP layer (which owns routing) calls plain functions:
///
///     // API clients: Authorization: Bearer credex_…
///     guard let principal = try await access.authenticate(authorization: request.headers[.authorization])
///     else { return .unauthorized }
///     guard principal.may(.exportPersonal) else { return .forbidden }
///
///     // Web pages: sign in with a token once, then a cookie.
///     if let ticket = try await access.startSession(token: form["token"]) {
///         response.headers[.setCookie] = ticket.setCookie
///     }
///     guard let session = try await access.session(cookieHeader: request.headers[.cookie]) else { … }
///     guard request.method == .get || session.checkCSRF(form["csrf"]) else { return .forbidden }
///
/// Tokens are 256-bit random and stored as SHA-256 only; session ids likewise. The module has
/// no HTTP routing: HummingbirdAuth was weighed and left out (its session storage keys sessions by
/// the raw id, has one expiry rather than idle and absolute, no CSRF, and would bring Hummingbird
/// into a module that needs none); an `AuthenticatorMiddleware` over `authenticate` is a few lines
/// in the HTTP layer if wanted.
public struct AccessControl: Sendable {
    /// How long sessions last.
    public struct SessionPolicy: Sendable, Hashable {
        /// A session unused this long ends.
        public var idleTimeout: TimeInterval
        /// A session ends this long after it started, however active (and never after its token expires).
        public var absoluteTimeout: TimeInterval

        public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 60 * 60) {
            self.idleTimeout = idleTimeout
            self.absoluteTimeout = absoluteTimeout
        }
    }

    public let store: any AccessStore
    public let audit: AuditLog
    public let policy: SessionPolicy
    let now: @Sendable () -> Date

    public init(
        store: any AccessStore,
        auditMirror: any AuditHeadMirror,
        policy: SessionPolicy = SessionPolicy(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.audit = AuditLog(store: store, mirror: auditMirror, now: now)
        self.policy = policy
        self.now = now
    }

    // MARK: Tokens

    /// Creates a token for `name` with `role`; the secret is in the result and nowhere else.
    /// Audited as `token.create` by `actor`.
    public func createToken(
        name: String,
        role: Role,
        expiresAt: Date? = nil,
        by actor: AuditActor = .local
    ) async throws -> IssuedToken {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.utf8.count <= 200,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw AccessError(
                .invalid,
                "a token's name is the person holding it: 1 to 200 bytes, no control characters"
            )
        }
        let created = now()
        if let expiresAt, expiresAt <= created {
            throw AccessError(.invalid, "a token's expiry must be in the future")
        }
        let secret = Secrets.newToken()
        let record = TokenRecord(
            id: TokenID.generate(),
            name: name,
            role: role,
            createdAt: created,
            expiresAt: expiresAt,
            revokedAt: nil
        )
        try await store.insertToken(record, secretHash: Secrets.tokenHash(secret))
        try await audit.record(
            AuditEvent(actor: actor, action: .tokenCreate, targets: [.token(record.id)], outcome: .ok)
        )
        return IssuedToken(secret: secret, record: record)
    }

    /// Every token, oldest first (no secrets: there are none to show).
    public func tokens() async throws -> [TokenRecord] { try await store.tokens() }

    /// Revokes a token and ends its sessions at once. Audited as `token.revoke` by `actor`.
    @discardableResult
    public func revokeToken(_ id: TokenID, by actor: AuditActor = .local) async throws -> TokenRecord {
        guard let record = try await store.revokeToken(id: id, at: now()) else {
            try await audit.record(
                AuditEvent(actor: actor, action: .tokenRevoke, targets: [.token(id)], outcome: .notFound)
            )
            throw AccessError(.notFound, "no token \(id); `credex token list` shows the ids")
        }
        try await audit.record(AuditEvent(actor: actor, action: .tokenRevoke, targets: [.token(id)], outcome: .ok))
        return record
    }

    // MARK: Bearer authentication

    /// The principal an `Authorization` header value proves, or nil: absent, not `Bearer`, not a
    /// token of ours, unknown, expired or revoked all give nil (the caller answers 401).
    public func authenticate(authorization: String?) async throws -> Principal? {
        guard let token = Self.bearerToken(authorization) else { return nil }
        return try await authenticate(token: token)
    }

    /// The principal a bearer token proves, or nil.
    public func authenticate(token: String) async throws -> Principal? {
        guard let record = try await activeToken(token) else { return nil }
        return Principal(tokenID: record.id, name: record.name, role: record.role, method: .bearer)
    }

    /// The token's record when `token` is one of ours and active now.
    func activeToken(_ token: String) async throws -> TokenRecord? {
        guard Secrets.looksLikeToken(token) else { return nil }
        let hash = Secrets.tokenHash(token)
        // The lookup is by an index over hashes: its timing says nothing about any stored token,
        // as finding a hash's preimage is what a guess would need. The compare is belt and braces.
        guard let found = try await store.token(secretHash: hash), Secrets.constantTimeEqual(found.secretHash, hash)
        else { return nil }
        return found.record.isActive(at: now()) ? found.record : nil
    }

    /// The token in `Bearer <token>` (RFC 6750; the scheme is case-insensitive), else nil.
    public static func bearerToken(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " "), trimmed[..<space].lowercased() == "bearer" else { return nil }
        let token = trimmed[space...].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
