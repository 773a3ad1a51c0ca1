import CredexCrypto
import Testing

@Suite struct TLSSessionResumptionTests {
    typealias T = TLSEngineTests

    @Test func sessionsResumeUntilTicketKeysRotate() throws {
        let (clientContext, serverContext) = try T.contexts()
        func connect() throws -> (TLSEngine, TLSEngine) {
            let client = try TLSEngine(context: clientContext, serverName: "alice.example.org")
            let server = try TLSEngine(context: serverContext, serverName: nil)
            let outcome = T.pump(client, server)
            #expect(outcome.client == .established(peerNodeID: "node-alice", alpn: "credex/1"))
            #expect(outcome.server == .established(peerNodeID: "node-bob", alpn: "credex/1"))
            return (client, server)
        }
        let (first, _) = try connect()
        #expect(!first.sessionReused)
        let (second, secondServer) = try connect()
        #expect(second.sessionReused)
        #expect(secondServer.sessionReused)

        try serverContext.rotateTicketKeys()
        let (third, thirdServer) = try connect()
        #expect(!third.sessionReused)
        #expect(!thirdServer.sessionReused)
    }

    /// OpenSSL marks a connection's session not resumable when its `SSL` is freed without
    /// `close_notify`; the client's cached ticket must survive that.
    @Test(arguments: [false, true])
    func ticketResumesAfterItsConnectionIsFreed(closedCleanly: Bool) throws {
        let (clientContext, serverContext) = try T.contexts()
        func connectAndFree() throws -> Bool {
            let client = try TLSEngine(context: clientContext, serverName: "alice.example.org")
            let server = try TLSEngine(context: serverContext, serverName: nil)
            let outcome = T.pump(client, server)
            #expect(outcome.client == .established(peerNodeID: "node-alice", alpn: "credex/1"))
            if closedCleanly {
                client.close()
                server.close()
                T.pump(client, server)
                #expect(client.peerClosed && server.peerClosed)
            }
            return client.sessionReused
        }
        #expect(try !connectAndFree())
        #expect(try connectAndFree())
        #expect(try connectAndFree())
    }
}
