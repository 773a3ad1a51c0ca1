import Foundation
import Hummingbird
import NIOCore

/// A JSON answer: sorted keys, no escaped slashes, not cached by shared caches.
func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Response(
        status: status,
        headers: [.contentType: "application/json", .cacheControl: "private, no-store"],
        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
    )
}
