import CredexNet
import CredexTrust
import Hummingbird
import NIOCore

/// On the peer port: serves a request only while the member its connection was bound to at the TLS
/// handshake is still an active or suspended mutual-TLS member of the *current* trust list (a
/// suspended member may pull public records, so it can be reinstated cleanly; the personal-data
/// routes take grants from active members only). Otherwise answers 403 and ends the connection
/// after the answer.
struct PinnedPeerAuthentication: RouterMiddleware {
    let trust: NodeTrust

    func handle(
        _ request: Request,
        context: PeerRequestContext,
        next: (Request, PeerRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let nodeID = trust.connections.nodeID(of: context.channel) else {
            return refuse(context, "the connection is not bound to a federation member's key")
        }
        let current = trust.current
        guard current.admitsCaller(nodeID, via: .mtls) else {
            return refuse(
                context,
                "\(nodeID) is not an active or suspended mutual-TLS member in trust list version \(current.version)"
            )
        }
        var context = context
        context.peerNodeID = nodeID
        context.logger[metadataKey: "peer.id"] = "\(nodeID)"
        return try await next(request, context)
    }

    private func refuse(_ context: PeerRequestContext, _ reason: String) -> Response {
        context.logger.warning("peer request refused", metadata: ["reason": "\(reason)"])
        // The HTTP pipeline closes the connection once this response is written.
        context.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        return PeerResponses.problem(.forbidden, reason)
    }
}
