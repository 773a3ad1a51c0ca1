import CredexCore
import CredexCrypto
import CredexJSON
import CredexNet
import CredexReplication
import CredexStore
import CredexTesting
import CredexTrust
import Testing

@testable import CredexNode

/// The trust list on the peer routes: heads announce the version in force (inside their digest, so
/// a long poll wakes up for a new one) and `GET /credex/v1/trust-list` serves the history.
@Suite struct PeerTrustListRoutesTests {
    typealias Routes = PeerProtocolRoutesTests

    @Test func headsAnnounceTheVersionInForceAndALongPollWakesWhenItChanges() async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let before = try await Routes.heads(listeners)
            #expect(before.trustList?.version == 1)
            #expect(before.trustList?.contentID == listeners.trust.current.contentID)
            async let polled = Routes.heads(listeners, "?known=\(before.digest)&wait=30")
            try await Task.sleep(for: .milliseconds(300))
            try listeners.trust.update(to: try Federation.trust(version: 2))
            let answer = try await polled
            #expect(answer.heads == before.heads, "no log grew")
            #expect(answer.digest != before.digest)
            #expect(answer.trustList?.version == 2)
            #expect(answer.trustList?.contentID == listeners.trust.current.contentID)
        }
    }

    @Test func anAnswerWithoutATrustListStillDecodes() throws {
        let old = #"{"digest":"\#(String(repeating: "0", count: 64))","heads":[],"node":"did:web:old.example"}"#
        let heads = try JSONValueDecoder().decode(
            PeerHeads.self,
            from: try StrictJSON.parse(Array(old.utf8), mode: .record)
        )
        #expect(heads.trustList == nil)
        #expect(PeerLogRoutes.digest(of: []) == SHA256.hex(Array("[]".utf8)), "without a trust list, as before")
    }

    @Test func thePeerPortServesTheTrustListHistoryAsJSONLines() async throws {
        let content = TrustListFactory.content(admins: [Federation.admin], threshold: 1)
        let first = try TrustListFactory.version(1, of: Federation.name, content: content, signers: [Federation.admin])
        let second = try TrustListFactory.version(
            2,
            of: Federation.name,
            after: first,
            content: content,
            signers: [Federation.admin]
        )
        let store = try SQLiteRecordStore(inMemory: .init())
        try await TrustListArchive(store: store, federation: Federation.name, pin: nil).add([first, second])
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let response = try await Routes.get("/credex/v1/trust-list", from: listeners)
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/jsonl")
            #expect(response.header(PeerProtocol.versionHeader) == PeerProtocol.version)
            #expect(response.body == first.canonicalBytes + [0x0A] + second.canonicalBytes + [0x0A])
        }
    }
}
