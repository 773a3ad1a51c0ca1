import CredexCrypto
import Foundation
import Testing

@Suite struct TLSEngineTests {
    /// Two identities, made once (key generation is the slow part).
    static let alice = try! TLSIdentity.generate(commonName: "alice", dnsNames: ["alice.example.org"])
    static let bob = try! TLSIdentity.generate(commonName: "bob", dnsNames: ["bob.example.org"])
    static let mallory = try! TLSIdentity.generate(commonName: "mallory", dnsNames: ["mallory.example.org"])

    static let trustBoth = TLSTrustSnapshot(
        pins: [alice.publicKeyPin: "node-alice", bob.publicKeyPin: "node-bob"],
        version: 1
    )

    /// What pumping two engines together ended with.
    struct Outcome {
        var client: TLSEngine.Progress = .handshaking
        var server: TLSEngine.Progress = .handshaking
        var clientError: CryptoError?
        var serverError: CryptoError?
    }

    /// Moves bytes between the engines, advancing both, until neither has anything to send.
    @discardableResult
    static func pump(_ client: TLSEngine, _ server: TLSEngine, rounds: Int = 200) -> Outcome {
        var outcome = Outcome()
        for _ in 0..<rounds {
            if outcome.clientError == nil {
                do { outcome.client = try client.advance() } catch { outcome.clientError = error as? CryptoError }
            }
            if outcome.serverError == nil {
                do { outcome.server = try server.advance() } catch { outcome.serverError = error as? CryptoError }
            }
            let toServer = client.drainCiphertext(maxBytes: 1 << 22)
            let toClient = server.drainCiphertext(maxBytes: 1 << 22)
            if toServer.isEmpty && toClient.isEmpty { break }
            if !toServer.isEmpty { try? server.feed(toServer) }
            if !toClient.isEmpty { try? client.feed(toClient) }
        }
        return outcome
    }

    static func contexts(
        serverIdentity: TLSIdentity = alice,
        serverTrust: TLSTrustSnapshot = trustBoth,
        clientIdentity: TLSIdentity? = bob,
        clientTrust: TLSTrustSnapshot = trustBoth,
        mutual: Bool = true
    ) throws -> (client: TLSContext, server: TLSContext) {
        let server = try TLSContext(
            role: .server,
            identity: serverIdentity,
            alpn: ["credex/1", "http/1.1"],
            requirePeerCertificate: mutual,
            trust: serverTrust
        )
        let client = try TLSContext(
            role: .client,
            identity: clientIdentity,
            alpn: ["http/1.1", "credex/1"],
            requirePeerCertificate: true,
            trust: clientTrust
        )
        return (client, server)
    }

    /// Reads everything `engine` has decrypted, advancing it.
    static func readAll(_ engine: TLSEngine) throws -> [UInt8] {
        _ = try engine.advance()
        var bytes: [UInt8] = []
        while true {
            let chunk = try engine.readPlaintext(maxBytes: 100_000)
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
    }

    @Test func mutualHandshakeReportsPeersAndMovesData() throws {
        let (clientContext, serverContext) = try Self.contexts()
        let client = try TLSEngine(context: clientContext, serverName: "alice.example.org")
        let server = try TLSEngine(context: serverContext, serverName: nil)
        let outcome = Self.pump(client, server)
        #expect(outcome.clientError == nil && outcome.serverError == nil)
        #expect(outcome.client == .established(peerNodeID: "node-alice", alpn: "credex/1"))
        #expect(outcome.server == .established(peerNodeID: "node-bob", alpn: "credex/1"))

        try client.writePlaintext(Array("hello".utf8))
        Self.pump(client, server)
        #expect(try Self.readAll(server) == Array("hello".utf8))

        let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try server.writePlaintext(big)
        #expect(server.pendingCiphertext > big.count)
        Self.pump(client, server)
        #expect(try Self.readAll(client) == big)

        // One byte at a time, in both directions.
        try client.writePlaintext(Array("byte by byte".utf8))
        var received: [UInt8] = []
        while client.pendingCiphertext > 0 {
            try server.feed(client.drainCiphertext(maxBytes: 1))
            #expect(try server.advance() == .established(peerNodeID: "node-bob", alpn: "credex/1"))
            received += try server.readPlaintext(maxBytes: 1)
        }
        received += try Self.readAll(server)
        #expect(received == Array("byte by byte".utf8))
        try server.writePlaintext(Array("reply".utf8))
        var reply: [UInt8] = []
        while server.pendingCiphertext > 0 {
            try client.feed(server.drainCiphertext(maxBytes: 1))
            _ = try client.advance()
            reply += try client.readPlaintext(maxBytes: 1)
        }
        reply += try Self.readAll(client)
        #expect(reply == Array("reply".utf8))
    }

    @Test func writesBeforeTheHandshakeAreSentAfterIt() throws {
        let (clientContext, serverContext) = try Self.contexts()
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        try client.writePlaintext(Array("early".utf8))
        Self.pump(client, server)
        #expect(try Self.readAll(server) == Array("early".utf8))
    }

    @Test func clientNotInServerTrustIsRefused() throws {
        let serverTrust = TLSTrustSnapshot(pins: [Self.alice.publicKeyPin: "node-alice"], version: 7)
        let (clientContext, serverContext) = try Self.contexts(serverTrust: serverTrust)
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        let outcome = Self.pump(client, server)
        let serverError = try #require(outcome.serverError)
        #expect(serverError.code == .certificate)
        #expect(serverError.reason.contains(Self.bob.publicKeyPin))
        #expect(serverError.reason.contains("trust list (version 7)"))
        // TLS 1.3: the client may have finished its side before the server's alert arrives.
        let clientError = try #require(outcome.clientError)
        #expect(clientError.reason.contains("alert: bad certificate"))
    }

    @Test func serverNotInClientTrustIsRefused() throws {
        let clientTrust = TLSTrustSnapshot(pins: [Self.bob.publicKeyPin: "node-bob"], version: 3)
        let (clientContext, serverContext) = try Self.contexts(clientTrust: clientTrust)
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        let outcome = Self.pump(client, server)
        let clientError = try #require(outcome.clientError)
        #expect(clientError.code == .certificate)
        #expect(clientError.reason.contains("pin \(Self.alice.publicKeyPin) of the server is not in the trust list"))
        #expect(outcome.serverError != nil)
        #expect(outcome.client == .handshaking)
    }

    @Test func missingClientCertificateIsRefusedWhenMutual() throws {
        let (clientContext, serverContext) = try Self.contexts(clientIdentity: nil)
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        let outcome = Self.pump(client, server)
        let serverError = try #require(outcome.serverError)
        #expect(serverError.reason.contains("TLS handshake failed"))
        #expect(serverError.openSSLErrors.contains { $0.contains("certificate") })
        #expect(outcome.clientError?.reason.contains("alert: certificate required") == true)
    }

    @Test func clientWithoutCertificateIsAcceptedWhenNotMutual() throws {
        let (clientContext, serverContext) = try Self.contexts(clientIdentity: nil, mutual: false)
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        let outcome = Self.pump(client, server)
        #expect(outcome.client == .established(peerNodeID: "node-alice", alpn: "credex/1"))
        #expect(outcome.server == .established(peerNodeID: nil, alpn: "credex/1"))
    }

    @Test func garbageInsteadOfClientHelloFails() throws {
        let (_, serverContext) = try Self.contexts()
        let server = try TLSEngine(context: serverContext, serverName: nil)
        try server.feed(Array("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n".utf8))
        let error = #expect(throws: CryptoError.self) { try server.advance() }
        #expect(error?.reason.hasPrefix("TLS handshake failed") == true)
        #expect(throws: CryptoError.self) { try server.advance() }
        #expect(throws: CryptoError.self) { try server.writePlaintext([1]) }

        let random = try TLSEngine(context: serverContext, serverName: nil)
        try random.feed((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) })
        #expect(throws: CryptoError.self) { try random.advance() }
    }

