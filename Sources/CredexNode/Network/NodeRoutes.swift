import CredexJSON
import CredexTrust
import Hummingbird

/// The routes each listener serves. The peer protocol (heads, pulls, personal parts) and the
/// officers' API join these as they are built.
enum NodeRoutes {
    /// Peer routes, on the peer port and behind the proxy: `GET /credex/v1/peer` tells the calling
    /// member who it was authenticated as, by whom, and under which trust list version.
    static func addPeerRoutes(to router: Router<PeerRequestContext>, ownNodeID: String, trust: NodeTrust) {
        router.get("\(PeerProtocol.pathPrefix)/peer") { _, context -> Response in
            let current = trust.current
            return PeerResponses.json([
                "node": .string(ownNodeID),
                "peer": context.peerNodeID.map(JSONValue.string) ?? .null,
                "federation": .string(current.federation),
                "trustVersion": .number(Double(current.version)),
            ])
        }
    }

    /// API routes: `GET /health`, and the revocation list (`RevocationList.path`), public.
    static func addAPIRoutes(
        to router: Router<BasicRequestContext>,
        ownNodeID: String,
        trust: NodeTrust,
        revocations: RevocationList?
    ) {
        router.get("/health") { _, _ -> Response in
            PeerResponses.json([
                "status": "ok",
                "node": .string(ownNodeID),
                "trustVersion": .number(Double(trust.current.version)),
            ])
        }
        router.get(RouterPath(RevocationList.path)) { _, _ -> Response in
            guard let revocations else {
                return PeerResponses.problem(
                    .notFound,
                    "this node publishes no revocation list: set publicURL in its node.json"
                )
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/vc", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: try await revocations.credential()))
            )
        }
    }
}
