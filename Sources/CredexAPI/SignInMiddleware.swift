import CredexAccess
import HTTPTypes
import Hummingbird

/// Signs in every request of the API: a bearer token (`Authorization: Bearer …`), or the web
/// pages' session cookie, in which case a request that changes anything must also carry the
/// session's CSRF token (`X-CSRF-Token` header). Without either the answer is a 401 problem.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = APIContext
    /// The header an unsafe request made with a session cookie carries its CSRF token in.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let access: AccessControl
    /// Paths under the API served without signing in (`POST /api/v1/session` itself).
    let open: Set<String>

    func handle(
        _ request: Request,
        context: APIContext,
        next: (Request, APIContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let principal = try await access.authenticate(authorization: request.headers[.authorization]) {
            context.principal = principal
        } else if let session = try await access.session(cookieHeader: request.headers[.cookie]) {
            let safe = [.get, .head].contains(request.method)
            guard safe || session.checkCSRF(request.headers[Self.csrfHeader]) else {
                throw Problem(
                    .forbidden,
                    "csrf",
                    "a request signed in by the session cookie must carry its CSRF token in X-CSRF-Token"
                )
            }
            context.principal = session.principal
            context.csrfToken = session.csrfToken
        } else if !open.contains(request.uri.path) {
            throw Problem.unauthorized
        }
        if let principal = context.principal {
            context.logger[metadataKey: "user.token"] = "\(principal.tokenID)"
        }
        return try await next(request, context)
    }
}

extension Problem {
    /// Nobody signed in.
    static let unauthorized = Problem(
        .unauthorized,
        "unauthorized",
        "sign in: send Authorization: Bearer TOKEN (from `credex token create`), or the session cookie"
    )
}
