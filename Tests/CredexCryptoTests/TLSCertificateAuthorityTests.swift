import CredexCrypto
import Foundation
import Testing

@Suite struct TLSCertificateAuthorityTests {
    typealias T = TLSEngineTests

    /// Root -> intermediate -> leaves for `proxy.example.org` (one valid, one expired), and an
    /// unrelated root.
    struct Fixture {
        let root: TestPKI.Issued
        let intermediate: TestPKI.Issued
        let leaf: TestPKI.Issued
        let expiredLeaf: TestPKI.Issued
        let otherRoot: TestPKI.Issued
    }

    static let pki: Fixture = {
        var pki = try! TestPKI()
        defer { pki.remove() }
        let root = try! pki.root("Credex Test Root")
        let intermediate = try! pki.intermediate("Credex Test Intermediate", issuer: root)
        return Fixture(
            root: root,
            intermediate: intermediate,
            leaf: try! pki.leaf(host: "proxy.example.org", issuer: intermediate),
            expiredLeaf: try! pki.leaf(host: "proxy.example.org", issuer: intermediate, days: -1),
            otherRoot: try! pki.root("Other Root")
        )
    }()

    /// A server for browsers (no client certificates) presenting `leaf` plus `intermediates`.
    static func server(_ leaf: TestPKI.Issued, intermediates: [TestPKI.Issued]) throws -> TLSContext {
        let identity = try TLSIdentity(
            privateKeyPEM: leaf.privateKeyPEM,
            certificatePEM: ([leaf] + intermediates).map(\.certificatePEM).joined()
        )
        #expect(identity.intermediateCertificatePEMs.count == intermediates.count)
        return try TLSContext(
            role: .server,
            identity: identity,
            alpn: ["credex/1"],
            requirePeerCertificate: false,
            trust: TLSTrustSnapshot(pins: [:], version: 1)
        )
    }

    /// A client trusting the system CAs plus `extraCA`.
    static func client(trusting extraCA: TestPKI.Issued) throws -> TLSContext {
        try TLSContext(
            role: .client,
            identity: nil,
            alpn: ["credex/1"],
            requirePeerCertificate: true,
            verification: .certificateAuthorities(additionalPEM: extraCA.certificatePEM)
        )
    }

    /// Handshakes a client for `host` with `server`.
    static func connect(_ client: TLSContext, _ server: TLSContext, host: String) throws -> (TLSEngine, T.Outcome) {
        let engine = try TLSEngine(context: client, serverName: host)
        return (engine, T.pump(engine, try TLSEngine(context: server, serverName: nil)))
    }

    @Test func chainToATrustedRootHandshakesAndResumes() throws {
        let server = try Self.server(Self.pki.leaf, intermediates: [Self.pki.intermediate])
        let client = try Self.client(trusting: Self.pki.root)
        let (first, outcome) = try Self.connect(client, server, host: "proxy.example.org")
        #expect(outcome.clientError == nil && outcome.serverError == nil)
        #expect(outcome.client == .established(peerNodeID: nil, alpn: "credex/1"))
        #expect(outcome.server == .established(peerNodeID: nil, alpn: "credex/1"))
        #expect(!first.sessionReused)
        let (second, resumed) = try Self.connect(client, server, host: "proxy.example.org")
        #expect(resumed.client == .established(peerNodeID: nil, alpn: "credex/1"))
        #expect(second.sessionReused)
    }

    @Test func wrongHostNameIsRefused() throws {
        let server = try Self.server(Self.pki.leaf, intermediates: [Self.pki.intermediate])
        let (_, outcome) = try Self.connect(try Self.client(trusting: Self.pki.root), server, host: "api.example.org")
        let error = try #require(outcome.clientError)
        #expect(error.code == .certificate)
        #expect(error.reason.contains("server api.example.org"))
        #expect(error.reason.contains("is not issued for host name api.example.org"))
        #expect(outcome.serverError != nil)
    }

    @Test func unknownCertificateAuthorityIsRefused() throws {
        let server = try Self.server(Self.pki.leaf, intermediates: [Self.pki.intermediate])
        let client = try Self.client(trusting: Self.pki.otherRoot)
        let (_, outcome) = try Self.connect(client, server, host: "proxy.example.org")
        let error = try #require(outcome.clientError)
        #expect(error.code == .certificate)
        #expect(error.reason.contains("server proxy.example.org"))
        #expect(error.reason.contains("is not issued by a trusted certificate authority"))
    }

    @Test func missingIntermediateIsRefused() throws {
        let server = try Self.server(Self.pki.leaf, intermediates: [])
        let (_, outcome) = try Self.connect(try Self.client(trusting: Self.pki.root), server, host: "proxy.example.org")
        #expect(outcome.clientError?.reason.contains("not issued by a trusted certificate authority") == true)
    }

    @Test func expiredLeafIsRefused() throws {
        let server = try Self.server(Self.pki.expiredLeaf, intermediates: [Self.pki.intermediate])
        let (_, outcome) = try Self.connect(try Self.client(trusting: Self.pki.root), server, host: "proxy.example.org")
        let error = try #require(outcome.clientError)
        #expect(error.code == .certificate)
        #expect(
            error.reason.contains("the certificate of server proxy.example.org (/CN=proxy.example.org) has expired")
        )
    }

    @Test func pinnedClientAcceptsAChainByItsLeafPin() throws {
        let server = try Self.server(Self.pki.leaf, intermediates: [Self.pki.intermediate])
        let leaf = try TLSIdentity(
            privateKeyPEM: Self.pki.leaf.privateKeyPEM,
            certificatePEM: Self.pki.leaf.certificatePEM
        )
        let client = try TLSContext(
            role: .client,
            identity: nil,
            alpn: ["credex/1"],
            requirePeerCertificate: true,
            trust: TLSTrustSnapshot(pins: [leaf.publicKeyPin: "node-proxy"], version: 1)
        )
        let (_, outcome) = try Self.connect(client, server, host: "proxy.example.org")
        #expect(outcome.client == .established(peerNodeID: "node-proxy", alpn: "credex/1"))
    }

    @Test func misuseIsRefused() throws {
        let client = try Self.client(trusting: Self.pki.root)
        let noHost = #expect(throws: CryptoError.self) { try TLSEngine(context: client, serverName: nil) }
        #expect(noHost?.reason.contains("needs a host name") == true)

        let serverError = #expect(throws: CryptoError.self) {
            try TLSContext(
                role: .server,
                identity: T.alice,
                alpn: [],
                requirePeerCertificate: true,
                verification: .certificateAuthorities(additionalPEM: nil)
            )
        }
        #expect(serverError?.code == .certificate)

        for garbage in ["", "no certificate here", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"] {
            let error = #expect(throws: CryptoError.self) {
                try TLSContext(
                    role: .client,
                    identity: nil,
                    alpn: [],
                    requirePeerCertificate: true,
                    verification: .certificateAuthorities(additionalPEM: garbage)
                )
            }
            #expect(error?.reason.contains("the additional CA certificates") == true)
        }
    }
}
