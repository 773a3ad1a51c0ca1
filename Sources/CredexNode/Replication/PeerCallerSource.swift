import CredexCore
import CredexJSON
import CredexNet
import CredexReplication
import Foundation

/// A federation member as replication sees it: the peer protocol's `heads`, `records` and
/// `trust-list` routes, called the way the member's trust-list entry says (`PeerCaller`).
public struct PeerCallerSource: PeerSource, TrustListSource {
    public let peer: NodeID
    let caller: PeerCaller

    public init(peer: NodeID, caller: PeerCaller) {
        self.peer = peer
        self.caller = caller
    }

    public func heads(known: String?, wait: Duration) async throws -> PeerHeads {
        var query = ""
        if let known { query = "?known=\(Self.escaped(known))&wait=\(wait.components.seconds)" }
        let body = try await get("/heads" + query)
        do {
            return try JSONValueDecoder().decode(PeerHeads.self, from: try StrictJSON.parse(body, mode: .record))
        } catch {
            throw FrameError("the heads of \(peer) are not a heads message: \(error)")
        }
    }

    public func records(issuer: NodeID, after: Int64, limit: Int) async throws -> [UInt8] {
        try await get("/records?issuer=\(Self.escaped(issuer.rawValue))&after=\(after)&limit=\(limit)")
    }

    /// The member's trust-list history (`GET /credex/v1/trust-list`), JSON Lines, unchecked.
    func trustListHistory() async throws -> [UInt8] {
        try await get("/trust-list")
    }

    /// The body of a successful `GET` of `path` under the protocol's prefix.
    private func get(_ path: String) async throws -> [UInt8] {
        let request = OutgoingRequest(
            method: "GET",
            target: PeerProtocol.pathPrefix + path,
            headers: [(PeerProtocol.versionHeader, PeerProtocol.version)]
        )
        let response = try await caller.call(peer.rawValue, request)
        guard response.status == 200 else {
            let reason = String(decoding: response.body.prefix(300), as: UTF8.self)
            throw HTTPClientError(.badResponse, "\(peer) answered \(path) with \(response.status): \(reason)")
        }
        return response.body
    }

    /// `text` for a query value: unreserved characters and `:` as they are, the rest percent-encoded.
    static func escaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
