import CredexAPI
import CredexJSON
import CredexReplication
import CredexStore
import CredexTrust
import Hummingbird

/// The routes each listener serves. The peer protocol (heads, pulls, personal parts) and the
/// officers' API join these as they are built.
enum NodeRoutes {
    /// Peer routes, on the peer port and behind the proxy: `GET /credex/v1/peer` tells the calling
    /// member who it was authenticated as, by whom, and under which trust list version;
    /// `GET /credex/v1/heads` and `GET /credex/v1/records` serve the logs held (`PeerLogRoutes`), the
    /// heads naming the trust-list version in force; `POST /credex/v1/personal` and
    /// `POST /credex/v1/erasure` take personal parts and erasure notices (`PersonalRoutes`); `GET /credex/v1/trust-list` serves the trust-list
    /// history as on the API port, so members fetch a version they see announced there.
    /// The listener puts `PeerProtocolVersion` in front of its authentication.
    static func addPeerRoutes(
        to router: Router<PeerRequestContext>,
        ownNodeID: String,
        trust: NodeTrust,
        store: any RecordStore
    ) {
        var logRoutes = PeerLogRoutes(ownNodeID: ownNodeID, store: store)
        logRoutes.trustList = {
            let current = trust.current
            return PeerHeads.TrustList(version: current.version, contentID: current.contentID)
        }
        logRoutes.add(to: router)
        if let personal = store as? any PersonalDataStore {
            PersonalRoutes(ownNodeID: ownNodeID, trust: trust, store: personal).add(to: router)
        }
        let trustLists = store as? any TrustListHistory
        router.get("\(PeerProtocol.pathPrefix)/trust-list") { _, _ -> Response in
            try await trustListResponse(trustLists, federation: trust.current.federation)
        }
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

    /// API routes, public: `GET /health`, the revocation list (`RevocationList.path`), and
    /// `GET /credex/v1/trust-list`, the federation's trust-list history as JSON Lines.
    static func addAPIRoutes(
        to router: Router<APIContext>,
        ownNodeID: String,
        trust: NodeTrust,
        revocations: RevocationList?,
        trustLists: (any TrustListHistory)?
    ) {
        router.get("\(PeerProtocol.pathPrefix)/trust-list") { _, _ -> Response in
            try await trustListResponse(trustLists, federation: trust.current.federation)
        }
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
