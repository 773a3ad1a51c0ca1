import CredexCrypto
import CredexNet
import NIOCore
import NIOEmbedded
import Testing

/// The handler between two `EmbeddedChannel`s, bytes moved by `shuttle`.
@Suite struct OpenSSLTLSHandlerTests {
    @Test func mutualHandshakeReportsPeersAndMovesData() throws {
        let (client, server) = try TestPeer.pair()
        let early = client.channel.writeAndFlush(ByteBuffer(string: "early"))
        try shuttle(client.channel, server.channel)
        #expect(client.recorder.handshakes == [TLSHandshakeCompleted(peerNodeID: "node-alice", alpn: "credex/1")])
        #expect(server.recorder.handshakes == [TLSHandshakeCompleted(peerNodeID: "node-bob", alpn: "credex/1")])
        try early.wait()
        #expect(server.recorder.received == Array("early".utf8))

        let big = NetFixtures.pattern(1 << 20)
        let toClient = server.channel.writeAndFlush(ByteBuffer(bytes: big))
        let toServer = client.channel.writeAndFlush(ByteBuffer(bytes: big.reversed()))
        try shuttle(client.channel, server.channel)
        try toClient.wait()
        try toServer.wait()
        #expect(client.recorder.received == big)
        #expect(server.recorder.received == Array("early".utf8) + big.reversed())
        #expect(client.recorder.errors.isEmpty && server.recorder.errors.isEmpty)
        try closeBoth(client, server)
    }

    @Test func plaintextWaitsWhileTheChannelIsNotWritable() throws {
        let (client, server) = try TestPeer.pair()
        try shuttle(client.channel, server.channel)
        let handler = try client.channel.pipeline.syncOperations.handler(type: OpenSSLTLSHandler.self)
        client.channel.isWritable = false
        let write = client.channel.writeAndFlush(ByteBuffer(bytes: NetFixtures.pattern(1 << 20)))
        #expect(try client.channel.readOutbound(as: ByteBuffer.self) == nil)
        #expect(handler.bufferedPlaintextBytes == 1 << 20 && handler.pendingCiphertextBytes == 0)
        client.channel.isWritable = true
        client.channel.pipeline.fireChannelWritabilityChanged()
        #expect(handler.bufferedPlaintextBytes == 0 && handler.pendingCiphertextBytes == 0)
        try shuttle(client.channel, server.channel)
        try write.wait()
        #expect(server.recorder.received == NetFixtures.pattern(1 << 20))
        try closeBoth(client, server)
    }

    @Test func handshakeAndDataOneByteAtATime() throws {
        let (client, server) = try TestPeer.pair()
        try shuttle(client.channel, server.channel, byteByByte: true)
        #expect(client.recorder.handshakes.count == 1)
        #expect(server.recorder.handshakes.count == 1)
        let request = client.channel.writeAndFlush(ByteBuffer(string: "one byte at a time"))
        let reply = server.channel.writeAndFlush(ByteBuffer(string: "and back"))
        try shuttle(client.channel, server.channel, byteByByte: true)
        try request.wait()
        try reply.wait()
        #expect(server.recorder.received == Array("one byte at a time".utf8))
        #expect(client.recorder.received == Array("and back".utf8))
        try closeBoth(client, server)
    }

