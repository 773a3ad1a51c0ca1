import Hummingbird
import NIOCore

/// The request context of the peer routes: who the calling member is, once a middleware has
/// authenticated it (by its pinned TLS key, or by its request signature behind a proxy).
public struct PeerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel
    /// The authenticated member's node id; nil until authentication.
    public var peerNodeID: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
