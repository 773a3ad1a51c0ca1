import CredexAccess
import Foundation
import Hummingbird

/// `POST /api/v1/session` exchanges a token for the web pages' session (an HttpOnly, Secure,
/// SameSite=Strict cookie, and the CSRF token its forms carry); `DELETE` signs out;
/// `GET` says who is signed in.
extension OfficerAPI {
    struct SessionRequest: Decodable {
        var token: String
    }

    /// Who is signed in, and the session's CSRF token.
    struct SessionView: Codable {
        var name: String
        var role: String
        var token: String
        var csrfToken: String?
        var expiresAt: String?
    }

    func addSessionRoutes(to group: RouterGroup<APIContext>) {
        group.post("session") { request, context -> Response in
            let body = try await request.decode(as: SessionRequest.self, context: context)
            guard let ticket = try await access.startSession(token: body.token) else {
                throw Problem(.unauthorized, "unauthorized", "the token is not valid: unknown, expired or revoked")
            }
            var response = try json(
                SessionView(
                    name: ticket.principal.name,
                    role: ticket.principal.role.rawValue,
                    token: ticket.principal.tokenID.rawValue,
                    csrfToken: ticket.csrfToken,
                    expiresAt: ticket.expiresAt.formatted(.iso8601)
                ),
                status: .created
            )
            response.headers[.setCookie] = ticket.setCookie
            return response
        }
        group.get("session") { _, context -> Response in
            guard let principal = context.principal else { throw Problem.unauthorized }
            return try json(
                SessionView(
                    name: principal.name,
                    role: principal.role.rawValue,
                    token: principal.tokenID.rawValue,
                    csrfToken: context.csrfToken
                )
            )
        }
        group.delete("session") { request, _ -> Response in
            _ = try await access.endSession(cookieHeader: request.headers[.cookie])
            var response = Response(status: .noContent)
            response.headers[.setCookie] = SessionCookie.clearing
            return response
        }
    }
}
