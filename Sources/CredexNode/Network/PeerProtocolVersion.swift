import Foundation
import HTTPTypes
import Hummingbird

/// The outermost middleware of the peer port and the proxy listener: every answer says
/// `Credex-Protocol: 1`, and a request naming another major version is refused with 400 saying
/// which versions this node speaks.
///
/// A request without the header is served as version 1. `1`, `1.0` and `1.3` are all major
/// version 1: a minor version only adds what an older peer can ignore.
struct PeerProtocolVersion<Context: RequestContext>: RouterMiddleware {
    /// The major versions this node speaks.
    static var spoken: [String] { [PeerProtocol.version] }
    static var field: HTTPField.Name { HTTPField.Name(PeerProtocol.versionHeader)! }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        if let value = request.headers[Self.field], !Self.spoken.contains(Self.major(of: value)) {
            // Echo only a short printable prefix of what the caller sent.
            let shown = String(value.prefix(20).filter { $0.isASCII && !$0.isNewline })
            response = PeerResponses.problem(
                .badRequest,
                "\(PeerProtocol.versionHeader) \(shown) is not spoken here; this node speaks version "
                    + Self.spoken.joined(separator: ", ")
            )
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
        }
        response.headers[Self.field] = PeerProtocol.version
        return response
    }

    /// The major version in a header value: what comes before the first `.`, trimmed.
    static func major(of value: String) -> String {
        String(value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0])
            .trimmingCharacters(in: .whitespaces)
    }
}
