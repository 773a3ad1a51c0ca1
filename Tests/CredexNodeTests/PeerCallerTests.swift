import CredexCrypto
import CredexJSON
import CredexNet
import CredexTesting
import CredexTrust
import Foundation
import Logging
import Testing

@testable import CredexNode

/// A node calling members the way the trust list says: mutual TLS to a peer port, or signed
/// requests through a TLS-terminating proxy verified by CA.
@Suite struct PeerCallerTests {
    static func caller(
        as party: Federation.Party,
        homeEntry: TrustListContent.Member,
        extraCA: String? = nil
    ) throws -> PeerCaller {
        let list = TestList(
            federation: Federation.name,
            version: 1,
            members: [
                homeEntry, party.member(transport: party.id == Federation.proxied.id ? .httpsig : .mtls),
            ]
        )
        let trust = try NodeTrust(try FederationTrust(signed: list), identity: party.tls, logger: Logger(label: "test"))
        return try PeerCaller(trust: trust, signingKey: party.key, additionalCertificateAuthorities: extraCA)
    }

    @Test func aMutualTLSMemberIsCalledOnItsPeerPort() async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let home = Federation.home.member(endpoint: "https://localhost:\(listeners.ports[.peer]!)")
            let caller = try Self.caller(as: Federation.partner, homeEntry: home)
            let response = try await caller.call(
                Federation.home.id,
                OutgoingRequest(method: "GET", target: "/credex/v1/peer")
            )
            #expect(response.status == 200)
            let answer = try StrictJSON.parse(Data(response.body), mode: .document)
            #expect(answer["peer"]?.stringValue == Federation.partner.id)
        }
    }

    @Test func aMemberBehindAProxyIsCalledWithSignedRequestsAndSignedAnswers() async throws {
        let folder = try TemporaryDirectory()
        let authority = try await TestCertificateAuthority(in: folder.url)
        let proxy = try await TLSTerminatingProxy(
            context: try TLSContext(
                role: .server,
                identity: authority.leaf,
                alpn: ["http/1.1"],
                requirePeerCertificate: false,
                trust: TLSTrustSnapshot(pins: [:], version: 0)
            )
        )
        let home = Federation.home.member(transport: .httpsig, endpoint: "https://localhost:\(proxy.port)")
        let list = TestList(
            federation: Federation.name,
            version: 1,
            members: [home, Federation.proxied.member(transport: .httpsig, endpoint: "https://proxy.proxied.example")]
        )
        try await RunningListeners.with(trust: try FederationTrust(signed: list)) { listeners in
            proxy.forward(to: listeners.ports[.proxy]!)
            let caller = try Self.caller(as: Federation.proxied, homeEntry: home, extraCA: authority.rootPEM)
            let response = try await caller.call(
                Federation.home.id,
                OutgoingRequest(method: "GET", target: "/credex/v1/peer")
            )
            #expect(response.status == 200)
            let answer = try StrictJSON.parse(Data(response.body), mode: .document)
            #expect(answer["peer"]?.stringValue == Federation.proxied.id)

            // Without the proxy's CA the client refuses the proxy's certificate.
            let untrusting = try Self.caller(as: Federation.proxied, homeEntry: home)
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await untrusting.call(
                    Federation.home.id,
                    OutgoingRequest(method: "GET", target: "/credex/v1/peer")
                )
            }
            #expect(error?.code == .handshakeFailed, "\(String(describing: error))")
        }
        await proxy.stop()
    }

    @Test func withdrawingAMemberClosesTheConnectionsMadeToIt() async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let home = Federation.home.member(endpoint: "https://localhost:\(listeners.ports[.peer]!)")
            let caller = try Self.caller(as: Federation.partner, homeEntry: home)
            var withdrawn = TestList(federation: Federation.name, version: 2, members: [])
            withdrawn.members = [Federation.home.member(.withdrawn), Federation.partner.member()]
            try await caller.client.withConnection(
                to: listeners.peer,
                tls: caller.trust.peerClientTLS,
                expectedPeer: Federation.home.id,
                connections: caller.trust.connections
            ) { connection in
                let request = OutgoingRequest(method: "GET", target: "/credex/v1/peer")
                #expect(try await connection.send(request).status == 200)
                let changed = try caller.trust.update(to: try FederationTrust(signed: withdrawn))
                #expect(changed.contains(Federation.home.id))
                await #expect(throws: HTTPClientError.self) { _ = try await connection.send(request) }
            }
            #expect(caller.trust.connections.count == 0)
        }
    }

    @Test func anInactiveMemberIsNotCalled() async throws {
        let home = Federation.home.member(.suspended, endpoint: "https://localhost:1")
        let caller = try Self.caller(as: Federation.partner, homeEntry: home)
        let error = await #expect(throws: NodeError.self) {
            _ = try await caller.call(Federation.home.id, OutgoingRequest(method: "GET", target: "/credex/v1/peer"))
        }
        #expect(error?.code == .refused)
    }
}
