/// Who is making a request: a token's holder, signed in with the bearer token or a session.
public struct Principal: Sendable, Hashable {
    /// How the request proved who it is.
    public enum Method: String, Sendable, Hashable {
        case bearer
        case session
    }

    public let tokenID: TokenID
    /// The person's name, for showing on the web pages; never audit or log it.
    public let name: String
    public let role: Role
    public let method: Method

    public init(tokenID: TokenID, name: String, role: Role, method: Method) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.method = method
    }

    /// Whether this principal may do `permission`.
    public func may(_ permission: Permission) -> Bool { role.may(permission) }

    /// The principal as the audit log names it: the token id and role, no name.
    public var auditActor: AuditActor { .token(tokenID, role: role) }
}