    @Test func unpinnedClientIsRefused() throws {
        let serverTrust = TLSTrustSnapshot(pins: [NetFixtures.alice.publicKeyPin: "node-alice"], version: 4)
        let (client, server) = try TestPeer.pair(serverContext: NetFixtures.serverContext(trust: serverTrust))
        let write = client.channel.writeAndFlush(ByteBuffer(string: "let me in"))
        try shuttle(client.channel, server.channel)
        let serverError = try #require(server.recorder.errors.first)
        #expect(serverError.code == .handshakeFailed)
        #expect(serverError.reason.contains("127.0.0.1"))
        #expect(serverError.reason.contains(NetFixtures.bob.publicKeyPin))
        #expect((serverError.cause as? CryptoError)?.code == .certificate)
        #expect(server.recorder.handshakes.isEmpty && server.recorder.received.isEmpty)
        #expect(!server.channel.isActive && server.recorder.inactive)
        // TLS 1.3: the client finished its side before the server's alert arrived.
        let clientError = try #require(client.recorder.errors.first)
        #expect(clientError.code == .connectionFailed)
        #expect(clientError.reason.contains("bad certificate"))
        #expect(!client.channel.isActive && client.recorder.inactive)
        // It was encrypted and sent, but the server never passed it on.
        try write.wait()
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func garbageInsteadOfClientHelloClosesTheChannel() throws {
        let server = try TestPeer(context: NetFixtures.serverContext(), port: 40_003)
        try server.channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"))
        let error = try #require(server.recorder.errors.first)
        #expect(error.code == .handshakeFailed)
        #expect(error.reason.hasPrefix("TLS handshake with [IPv4]127.0.0.1:40003 failed"))
        #expect(error.cause is CryptoError)
        #expect(server.recorder.errors.count == 1)
        #expect(!server.channel.isActive)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func malformedClientHelloGetsAnAlertBeforeTheClose() throws {
        let server = try TestPeer(context: NetFixtures.serverContext(), port: 40_004)
        // A handshake record holding a ClientHello with a one-byte body.
        try server.channel.writeInbound(
            ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])
        )
        #expect(server.recorder.errors.map(\.code) == [.handshakeFailed])
        #expect(!server.channel.isActive)
        let alert = try #require(try server.channel.readOutbound(as: ByteBuffer.self))
        #expect(alert.getInteger(at: alert.readerIndex, as: UInt8.self) == 0x15)  // content type: alert
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func clientCloseSendsCloseNotifyAndTheServerAnswers() throws {
        let (client, server) = try TestPeer.pair()
        try shuttle(client.channel, server.channel)
        let last = client.channel.write(ByteBuffer(string: "last words"))
        let closed = client.channel.close()
        try last.wait()
        try closed.wait()
        #expect(!client.channel.isActive)
        try shuttle(client.channel, server.channel)
        #expect(server.recorder.received == Array("last words".utf8))
        #expect(server.recorder.inactive && !server.channel.isActive)
        #expect(server.recorder.errors.isEmpty && client.recorder.errors.isEmpty)
        // The server's own close_notify went out before it closed.
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func serverCloseSendsCloseNotifyAndTheClientAnswers() throws {
        let (client, server) = try TestPeer.pair()
        try shuttle(client.channel, server.channel)
        server.channel.write(ByteBuffer(string: "goodbye"), promise: nil)
        try server.channel.close().wait()
        while let bytes = try server.channel.readOutbound(as: ByteBuffer.self) {  // "goodbye", close_notify
            try client.channel.writeInbound(bytes)
        }
        #expect(client.recorder.received == Array("goodbye".utf8))
        #expect(client.recorder.inactive && !client.channel.isActive)
        // The client answered with its own close_notify before closing.
        #expect(try client.channel.readOutbound(as: ByteBuffer.self) != nil)
        #expect(client.recorder.errors.isEmpty && server.recorder.errors.isEmpty)
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func stalledPeerHitsTheHandshakeTimeout() throws {
        let (client, server) = try TestPeer.pair(handshakeTimeout: .seconds(5))
        // The ClientHello reaches the server; the server's answer never reaches the client.
        let hello = try #require(try client.channel.readOutbound(as: ByteBuffer.self))
        try server.channel.writeInbound(hello)
        #expect(try server.channel.readOutbound(as: ByteBuffer.self) != nil)
        let pending = client.channel.writeAndFlush(ByteBuffer(string: "never sent"))

        server.channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(server.channel.isActive)
        server.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!server.channel.isActive)
        #expect(server.recorder.errors.map(\.code) == [.handshakeTimeout])

        client.channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(!client.channel.isActive)
        let clientError = try #require(client.recorder.errors.first)
        #expect(clientError.code == .handshakeTimeout)
        #expect(clientError.reason.contains("127.0.0.1"))
        #expect(throws: TLSHandlerError.self) { try pending.wait() }
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func tooMuchPlaintextBeforeTheHandshakeFails() throws {
        let (client, server) = try TestPeer.pair()
        let fits = client.channel.write(ByteBuffer(bytes: NetFixtures.pattern(1 << 20)))
        let tooMuch = client.channel.writeAndFlush(ByteBuffer(string: "x"))
        #expect(throws: TLSHandlerError.self) { try tooMuch.wait() }
        #expect(throws: TLSHandlerError.self) { try fits.wait() }
        #expect(client.recorder.errors.map(\.code) == [.bufferLimitExceeded])
        #expect(!client.channel.isActive)
        _ = try client.channel.readOutbound(as: ByteBuffer.self)  // the ClientHello
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish().isClean)
    }

    @Test func peerDisconnectDuringHandshakeIsAnError() throws {
        let (client, server) = try TestPeer.pair()
        _ = try client.channel.readOutbound(as: ByteBuffer.self)
        try client.channel.close().wait()
        #expect(client.recorder.errors.isEmpty)
        server.channel.pipeline.fireChannelInactive()
        #expect(server.recorder.errors.map(\.code) == [.unexpectedClose])
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }

    /// Closes the client (close_notify to the server, which answers and closes) and finishes both.
    private func closeBoth(_ client: TestPeer, _ server: TestPeer) throws {
        try client.channel.close().wait()
        try shuttle(client.channel, server.channel)
        #expect(!server.channel.isActive && server.recorder.inactive)
        _ = try server.channel.readOutbound(as: ByteBuffer.self)  // its close_notify, to a closed client
        #expect(try client.channel.finish(acceptAlreadyClosed: true).isClean)
        #expect(try server.channel.finish(acceptAlreadyClosed: true).isClean)
    }
}
