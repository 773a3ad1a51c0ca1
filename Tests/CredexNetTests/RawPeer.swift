import CredexCrypto
import Foundation
import NIOCore
import NIOPosix
import Testing

/// A TCP client without TLS: sends whatever a test wants and keeps what it receives. A test can
/// drive a client `TLSEngine` by hand over it.
///
/// `@unchecked Sendable`: `bytes`, `ended` and `port` are only touched under `lock`; `channel` is set in
/// `init`.
final class RawPeer: @unchecked Sendable {
    struct Stalled: Error {}

    /// Keeps what arrives and notes when the connection ends.
    private final class Receiver: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        let peer: RawPeer

        init(peer: RawPeer) { self.peer = peer }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            peer.lock.withLock { peer.bytes += bytes }
        }

        func channelActive(context: ChannelHandlerContext) {
            let port = context.channel.localAddress?.port ?? 0
            peer.lock.withLock { peer.port = port }
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer.lock.withLock { peer.ended = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var ended = false
    private var channel: (any Channel)!
    private var port = 0
    /// Our side's port, noted when the connection opened: the server names it in its errors.
    var localPort: Int { lock.withLock { port } }

    /// Connects to `port` on 127.0.0.1.
    init(group: any EventLoopGroup, port: Int) async throws {
        channel = try await ClientBootstrap(group: group)
            .channelInitializer { [unowned self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Receiver(peer: self))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        // channelActive may run after the connect completes here; the channel knows its port already.
        if localPort == 0, let bound = channel.localAddress?.port { lock.withLock { self.port = bound } }
        #expect(localPort != 0, "the connection opened without a local port")
    }

    /// Whether the server ended the connection.
    private var isEnded: Bool { lock.withLock { ended } }

    /// Returns what arrived since the last call.
    func take() -> [UInt8] {
        lock.withLock {
            defer { bytes = [] }
            return bytes
        }
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// Waits up to `seconds` for the server to end the connection; returns whether it did.
    func waitForEnd(seconds: Double = 20) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !isEnded && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        return isEnded
    }

    /// Stops reading from the socket, so the server's data piles up in the kernel and then in the
    /// server.
    func stopReading() async throws {
        try await channel.setOption(.autoRead, value: false).get()
    }

    /// Closes with `SO_LINGER` 0: the kernel sends a TCP reset instead of a FIN.
    func reset() async throws {
        let options = try #require(channel as? any SocketOptionProvider)
        try await options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        try await channel.close()
    }

    /// Runs a client handshake with `engine` over this connection (up to `seconds`).
    func handshake(_ engine: TLSEngine, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try engine.feed(take())
            let progress = try engine.advance()
            let out = engine.drainCiphertext(maxBytes: Int.max)
            if !out.isEmpty { try await send(out) }
            if case .established = progress { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw Stalled()
    }

    /// A fresh client engine (bob, pinned by our server) for `alice.example.org`.
    static func clientEngine() throws -> TLSEngine {
        try TLSEngine(context: NetFixtures.clientContext(), serverName: "alice.example.org")
    }
}
