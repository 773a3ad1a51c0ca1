import CredexCrypto
import CredexNet
import CredexTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

/// The handler on real sockets on 127.0.0.1: our client and the `openssl` binary against our server.
@Suite struct RealSocketTests {
    struct Timeout: Error {}

    /// Echoes what it reads.
    final class Echo: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(data, promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // the TLS handler closes
    }

    /// Collects `expected` bytes, then fulfils `promise` with them and the handshake event.
    final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        let expected: Int
        let promise: EventLoopPromise<(TLSHandshakeCompleted?, [UInt8])>
        var handshake: TLSHandshakeCompleted?
        var bytes: [UInt8] = []

        init(expected: Int, promise: EventLoopPromise<(TLSHandshakeCompleted?, [UInt8])>) {
            self.expected = expected
            self.promise = promise
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += Array(unwrapInboundIn(data).readableBytesView)
            if bytes.count >= expected { promise.succeed((handshake, bytes)) }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSHandshakeCompleted { handshake = event }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { promise.fail(error) }

        func channelInactive(context: ChannelHandlerContext) { promise.fail(ChannelError.eof) }
    }

    /// Our echo server with `trust`; runs `body` with its port, then closes everything.
    static func withEchoServer(
        trust: TLSTrustSnapshot = NetFixtures.trustBoth,
        _ body: (MultiThreadedEventLoopGroup, Int) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let context = try NetFixtures.serverContext(trust: trust)
        do {
            let server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addOpenSSLTLS(context: context)
                        try channel.pipeline.syncOperations.addHandler(Echo())
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            do {
                try await body(group, try #require(server.localAddress?.port))
            } catch {
                try? await server.close()
                throw error
            }
            try await server.close()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    /// Connects our client (bob) to `port`; the returned future gets the handshake event and the
    /// first `expected` bytes received, or the client's error.
    static func connectOurClient(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        port: Int,
        expected: Int
    ) async throws -> (any Channel, EventLoopFuture<(TLSHandshakeCompleted?, [UInt8])>) {
        let clientContext = try NetFixtures.clientContext()
        let received = group.next().makePromise(of: (TLSHandshakeCompleted?, [UInt8]).self)
        let deadline = group.next().scheduleTask(in: .seconds(20)) { received.fail(Timeout()) }
        received.futureResult.whenComplete { _ in deadline.cancel() }
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addOpenSSLTLS(
                        context: clientContext,
                        serverName: "alice.example.org"
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        Collector(expected: expected, promise: received)
                    )
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return (channel, received.futureResult)
    }

    @Test func ourClientAgainstOurServerEchoesOneMebibyte() async throws {
        try await Self.withEchoServer { group, port in
            let big = NetFixtures.pattern(1 << 20)
            let (client, received) = try await Self.connectOurClient(group: group, port: port, expected: big.count)
            try await client.writeAndFlush(ByteBuffer(bytes: big)).get()
            let (handshake, echoed) = try await received.get()
            #expect(handshake == TLSHandshakeCompleted(peerNodeID: "node-alice", alpn: "credex/1"))
            #expect(echoed == big)
            try await client.close()
        }
    }
}
