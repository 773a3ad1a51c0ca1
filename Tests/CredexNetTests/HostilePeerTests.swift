import CredexCrypto
import CredexNet
import NIOCore
import NIOPosix
import Testing

/// Our server over real sockets against peers that send garbage, stall, reset, overflow or never
/// read: each connection fails alone with an error naming the peer, and the server goes on.
@Suite struct HostilePeerTests {
    /// The largest TLS 1.3 record body (RFC 8446, section 5.2).
    static let maxRecordLength = (1 << 14) + 256

    /// Bytes from a fixed-seed generator: the same "random" garbage on every run.
    static func garbage(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// Not a ClientHello: an HTTP request, random bytes, or a handshake record holding a
    /// ClientHello with a one-byte body (OpenSSL answers that one with decode_error).
    static let notClientHellos: [String: [UInt8]] = [
        "HTTP": Array("GET / HTTP/1.1\r\nHost: alice.example.org\r\n\r\n".utf8),
        "random": garbage(4096),
        "malformed": [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00],
    ]

    @Test(arguments: ["HTTP", "random", "malformed"])
    func garbageInsteadOfAClientHelloIsRefused(kind: String) async throws {
        let bytes = try #require(Self.notClientHellos[kind])
        try await ProbedServer.with { server in
            let attacker = try await RawPeer(group: server.group, port: server.port)
            try await attacker.send(bytes)
            #expect(try await attacker.waitForEnd(), "the server kept a \(kind) connection open")
            let record = try await server.log.wait(port: attacker.localPort) { $0.inactive }
            let error = try #require(record?.tlsError)
            #expect(error.code == .handshakeFailed)
            #expect(error.reason.contains("127.0.0.1:\(attacker.localPort)"))
            #expect(record?.tlsErrors.count == 1 && record?.handshake == nil)
            let answer = attacker.take()
            if kind == "HTTP" {
                #expect(error.reason.contains("http request"))
                #expect(answer.isEmpty)  // OpenSSL sends no alert to an HTTP client
            }
            if kind == "malformed" {
                #expect(Array(answer.prefix(7)) == [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 50])  // fatal decode_error
            }
            try await server.servesAGoodClient()
        }
    }

    @Test func halfAClientHelloHitsTheHandshakeTimeout() async throws {
        try await ProbedServer.with(handshakeTimeout: .seconds(2)) { server in
            let engine = try RawPeer.clientEngine()
            #expect(try engine.advance() == .handshaking)
            let hello = engine.drainCiphertext(maxBytes: Int.max)
            #expect(hello.count > 100)
            let attacker = try await RawPeer(group: server.group, port: server.port)
            // On a machine loaded enough that the timeout fires first, the send fails: the server's
            // log must still show the timeout.
            try? await attacker.send(Array(hello.prefix(hello.count / 2)))
            #expect(try await attacker.waitForEnd())
            #expect(attacker.take().isEmpty)
            let record = try await server.log.wait(port: attacker.localPort) { $0.inactive }
            let error = try #require(record?.tlsError)
            #expect(error.code == .handshakeTimeout)
            #expect(error.reason.contains("127.0.0.1:\(attacker.localPort)"))
            try await server.servesAGoodClient()
        }
    }

    @Test func resetHalfwayThroughARecordFailsThePendingWrites() async throws {
        try await ProbedServer.with(flood: .whileWritable) { server in
            let engine = try RawPeer.clientEngine()
            let attacker = try await RawPeer(group: server.group, port: server.port)
            try await attacker.handshake(engine)
            try await attacker.stopReading()
            // The server floods until the kernel buffers are full and its writes wait.
            let blocked = try await server.log.wait(port: attacker.localPort) {
                !$0.writable && $0.writesIssued > $0.writesSucceeded + $0.writesFailed.count
            }
            #expect(blocked?.writable == false, "the server never had to wait: \(String(describing: blocked))")
            try engine.writePlaintext(Array(repeating: 0x41, count: 1000))
            let record = engine.drainCiphertext(maxBytes: Int.max)
            try await attacker.send(Array(record.prefix(record.count / 2)))
            try await attacker.reset()
            let ended = try #require(
                try await server.log.wait(port: attacker.localPort) {
                    $0.inactive && $0.writesIssued == $0.writesSucceeded + $0.writesFailed.count
                }
            )
            #expect(ended.inactive)
            #expect(ended.writesIssued == ended.writesSucceeded + ended.writesFailed.count, "a write never completed")
            #expect(!ended.writesFailed.isEmpty)
            try await server.servesAGoodClient()
        }
    }

