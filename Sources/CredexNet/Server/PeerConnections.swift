import NIOConcurrencyHelpers
import NIOCore

/// The open connections whose peer was identified at the TLS handshake, by the node id its pinned
/// key belongs to.
///
/// A request is served as that node only while the current trust still admits it; when trust
/// changes, `close(where:)` ends the connections of the members it affects, so nothing keeps talking
/// to a peer the federation has withdrawn.
public final class PeerConnections: Sendable {
    private struct Entry {
        let nodeID: String
        let channel: any Channel
    }

    private let entries = NIOLockedValueBox<[ObjectIdentifier: Entry]>([:])

    public init() {}

    /// The node id `channel` was bound to at its handshake, or nil (not yet, or no client key).
    public func nodeID(of channel: any Channel) -> String? {
        entries.withLockedValue { $0[ObjectIdentifier(channel)]?.nodeID }
    }

    /// How many connections are bound.
    public var count: Int { entries.withLockedValue { $0.count } }

    /// Closes every bound connection whose node id satisfies `affected`; returns how many.
    @discardableResult
    public func close(where affected: (String) -> Bool) -> Int {
        let closing = entries.withLockedValue { entries in
            let matching = entries.filter { affected($0.value.nodeID) }
            for key in matching.keys { entries[key] = nil }
            return matching.values.map(\.channel)
        }
        for channel in closing { channel.close(promise: nil) }
        return closing.count
    }

    func bind(_ channel: any Channel, to nodeID: String) {
        entries.withLockedValue { $0[ObjectIdentifier(channel)] = Entry(nodeID: nodeID, channel: channel) }
    }

    func unbind(_ channel: any Channel) {
        _ = entries.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Binds its channel in `PeerConnections` when the TLS handshake names the peer, and unbinds it
/// when the channel closes. Sits right after `OpenSSLTLSHandler`.
final class PeerBindingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connections: PeerConnections

    init(connections: PeerConnections) {
        self.connections = connections
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let handshake = event as? TLSHandshakeCompleted, let nodeID = handshake.peerNodeID {
            connections.bind(context.channel, to: nodeID)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connections.unbind(context.channel)
        context.fireChannelInactive()
    }
}
