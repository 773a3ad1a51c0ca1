import CredexCrypto
import CredexNet
import Foundation
import NIOCore
import NIOPosix
import Testing

/// What a test server saw on one accepted connection.
struct ConnectionRecord: Sendable {
    var channel: (any Channel)?
    var peerPort: Int?
    var handshake: TLSHandshakeCompleted?
    var tlsErrors: [TLSHandlerError] = []
    var otherErrors: [String] = []
    var inactive = false
    var writable = true
    /// Writes issued by the flooding application, and how they ended.
    var writesIssued = 0
    var writesSucceeded = 0
    var writesFailed: [String] = []
    /// The most bytes the TLS handler and the channel held for sending: plaintext waiting,
    /// ciphertext in the engine and the channel's pending outbound bytes.
    var maxHeldBytes = 0

    /// The first TLS handler error.
    var tlsError: TLSHandlerError? { tlsErrors.first }
}

/// The records of a test server's connections, written on the event loops and read by the test.
///
/// `@unchecked Sendable`: `records` is only touched under `lock`.
final class ServerLog: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [ConnectionRecord] = []

    /// Adds a connection; returns its index.
    func add() -> Int {
        lock.withLock {
            records.append(ConnectionRecord())
            return records.count - 1
        }
    }

    func update(_ index: Int, _ change: (inout ConnectionRecord) -> Void) {
        lock.withLock { change(&records[index]) }
    }

    /// The record of the connection from `port`, if there is one.
    func record(port: Int) -> ConnectionRecord? {
        lock.withLock { records.first { $0.peerPort == port } }
    }

    /// Waits up to 20 s for the connection from `port` to satisfy `condition`; returns its last
    /// record.
    func wait(port: Int, until condition: (ConnectionRecord) -> Bool) async throws -> ConnectionRecord? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let record = record(port: port), condition(record) { return record }
            try await Task.sleep(for: .milliseconds(10))
        }
        return record(port: port)
    }
}

/// The application behind our TLS server: echoes what it reads, records what it sees, and can
/// flood the first peer with 1 MiB writes once the handshake is done.
final class ServerProbe: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Flood {
        case none
        /// Writes while the channel is writable, again each time it becomes writable.
        case whileWritable
        /// Writes this many times at once, ignoring writability.
        case ignoringWritability(writes: Int)
    }

    static let floodWrite = ByteBuffer(bytes: NetFixtures.pattern(1 << 20))

    let log: ServerLog
    let flood: Flood
    private var index = 0

    init(log: ServerLog, flood: Flood) {
        self.log = log
        self.flood = flood
    }

    func handlerAdded(context: ChannelHandlerContext) {
        index = log.add()
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        log.update(index) {
            $0.channel = channel
            $0.peerPort = channel.remoteAddress?.port
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let event = event as? TLSHandshakeCompleted else { return }
        log.update(index) { $0.handshake = event }
        guard index == 0 else { return }
        switch flood {
        case .none: break
        case .whileWritable: writeWhileWritable(context: context)
        case .ignoringWritability(let writes): for _ in 0..<writes { write(context: context) }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        log.update(index) { $0.writable = writable }
        if case .whileWritable = flood, index == 0 { writeWhileWritable(context: context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        log.update(index) {
            if let error = error as? TLSHandlerError {
                $0.tlsErrors.append(error)
            } else {
                $0.otherErrors.append("\(error)")
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        log.update(index) { $0.inactive = true }
    }

    private func writeWhileWritable(context: ChannelHandlerContext) {
        while context.channel.isActive && context.channel.isWritable { write(context: context) }
    }

    private func write(context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        let (log, index) = (log, index)
        promise.futureResult.whenComplete { result in
            log.update(index) {
                switch result {
                case .success: $0.writesSucceeded += 1
                case .failure(let error): $0.writesFailed.append("\(error)")
                }
            }
        }
        log.update(index) { $0.writesIssued += 1 }
        context.writeAndFlush(wrapOutboundOut(Self.floodWrite), promise: promise)
        let tls = try? context.pipeline.syncOperations.handler(type: OpenSSLTLSHandler.self)
        let held =
            (tls?.bufferedPlaintextBytes ?? 0) + (tls?.pendingCiphertextBytes ?? 0)
            + ((try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0)
        let writable = context.channel.isWritable
        log.update(index) {
            $0.maxHeldBytes = max($0.maxHeldBytes, held)
            $0.writable = writable
        }
    }
}

/// Our mutual-TLS server (alice) on 127.0.0.1 with a `ServerProbe` behind the TLS handler.
struct ProbedServer {
    let group: MultiThreadedEventLoopGroup
    let port: Int
    let log: ServerLog

    /// Runs `body` against a new server, then closes everything.
    static func with(
        handshakeTimeout: TimeAmount = .seconds(60),
        closeTimeout: TimeAmount = .seconds(10),
        flood: ServerProbe.Flood = .none,
        _ body: (ProbedServer) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let log = ServerLog()
        let context = try NetFixtures.serverContext()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try OpenSSLTLSHandler(
                            context: context,
                            serverName: nil,
                            handshakeTimeout: handshakeTimeout,
                            closeTimeout: closeTimeout
                        )
                        try channel.pipeline.syncOperations.addHandler(tls)
                        try channel.pipeline.syncOperations.addHandler(ServerProbe(log: log, flood: flood))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let server = ProbedServer(group: group, port: try #require(channel.localAddress?.port), log: log)
            do {
                try await body(server)
            } catch {
                try? await channel.close()
                throw error
            }
            try await channel.close()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    /// Connects our client (bob), which stops reading once the handshake is done.
    func connectClientThatNeverReads() async throws -> any Channel {
        let clientContext = try NetFixtures.clientContext()
        return try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addOpenSSLTLS(
                        context: clientContext,
                        serverName: "alice.example.org"
                    )
                    try channel.pipeline.syncOperations.addHandler(StopReading())
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    /// Asserts that a well-behaved client (bob) still gets a handshake and an echo.
    func servesAGoodClient() async throws {
        let message = Array("still serving".utf8)
        let (client, received) = try await RealSocketTests.connectOurClient(
            group: group,
            port: port,
            expected: message.count
        )
        try await client.writeAndFlush(ByteBuffer(bytes: message)).get()
        let (handshake, echoed) = try await received.get()
        #expect(handshake?.peerNodeID == "node-alice")
        #expect(echoed == message)
        try await client.close()
    }
}

/// Turns `autoRead` off once the TLS handshake is done.
final class StopReading: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TLSHandshakeCompleted { try? context.channel.syncOptions?.setOption(.autoRead, value: false) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // the TLS handler closes
}