    @Test func oversizedRecordGetsARecordOverflowAlert() async throws {
        try await ProbedServer.with { server in
            let engine = try RawPeer.clientEngine()
            let attacker = try await RawPeer(group: server.group, port: server.port)
            try await attacker.handshake(engine)
            let established = try await server.log.wait(port: attacker.localPort) { $0.handshake != nil }
            #expect(established?.handshake != nil)
            let length = Self.maxRecordLength + 1
            let header: [UInt8] = [0x17, 0x03, 0x03, UInt8(length >> 8), UInt8(length & 0xff)]
            // The server refuses on the header alone and may close before the rest is sent: the
            // send can then fail, and the alert must still have been sent and the refusal logged.
            try? await attacker.send(header + Self.garbage(length))
            #expect(try await attacker.waitForEnd())
            let record = try await server.log.wait(port: attacker.localPort) { $0.inactive }
            let error = try #require(record?.tlsError)
            #expect(error.code == .connectionFailed)
            #expect(error.reason.contains("127.0.0.1:\(attacker.localPort)"))
            #expect(error.reason.contains("we sent alert: record overflow"))
            // The alert is encrypted: our engine reads it.
            try engine.feed(attacker.take())
            let clientError = #expect(throws: CryptoError.self) { _ = try engine.advance() }
            #expect(clientError?.reason.contains("the peer sent a fatal alert: record overflow") == true)
            try await server.servesAGoodClient()
        }
    }

    @Test func peerThatNeverReadsStopsAWriterThatWatchesWritability() async throws {
        try await ProbedServer.with(flood: .whileWritable) { server in
            let client = try await server.connectClientThatNeverReads()
            let port = try #require(client.localAddress?.port)
            let blocked = try await server.log.wait(port: port) { $0.writesIssued > 0 && !$0.writable }
            #expect(blocked?.writable == false, "the writer never had to stop")
            try await Task.sleep(for: .seconds(1.5))  // an unbounded writer would issue thousands of writes
            let record = try #require(server.log.record(port: port))
            #expect(record.writesIssued < 64, "\(record.writesIssued) MiB written to a peer that does not read")
            #expect(record.maxHeldBytes < 3 << 19, "the server held \(record.maxHeldBytes) bytes for the peer")
            try await client.close()
            let ended = try await server.log.wait(port: port) {
                $0.inactive && $0.writesIssued == $0.writesSucceeded + $0.writesFailed.count
            }
            #expect(ended?.inactive == true)
            #expect(ended?.tlsErrors.isEmpty == true)
            try await server.servesAGoodClient()
        }
    }

    @Test func writerThatIgnoresWritabilityGetsBufferLimitExceeded() async throws {
        try await ProbedServer.with(flood: .ignoringWritability(writes: 64)) { server in
            let client = try await server.connectClientThatNeverReads()
            let port = try #require(client.localAddress?.port)
            let ended = try #require(
                try await server.log.wait(port: port) {
                    $0.inactive && $0.writesSucceeded + $0.writesFailed.count == 64
                }
            )
            #expect(ended.inactive)
            let error = try #require(ended.tlsError)
            #expect(error.code == .bufferLimitExceeded)
            #expect(error.reason.contains("127.0.0.1:\(port)"))
            #expect(ended.writesIssued == 64 && ended.writesSucceeded < 64)
            #expect(ended.writesFailed.contains { $0.hasPrefix("bufferLimitExceeded") })
            // At most the limit (1 MiB) plus one write of plaintext, and the channel's watermark.
            #expect(ended.maxHeldBytes < 9 << 18, "the server held \(ended.maxHeldBytes) bytes for the peer")
            try await client.close()
            try await server.servesAGoodClient()
        }
    }

    @Test func closeToAPeerThatNeverReadsEndsAfterTheCloseTimeout() async throws {
        try await ProbedServer.with(closeTimeout: .seconds(1), flood: .whileWritable) { server in
            let client = try await server.connectClientThatNeverReads()
            let port = try #require(client.localAddress?.port)
            let blocked = try await server.log.wait(port: port) { $0.writesIssued > 0 && !$0.writable }
            let channel = try #require(blocked?.channel)
            let closed = channel.eventLoop.makePromise(of: Void.self)
            channel.close(promise: closed)
            let ended = try await server.log.wait(port: port) {
                $0.inactive && $0.writesIssued == $0.writesSucceeded + $0.writesFailed.count
            }
            #expect(ended?.inactive == true, "the close waits for a peer that does not read")
            #expect(ended?.writesFailed.isEmpty == false)
            if ended?.inactive == true { try await closed.futureResult.get() }
            try await client.close()
            try await server.servesAGoodClient()
        }
    }
}
