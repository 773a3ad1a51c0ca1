import CredexJSON
import Foundation
import Hummingbird

/// JSON bodies the node's HTTP routes answer with.
enum PeerResponses {
    /// `{"error": status phrase, "reason": reason}` with `status`.
    static func problem(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        json(["error": .string(status.reasonPhrase), "reason": .string(reason)], status: status)
    }

    /// A canonical JSON object body.
    static func json(_ object: [String: JSONValue], status: HTTPResponse.Status = .ok) -> Response {
        let bytes = JCS.canonicalBytes(.object(object))
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
