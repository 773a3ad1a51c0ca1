import CredexCrypto
import CredexJSON
import CredexNet
import CredexTesting
import CredexTrust
import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import CredexNode

/// The peer port: mutual TLS through our handler, members pinned by the trust list in force.
@Suite struct PeerPortTests {
    static func whoAmI(_ connection: HTTPClientConnection) async throws -> JSONValue {
        let response = try await connection.send(OutgoingRequest(method: "GET", target: "/credex/v1/peer"))
        #expect(response.status == 200)
        return try StrictJSON.parse(Data(response.body), mode: .document)
    }

    @Test func aPinnedMemberIsServedAndKnownByItsNodeID() async throws {
        let trust = try Federation.trust(version: 1)
        try await RunningListeners.with(trust: trust) { listeners in
            let answer = try await PeerHTTPClient().withConnection(
                to: listeners.peer,
                tls: try Federation.client(Federation.partner, trust: trust),
                expectedPeer: Federation.home.id
            ) { connection in
                #expect(connection.peerNodeID == Federation.home.id)
                let first = try await Self.whoAmI(connection)
                let second = try await Self.whoAmI(connection)  // keep-alive: same connection
                #expect(first == second)
                return first
            }
            #expect(answer["peer"]?.stringValue == Federation.partner.id)
            #expect(answer["node"]?.stringValue == Federation.home.id)
            #expect(answer["trustVersion"]?.doubleValue == 1)
        }
    }

    @Test func aKeyOutsideTheTrustListIsRefusedAtTheHandshake() async throws {
        let trust = try Federation.trust(version: 1)
        try await RunningListeners.with(trust: trust) { listeners in
            // In TLS 1.3 the server judges the client's certificate after the client has finished
            // its handshake: the refusal is the alert that answers the first request.
            let error = await #expect(throws: HTTPClientError.self) {
                try await PeerHTTPClient().withConnection(
                    to: listeners.peer,
                    tls: try Federation.client(Federation.stranger, trust: trust)
                ) { _ = try await Self.whoAmI($0) }
            }
            #expect(error?.code == .connectionClosed, "\(String(describing: error))")
            #expect(error?.reason.contains("alert") == true, "\(String(describing: error))")
        }
    }

    @Test func aServerHoldingAnotherMembersKeyIsNotTakenForTheMemberCalled() async throws {
        let trust = try Federation.trust(version: 1)
        try await RunningListeners.with(trust: trust) { listeners in
            let error = await #expect(throws: HTTPClientError.self) {
                try await PeerHTTPClient().withConnection(
                    to: listeners.peer,
                    tls: try Federation.client(Federation.partner, trust: trust),
                    expectedPeer: Federation.proxied.id
                ) { _ in }
            }
            #expect(error?.code == .wrongPeer)
            #expect(error?.reason.contains(Federation.home.id) == true)
        }
    }

    @Test func withdrawingAMemberClosesItsConnectionAndRefusesItsNextHandshake() async throws {
        let trust = try Federation.trust(version: 1)
        let withdrawn = try Federation.trust(version: 2, partner: Federation.partner.member(.withdrawn))
        try await RunningListeners.with(trust: trust) { listeners in
            let client = try Federation.client(Federation.partner, trust: trust)
            try await PeerHTTPClient().withConnection(to: listeners.peer, tls: client) { connection in
                _ = try await Self.whoAmI(connection)
                let changed = try listeners.trust.update(to: withdrawn)
                #expect(changed == [Federation.partner.id])
                await #expect(throws: HTTPClientError.self) { _ = try await Self.whoAmI(connection) }
            }
            // The client still holds a ticket from the first connection: it must not resume.
            let error = await #expect(throws: HTTPClientError.self) {
                try await PeerHTTPClient().withConnection(to: listeners.peer, tls: client) {
                    _ = try await Self.whoAmI($0)
                }
            }
            #expect(error?.reason.contains("alert") == true, "\(String(describing: error))")
        }
    }

    @Test func aChangeToAnotherMemberLeavesThisConnectionOpen() async throws {
        let trust = try Federation.trust(version: 1)
        var list = TestList(federation: Federation.name, version: 2, members: [])
        list.members = [
            Federation.home.member(endpoint: Federation.homeProxyEndpoint), Federation.partner.member(),
            Federation.proxied.member(.suspended, transport: .httpsig, endpoint: "https://proxy.proxied.example"),
        ]
        let newer = try FederationTrust(signed: list)
        try await RunningListeners.with(trust: trust) { listeners in
            try await PeerHTTPClient().withConnection(
                to: listeners.peer,
                tls: try Federation.client(Federation.partner, trust: trust)
            ) { connection in
                _ = try await Self.whoAmI(connection)
                #expect(try listeners.trust.update(to: newer) == [Federation.proxied.id])
                let answer = try await Self.whoAmI(connection)
                #expect(answer["trustVersion"]?.doubleValue == 2)
            }
        }
    }

    @Test func anOlderOrEqualTrustListVersionIsRefused() async throws {
        let trust = try Federation.trust(version: 3)
        try await RunningListeners.with(trust: trust) { listeners in
            for version in [2, 3] {
                let error = #expect(throws: NodeError.self) {
                    try listeners.trust.update(to: try Federation.trust(version: Int64(version)))
                }
                #expect(error?.reason.contains("not newer than version 3") == true)
            }
            #expect(listeners.trust.current.version == 3)
        }
    }

    /// Sets `child` up on `channel`, runs `check`, then closes the channel and lets `child` finish
    /// its (now empty) connection.
    static func setUp<Child: ServerChildChannel>(
        _ child: Child,
        on channel: EmbeddedChannel,
        check: () async throws -> Void
    ) async throws {
        let value = try await child.setup(channel: channel, logger: Logger(label: "test")).get()
        var failure: (any Error)?
        do { try await check() } catch { failure = error }
        _ = try? channel.finish()
        await child.handle(value: value, logger: Logger(label: "test"))
        if let failure { throw failure }
    }

    @Test func theTLSListenersPutOurHandlerFirst() async throws {
        let trust = try Federation.trust(version: 1)
        try await RunningListeners.with(trust: trust) { listeners in
            for listener in [NodeNetwork.Listener.peer, .api] {
                let channel = EmbeddedChannel()
                let child = listeners.network.childChannel(for: listener) { _, _, _ in }
                try await Self.setUp(child, on: channel) {
                    let pipeline = channel.pipeline.debugDescription
                    let ours = try #require(pipeline.range(of: "OpenSSLTLSHandler"))
                    let http = try #require(pipeline.range(of: "HTTP"))
                    #expect(ours.lowerBound < http.lowerBound, "\(pipeline)")
                    // Plain HTTP reaches the TLS handler, which refuses it and closes: no HTTP answer.
                    try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
                    _ = try? channel.writeInbound(ByteBuffer(string: "GET /health HTTP/1.1\r\nhost: x\r\n\r\n"))
                    var sent: [UInt8] = []
                    while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
                        sent += buffer.readableBytesView
                    }
                    #expect(!String(decoding: sent, as: UTF8.self).contains("HTTP/"), "\(listener)")
                    #expect(!channel.isActive, "\(listener): a plain HTTP request must end the connection")
                }
            }
        }
    }
}
