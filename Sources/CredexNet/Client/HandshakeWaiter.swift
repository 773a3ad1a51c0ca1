import NIOConcurrencyHelpers
import NIOCore

/// Completes `promise` with the TLS handshake's outcome: the `TLSHandshakeCompleted` event, or the
/// first error or the channel's end before it; keeps the connection's first error in `firstError`
/// (a TLS alert that closed it, say), which explains a failed write better than the write's own error.
final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let promise: EventLoopPromise<TLSHandshakeCompleted>
    private let firstError: NIOLockedValueBox<(any Error)?>
    private var done = false

    init(promise: EventLoopPromise<TLSHandshakeCompleted>, firstError: NIOLockedValueBox<(any Error)?>) {
        self.promise = promise
        self.firstError = firstError
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let handshake = event as? TLSHandshakeCompleted, !done {
            done = true
            promise.succeed(handshake)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        firstError.withLockedValue { $0 = $0 ?? error }
        if !done {
            done = true
            promise.fail(error)
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(HTTPClientError(.handshakeFailed, "the connection closed during the TLS handshake"))
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(HTTPClientError(.handshakeFailed, "the TLS handshake was abandoned"))
        }
    }
}
