import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answer as RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`.
/// The detail says what was wrong with the request, never the node's internals.
public struct Problem: Error, Codable, Sendable, Hashable {
    /// Problem types are documented under this URI prefix (`Schemas/openapi/README.md`).
    public static let typePrefix = "https://schemas.credex.eu/problems/"

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String

    /// A problem of kind `slug` (e.g. `not-found`) with `status`.
    public init(_ status: HTTPResponse.Status, _ slug: String, _ detail: String) {
        type = Self.typePrefix + slug
        title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
    }

    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, "bad-request", detail) }
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", detail) }

    /// The answer carrying this problem.
    public var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

/// Turns every error a route throws into a problem: a `Problem` as it is, a Hummingbird
/// `HTTPError` (a body too large, a bad path) by its status, anything else into a bare 500 whose
/// cause goes to the node's log only.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(
        _ request: Request,
        context: APIContext,
        next: (Request, APIContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response
        } catch let error as HTTPError {
            let slug = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-")
            return Problem(error.status, slug, error.body ?? error.status.reasonPhrase).response
        } catch {
            context.logger.error("API request failed", metadata: ["error": "\(error)"])
            return Problem(
                .internalServerError,
                "internal",
                "the node could not answer; its operator finds the cause in its log"
            ).response
        }
    }
}
