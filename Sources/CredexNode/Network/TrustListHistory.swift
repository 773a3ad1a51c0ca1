import CredexCore
import CredexStore
import Hummingbird
import NIOCore

/// Where the API port reads the federation's trust-list history: every saved version, oldest first.
/// `SQLiteRecordStore` keeps it beside the logs (`TrustListArchive` checks each version first).
public protocol TrustListHistory: Sendable {
    /// Every saved version of `federation`'s trust list, oldest first.
    func trustListVersions(federation: String) async throws -> [Record]
}

extension SQLiteRecordStore: TrustListHistory {}

extension NodeRoutes {
    /// The media type of the trust-list history: JSON Lines.
    static let jsonLines = "application/jsonl"

    /// `GET /credex/v1/trust-list` on the API port: one canonical trust-list record per line
    /// (`\n` after each), oldest first, so a bootstrapping node can check the chain up to its pin.
    /// Canonical JSON escapes every control character, so a record never holds a raw newline.
    static func trustListResponse(_ history: (any TrustListHistory)?, federation: String) async throws -> Response {
        guard let history else {
            return PeerResponses.problem(.notFound, "this node keeps no trust-list history")
        }
        var body = ByteBuffer()
        for record in try await history.trustListVersions(federation: federation) {
            body.writeBytes(record.canonicalBytes)
            body.writeInteger(UInt8(ascii: "\n"))
        }
        return Response(
            status: .ok,
            headers: [.contentType: jsonLines, .cacheControl: "no-cache"],
            body: .init(byteBuffer: body)
        )
    }
}
