import CredexCrypto
import Testing

@Suite struct TLSTrustUpdateTests {
    typealias T = TLSEngineTests

    /// Connects a new client engine for `alice.example.org` to a new server engine.
    static func connect(_ client: TLSContext, _ server: TLSContext) throws -> (TLSEngine, T.Outcome) {
        let engine = try TLSEngine(context: client, serverName: "alice.example.org")
        return (engine, T.pump(engine, try TLSEngine(context: server, serverName: nil)))
    }

    @Test func clientFollowsTheTrustList() throws {
        let (client, server) = try T.contexts()
        let before = try TLSEngine(context: client, serverName: "alice.example.org")
        let withoutAlice = TLSTrustSnapshot(pins: [T.bob.publicKeyPin: "node-bob"], version: 2)
        try client.update(trust: withoutAlice)
        #expect(client.trust.version == 2 && client.trust.pins == withoutAlice.pins)

        let (_, refused) = try Self.connect(client, server)
        let error = try #require(refused.clientError)
        #expect(error.code == .certificate)
        #expect(
            error.reason.contains("pin \(T.alice.publicKeyPin) of server alice.example.org is not in the trust list")
        )
        #expect(error.reason.contains("(version 2)"))

        // An engine made before the update keeps the snapshot it started with.
        let old = T.pump(before, try TLSEngine(context: server, serverName: nil))
        #expect(old.client == .established(peerNodeID: "node-alice", alpn: "credex/1"))

        try client.update(trust: TLSTrustSnapshot(pins: [T.alice.publicKeyPin: "node-alice-2"], version: 3))
        let (_, accepted) = try Self.connect(client, server)
        #expect(accepted.client == .established(peerNodeID: "node-alice-2", alpn: "credex/1"))
    }

    @Test func serverFollowsTheTrustList() throws {
        let (bobClient, server) = try T.contexts()
        let (malloryClient, _) = try T.contexts(clientIdentity: T.mallory)
        #expect(try Self.connect(malloryClient, server).1.serverError != nil)

        try server.update(
            trust: TLSTrustSnapshot(
                pins: [T.alice.publicKeyPin: "node-alice", T.mallory.publicKeyPin: "node-m"],
                version: 2
            )
        )
        let (_, mallory) = try Self.connect(malloryClient, server)
        #expect(mallory.server == .established(peerNodeID: "node-m", alpn: "credex/1"))
        let (_, bob) = try Self.connect(bobClient, server)
        let error = try #require(bob.serverError)
        #expect(error.reason.contains("pin \(T.bob.publicKeyPin) of the client is not in the trust list (version 2)"))
    }

    /// A ticket from before an update must not resume on either side, even when the pins are the same.
    @Test(arguments: [TLSContext.Role.client, .server])
    func ticketsFromBeforeAnUpdateDoNotResume(updated: TLSContext.Role) throws {
        let (client, server) = try T.contexts()
        #expect(try !Self.connect(client, server).0.sessionReused)
        #expect(try Self.connect(client, server).0.sessionReused)

        let same = TLSTrustSnapshot(pins: T.trustBoth.pins, version: 2)
        try (updated == .client ? client : server).update(trust: same)
        let (afterUpdate, outcome) = try Self.connect(client, server)
        #expect(outcome.client == .established(peerNodeID: "node-alice", alpn: "credex/1"))
        #expect(!afterUpdate.sessionReused)
        #expect(try Self.connect(client, server).0.sessionReused)
    }

    @Test func aCertificateAuthorityContextHasNoTrustList() throws {
        let client = try TLSContext(
            role: .client,
            identity: nil,
            alpn: [],
            requirePeerCertificate: true,
            verification: .certificateAuthorities(additionalPEM: nil)
        )
        #expect(client.trust.pins.isEmpty)
        let error = #expect(throws: CryptoError.self) { try client.update(trust: T.trustBoth) }
        #expect(error?.reason.contains("certificate authorities") == true)
    }
}
