import ArgumentParser
import CredexCrypto
import CredexNet
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Our client and server on loopback.
enum TLSBench {
    struct Timeout: Error {}
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// A server that closes each connection once its handshake is done (after the session ticket
    /// it sends with the handshake).
    static func handshakeServer(group: EventLoopGroup, context: TLSContext) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addOpenSSLTLS(context: context, handshakeTimeout: .seconds(5))
                    try channel.pipeline.syncOperations.addHandler(CloseOnHandshake())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// Completed handshakes per second: `lanes` connections in flight, each lane connecting again as
    /// soon as its previous connection is closed, until `seconds` have passed (at least one
    /// connection per lane).
    static func handshakes(
        group: EventLoopGroup,
        port: Int,
        client: TLSContext,
        seconds: Double,
        lanes: Int,
        serverName: @escaping @Sendable (Int, Int) -> String
    ) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        let count = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for lane in 0..<lanes {
                tasks.addTask {
                    var index = 0
                    repeat {
                        try await connectOnce(group: group, port: port, client: client, name: serverName(lane, index))
                        index += 1
                    } while DispatchTime.now().uptimeNanoseconds < deadline
                    return index
                }
            }
            return try await tasks.reduce(0, +)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(count) / elapsed
    }

    /// One connection: the client's handshake completes, then the server closes it.
    static func connectOnce(group: EventLoopGroup, port: Int, client: TLSContext, name: String) async throws {
        let loop = group.next()
        let done = loop.makePromise(of: Bool.self)
        do {
            _ = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addOpenSSLTLS(
                            context: client,
                            serverName: name,
                            handshakeTimeout: .seconds(5)
                        )
                        try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(done: done))
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            done.fail(error)
            throw error
        }
        guard try await done.futureResult.get() else {
            throw Failed(description: "a benchmark TLS handshake did not complete")
        }
    }

    /// Bulk throughput in MB/s (10^6 bytes): one connection, the client writes `bytes` in 256 KiB
    /// writes (four in flight), from its handshake being done until the server has received all.
    static func bulk(group: EventLoopGroup, server: TLSContext, client: TLSContext, bytes: Int) async throws -> Double {
        let serverLoop = group.next()
        let received = serverLoop.makePromise(of: UInt64.self)
        let timeout = serverLoop.scheduleTask(in: .seconds(Int64(30 + bytes >> 24))) { received.fail(Timeout()) }
        defer { timeout.cancel() }
        let listener = try await ServerBootstrap(group: serverLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addOpenSSLTLS(context: server, handshakeTimeout: .seconds(5))
                    try channel.pipeline.syncOperations.addHandler(Sink(expected: bytes, done: received))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let clientLoop = group.any()
        let started = clientLoop.makePromise(of: UInt64.self)
        var channel: Channel?
        do {
            channel = try await ClientBootstrap(group: clientLoop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addOpenSSLTLS(
                            context: client,
                            serverName: "bulk.bench",
                            handshakeTimeout: .seconds(5)
                        )
                        try channel.pipeline.syncOperations.addHandler(Pump(total: bytes, started: started))
                    }
                }
                .connect(host: "127.0.0.1", port: listener.localAddress?.port ?? 0).get()
            let end = try await received.futureResult.get()
            let start = try await started.futureResult.get()
            try? await channel?.close()
            try await listener.close()
            return Double(bytes) / 1e6 / (Double(end - start) / 1e9)
        } catch {
            started.fail(error)
            received.fail(error)
            try? await channel?.close()
            try? await listener.close()
            throw error
        }
    }

    /// Two handshakes through a pair of `TLSEngine`s in memory from the given contexts, on a server
    /// name of its own: reports whether the second one resumed the first one's session.
    static func resumptionCheck(server: TLSContext, client: TLSContext) throws -> String {
        var reused: [Bool] = []
        for _ in 0..<2 {
            let clientEngine = try TLSEngine(context: client, serverName: "resumption-check.bench")
            let serverEngine = try TLSEngine(context: server, serverName: nil)
            var clientDone = false
            var serverDone = false
            for _ in 0..<10 {
                if case .established = try clientEngine.advance() { clientDone = true }
                try serverEngine.feed(clientEngine.drainCiphertext(maxBytes: 1 << 20))
                if case .established = try serverEngine.advance() { serverDone = true }
                try clientEngine.feed(serverEngine.drainCiphertext(maxBytes: 1 << 20))
            }
            _ = try clientEngine.advance()  // reads the session ticket
            guard clientDone, serverDone else { return "the in-memory handshake did not complete" }
            reused.append(clientEngine.sessionReused)
            // As the handler does on close: an `SSL` freed without `SSL_shutdown` marks its session
            // (the ticket just cached) not resumable.
            clientEngine.close()
            serverEngine.close()
        }
        return "first handshake sessionReused=\(reused[0]), second sessionReused=\(reused[1])"
    }

    /// Server side of the handshake measurements: closes once the handshake is done.
    final class CloseOnHandshake: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is TLSHandshakeCompleted { context.close(promise: nil) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // the TLS handler closes
    }

    /// Client side of the handshake measurements: reports, once the channel is closed, whether
    /// the handshake completed.
    final class HandshakeWaiter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let done: EventLoopPromise<Bool>
        private var completed = false

        init(done: EventLoopPromise<Bool>) { self.done = done }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is TLSHandshakeCompleted { completed = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // the TLS handler closes

        func channelInactive(context: ChannelHandlerContext) {
            done.succeed(completed)
        }
    }

    /// Server side of the bulk measurement: counts and discards bytes.
    final class Sink: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let expected: Int
        private let done: EventLoopPromise<UInt64>
        private var count = 0

        init(expected: Int, done: EventLoopPromise<UInt64>) {
            self.expected = expected
            self.done = done
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            count += unwrapInboundIn(data).readableBytes
            if count >= expected { done.succeed(DispatchTime.now().uptimeNanoseconds) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { done.fail(error) }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(Failed(description: "the bulk connection closed after \(count) of \(expected) bytes"))
        }
    }

    /// Client side of the bulk measurement: once the handshake is done, writes `total` bytes in
    /// 256 KiB writes, keeping four in flight.
    final class Pump: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private static let chunkSize = 256 << 10
        private let started: EventLoopPromise<UInt64>
        private var remaining: Int
        private var inFlight = 0
        private var chunk = ByteBuffer()

        init(total: Int, started: EventLoopPromise<UInt64>) {
            remaining = total
            self.started = started
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard event is TLSHandshakeCompleted else { return }
            chunk = context.channel.allocator.buffer(repeating: 0x5a, count: Self.chunkSize)
            started.succeed(DispatchTime.now().uptimeNanoseconds)
            pump(context: context)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { started.fail(error) }

        func channelInactive(context: ChannelHandlerContext) {
            started.fail(Failed(description: "the bulk connection closed before its handshake"))
        }

        private func pump(context: ChannelHandlerContext) {
            while inFlight < 4 && remaining > 0 {
                var slice = chunk
                if remaining < Self.chunkSize { slice.moveWriterIndex(to: remaining) }
                remaining -= slice.readableBytes
                inFlight += 1
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.writeAndFlush(wrapOutboundOut(slice)).whenComplete { result in
                    let (pump, context) = bound.value
                    pump.inFlight -= 1
                    if case .success = result { pump.pump(context: context) }
                }
            }
        }
    }
}
