import CredexCrypto
import HummingbirdCore
import Logging
import NIOCore

/// A Hummingbird child channel behind our TLS: puts `OpenSSLTLSHandler` first in each accepted
/// connection's pipeline (and, when given `connections`, binds the connection to the peer's node
/// id at the handshake), then sets up the wrapped channel (HTTP/1.1) on top of the plaintext.
public struct OpenSSLServerChannel<Base: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Base.Value

    let base: Base
    let context: TLSContext
    let connections: PeerConnections?
    let handshakeTimeout: TimeAmount

    /// Wraps `base` in TLS made from `context` (a server context).
    public init(
        _ base: Base,
        context: TLSContext,
        connections: PeerConnections? = nil,
        handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout
    ) {
        self.base = base
        self.context = context
        self.connections = connections
        self.handshakeTimeout = handshakeTimeout
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addOpenSSLTLS(context: context, handshakeTimeout: handshakeTimeout)
            if let connections {
                try channel.pipeline.syncOperations.addHandler(PeerBindingHandler(connections: connections))
            }
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    public func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension OpenSSLServerChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    public var responder: HTTPChannelHandler.Responder { base.responder }
}
