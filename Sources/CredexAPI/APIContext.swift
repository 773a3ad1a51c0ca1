import CredexAccess
import Hummingbird
import Logging

/// The request context of the officers' API on the node's API port: who signed in, and how.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by `SignInMiddleware`.
    public var principal: Principal?
    /// The session's CSRF token, when the user came with the web pages' session cookie.
    public var csrfToken: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The signed-in user, if they may do `permission`.
    /// - Throws: a 401 problem when nobody signed in, a 403 one when their role may not.
    public func require(_ permission: Permission) throws -> Principal {
        guard let principal else { throw Problem.unauthorized }
        guard principal.may(permission) else {
            throw Problem(
                .forbidden,
                "forbidden",
                "the \(principal.role.rawValue) role may not do \(permission.name); ask an administrator"
            )
        }
        return principal
    }
}
