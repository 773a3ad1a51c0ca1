import CredexCrypto
import CredexNet
import CredexTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

/// `openssl s_client` against our server, and our client against `openssl s_server`.
@Suite struct OpenSSLInteropTests {
    /// Writes `identity` as PEM files in `directory`; returns the certificate and key paths.
    static func files(for identity: TLSIdentity, in directory: TemporaryDirectory) throws -> (cert: String, key: String)
    {
        let cert = directory.url.appendingPathComponent("cert.pem")
        let key = directory.url.appendingPathComponent("key.pem")
        try identity.write(keyTo: key, certificateTo: cert)
        return (cert.path, key.path)
    }

    /// Runs `openssl s_client` with `identity` (none if nil) and `version` (`-tls1_3`, `-tls1_2`)
    /// against our echo server; `body` drives it. The process is killed afterwards whatever happens.
    static func withClient(
        identity: TLSIdentity?,
        version: String,
        _ body: (OpenSSLProcess) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "credex-net-openssl")
        defer { directory.remove() }
        var credentials: [String] = []
        if let identity {
            let (cert, key) = try files(for: identity, in: directory)
            credentials = ["-cert", cert, "-key", key]
        }
        try await RealSocketTests.withEchoServer { _, port in
            let client = try OpenSSLProcess(
                ["s_client", "-connect", "127.0.0.1:\(port)", version, "-alpn", "credex/1"]
                    + ["-servername", "alice.example.org"] + credentials
            )
            defer { client.kill() }
            try await body(client)
        }
    }

    @Test func pinnedClientIsServedOverTLS13() async throws {
        try await Self.withClient(identity: NetFixtures.bob, version: "-tls1_3") { client in
            try client.send("hello from openssl\n")
            let echoed = try await client.waitForOutput(seconds: 10) { $0.contains("hello from openssl") }
            #expect(echoed, "s_client printed: \(client.text)")
            #expect(client.text.contains("TLSv1.3"))
            #expect(client.text.contains("ALPN protocol: credex/1"))
            client.closeInput()
            #expect(try await client.waitForExit(seconds: 10) == 0)
        }
    }

    @Test func tls12IsRefused() async throws {
        try await Self.withClient(identity: NetFixtures.bob, version: "-tls1_2") { client in
            let status = try await client.waitForExit(seconds: 10)
            #expect(status != nil && status != 0, "s_client printed: \(client.text)")
            #expect(client.text.contains("alert protocol version"))
        }
    }

    @Test func unpinnedClientIsRefusedAfterTheHandshake() async throws {
        try await Self.withClient(identity: NetFixtures.mallory, version: "-tls1_3") { client in
            try client.send("let me in\n")
            // TLS 1.3: s_client finishes its side, then the server's alert ends the connection.
            let status = try await client.waitForExit(seconds: 10)
            #expect(status != nil, "s_client is still running: \(client.text)")
            #expect(status != 0, "s_client printed: \(client.text)")
            #expect(client.text.contains("alert bad certificate"))
            #expect(!client.text.contains("let me in"))
        }
    }

    @Test func clientWithoutACertificateIsRefused() async throws {
        try await Self.withClient(identity: nil, version: "-tls1_3") { client in
            try client.send("let me in\n")
            let status = try await client.waitForExit(seconds: 20)
            #expect(status != nil && status != 0, "s_client printed: \(client.text)")
            #expect(client.text.contains("alert certificate required"))
            #expect(!client.text.contains("let me in"))
        }
    }

    /// Runs `openssl s_server -tls1_3` with `identity` on 127.0.0.1; `body` gets it and its port. The
    /// process is killed afterwards whatever happens.
    static func withServer(identity: TLSIdentity, _ body: (OpenSSLProcess, Int) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "credex-net-openssl")
        defer { directory.remove() }
        let (cert, key) = try files(for: identity, in: directory)
        let server = try OpenSSLProcess([
            "s_server", "-accept", "127.0.0.1:0", "-tls1_3", "-cert", cert, "-key", key, "-alpn", "credex/1",
        ])
        defer { server.kill() }
        #expect(try await server.waitForOutput(seconds: 20) { $0.contains("ACCEPT") }, "s_server: \(server.text)")
        let port = try #require(
            server.text.split(separator: "\n").first { $0.hasPrefix("ACCEPT") }?.split(separator: ":").last
                .flatMap { Int($0) }
        )
        try await body(server, port)
    }

    @Test func ourClientExchangesBytesWithAPinnedOpenSSLServer() async throws {
        try await Self.withServer(identity: NetFixtures.alice) { server, port in
            let reply = "pong from openssl\n"
            let (client, received) = try await RealSocketTests.connectOurClient(port: port, expected: reply.utf8.count)
            try await client.writeAndFlush(ByteBuffer(string: "ping from credex\n")).get()
            #expect(
                try await server.waitForOutput(seconds: 20) { $0.contains("ping from credex") },
                "s_server printed: \(server.text)"
            )
            try server.send(reply)
            let (handshake, bytes) = try await received.get()
            #expect(handshake == TLSHandshakeCompleted(peerNodeID: "node-alice", alpn: "credex/1"))
            #expect(bytes == Array(reply.utf8))
            try await client.close()
        }
    }

    @Test func ourClientRefusesAnUnpinnedOpenSSLServer() async throws {
        try await Self.withServer(identity: NetFixtures.mallory) { server, port in
            let (_, received) = try await RealSocketTests.connectOurClient(port: port, expected: 1)
            let error = try await #require(throws: TLSHandlerError.self) { try await received.get() }
            #expect(error.code == .handshakeFailed)
            #expect(error.reason.contains(NetFixtures.mallory.publicKeyPin))
            #expect(error.reason.contains("not in the trust list"))
            #expect((error.cause as? CryptoError)?.code == .certificate)
        }
    }
}
