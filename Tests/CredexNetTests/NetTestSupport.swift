import CredexCrypto
import CredexNet
import NIOCore
import NIOEmbedded
import Testing

/// Identities, contexts and helpers shared by the CredexNet tests.
enum NetFixtures {
    /// Made once: key generation is the slow part.
    static let alice = try! TLSIdentity.generate(commonName: "alice", dnsNames: ["alice.example.org"])
    static let bob = try! TLSIdentity.generate(commonName: "bob", dnsNames: ["bob.example.org"])
    static let mallory = try! TLSIdentity.generate(commonName: "mallory", dnsNames: ["mallory.example.org"])

    static let trustBoth = TLSTrustSnapshot(
        pins: [alice.publicKeyPin: "node-alice", bob.publicKeyPin: "node-bob"],
        version: 1
    )

    static func serverContext(trust: TLSTrustSnapshot = trustBoth) throws -> TLSContext {
        try TLSContext(role: .server, identity: alice, alpn: ["credex/1"], requirePeerCertificate: true, trust: trust)
    }

    static func clientContext(identity: TLSIdentity = bob) throws -> TLSContext {
        try TLSContext(
            role: .client,
            identity: identity,
            alpn: ["credex/1"],
            requirePeerCertificate: true,
            trust: trustBoth
        )
    }

    /// `count` bytes of a fixed pattern.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }
}

/// The last handler of a test pipeline: keeps what reaches it.
final class EventRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    var received: [UInt8] = []
    var handshakes: [TLSHandshakeCompleted] = []
    var errors: [TLSHandlerError] = []
    var otherErrors: [any Error] = []
    var inactive = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += Array(unwrapInboundIn(data).readableBytesView)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSHandshakeCompleted { handshakes.append(event) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? TLSHandlerError { errors.append(error) } else { otherErrors.append(error) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inactive = true
    }
}

/// An `EmbeddedChannel` with the TLS handler and a recorder, made active.
struct TestPeer {
    let channel: EmbeddedChannel
    let recorder = EventRecorder()

    init(
        context: TLSContext,
        serverName: String? = nil,
        handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout,
        port: Int
    ) throws {
        channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addOpenSSLTLS(
            context: context,
            serverName: serverName,
            handshakeTimeout: handshakeTimeout
        )
        try channel.pipeline.syncOperations.addHandler(recorder)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port)).wait()
    }

    /// A client (bob) and a server (alice) that have not exchanged anything yet.
    static func pair(
        serverContext: TLSContext? = nil,
        clientContext: TLSContext? = nil,
        handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout
    ) throws -> (client: TestPeer, server: TestPeer) {
        let server = try TestPeer(
            context: serverContext ?? NetFixtures.serverContext(),
            handshakeTimeout: handshakeTimeout,
            port: 40_001
        )
        let client = try TestPeer(
            context: clientContext ?? NetFixtures.clientContext(),
            serverName: "alice.example.org",
            handshakeTimeout: handshakeTimeout,
            port: 40_002
        )
        return (client, server)
    }
}

/// Moves outbound bytes between two channels until neither has anything to send; with
/// `byteByByte` each byte is delivered on its own.
func shuttle(_ first: EmbeddedChannel, _ second: EmbeddedChannel, byteByByte: Bool = false) throws {
    func move(from source: EmbeddedChannel, to target: EmbeddedChannel) throws -> Bool {
        var moved = false
        while let buffer = try source.readOutbound(as: ByteBuffer.self) {
            moved = true
            guard target.isActive else { continue }
            if byteByByte {
                for byte in buffer.readableBytesView where target.isActive {
                    try target.writeInbound(ByteBuffer(bytes: [byte]))
                }
            } else {
                try target.writeInbound(buffer)
            }
        }
        return moved
    }
    for _ in 0..<100_000 {
        let forward = try move(from: first, to: second)
        let backward = try move(from: second, to: first)
        if !forward && !backward { return }
    }
    Issue.record("shuttle did not settle")
}