    @Test func closeNotifyReachesThePeer() throws {
        let (clientContext, serverContext) = try Self.contexts()
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        Self.pump(client, server)
        try client.writePlaintext(Array("last words".utf8))
        client.close()
        #expect(throws: CryptoError.self) { try client.writePlaintext([1]) }
        #expect(!server.peerClosed)
        let outcome = Self.pump(client, server)
        #expect(outcome.server == .closed)
        #expect(server.peerClosed)
        #expect(try server.readPlaintext(maxBytes: 100) == Array("last words".utf8))
        server.close()
        Self.pump(client, server)
        #expect(client.peerClosed)
        #expect(try client.advance() == .closed)
    }

    @Test func dataStillArrivesAfterOurOwnClose() throws {
        let (clientContext, serverContext) = try Self.contexts()
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        Self.pump(client, server)
        client.close()
        Self.pump(client, server)
        #expect(server.peerClosed)
        try server.writePlaintext(Array("after close".utf8))
        server.close()
        Self.pump(client, server)
        #expect(try Self.readAll(client) == Array("after close".utf8))
        #expect(client.peerClosed)
    }

    @Test func expiredPinnedCertificateStillHandshakes() throws {
        let tenYearsAgo = Date().addingTimeInterval(-10 * 365 * 86_400)
        let old = try TLSIdentity.generate(commonName: "old", dnsNames: [], validityDays: 1, now: tenYearsAgo)
        let trust = TLSTrustSnapshot(
            pins: [old.publicKeyPin: "node-old", Self.bob.publicKeyPin: "node-bob"],
            version: 1
        )
        let (clientContext, serverContext) = try Self.contexts(
            serverIdentity: old,
            serverTrust: trust,
            clientTrust: trust
        )
        let client = try TLSEngine(context: clientContext, serverName: nil)
        let server = try TLSEngine(context: serverContext, serverName: nil)
        let outcome = Self.pump(client, server)
        #expect(outcome.client == .established(peerNodeID: "node-old", alpn: "credex/1"))
        #expect(outcome.server == .established(peerNodeID: "node-bob", alpn: "credex/1"))
    }

    @Test func alpnWithoutOverlapIsRefused() throws {
        let server = try TLSContext(
            role: .server,
            identity: Self.alice,
            alpn: ["credex/1"],
            requirePeerCertificate: true,
            trust: Self.trustBoth
        )
        let client = try TLSContext(
            role: .client,
            identity: Self.bob,
            alpn: ["h2"],
            requirePeerCertificate: true,
            trust: Self.trustBoth
        )
        let outcome = Self.pump(
            try TLSEngine(context: client, serverName: nil),
            try TLSEngine(context: server, serverName: nil)
        )
        #expect(outcome.serverError?.reason.contains("ALPN") == true)
        #expect(outcome.clientError?.reason.contains("alert") == true)
    }
}
