import CredexCrypto
import CredexNet
import CredexTesting
import Foundation
import Testing

/// `openssl s_client` against our server.
@Suite struct OpenSSLInteropTests {
    /// Writes `identity` as PEM files in `directory`; returns the certificate and key paths.
    static func files(for identity: TLSIdentity, in directory: TemporaryDirectory) throws -> (cert: String, key: String)
    {
        let cert = directory.url.appendingPathComponent("cert.pem")
        let key = directory.url.appendingPathComponent("key.pem")
        try identity.write(keyTo: key, certificateTo: cert)
        return (cert.path, key.path)
    }

    /// Runs `openssl s_client` with `identity` and `version` (`-tls1_3`, `-tls1_2`) against our echo
    /// server; `body` drives it. The process is killed afterwards whatever happens.
    static func withClient(
        identity: TLSIdentity,
        version: String,
        _ body: (OpenSSLProcess) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "credex-net-openssl")
        defer { directory.remove() }
        let (cert, key) = try files(for: identity, in: directory)
        try await RealSocketTests.withEchoServer { _, port in
            let client = try OpenSSLProcess([
                "s_client", "-connect", "127.0.0.1:\(port)", version, "-cert", cert, "-key", key,
                "-alpn", "credex/1", "-servername", "alice.example.org",
            ])
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
}
