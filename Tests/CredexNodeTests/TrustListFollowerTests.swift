import CredexCore
import CredexCrypto
import CredexReplication
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Logging
import Testing

@testable import CredexNode

/// `TrustListFollower`: a newer version announced in a peer's heads is fetched from that peer and
/// goes through the `trust-list` operation's checks before it is saved and put in force; a forged
/// history changes nothing.
@Suite struct TrustListFollowerTests {
    /// A peer serving a fixed trust-list history, counting fetches.
    final class FakeSource: TrustListSource, @unchecked Sendable {
        // Guarded by `lock`.
        let peer: NodeID
        private let history: [UInt8]
        private var count = 0
        private let lock = NSLock()

        init(_ peer: String, serving records: [Record]) throws {
            self.peer = try NodeID(validating: peer)
            history = records.flatMap { $0.canonicalBytes + [UInt8(ascii: "\n")] }
        }

        var fetches: Int { lock.withLock { count } }

        func trustListHistory() async throws -> [UInt8] {
            lock.withLock { count += 1 }
            return history
        }
    }

    /// A log handler that keeps every message.
    struct KeptLog: LogHandler {
        final class Lines: @unchecked Sendable {
            // Guarded by `lock`.
            private var lines: [String] = []
            private let lock = NSLock()
            func append(_ line: String) { lock.withLock { lines.append(line) } }
            var all: [String] { lock.withLock { lines } }
        }

        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { lines.append(event.message.description) }
    }

    /// A node directory, its trust-list log holding `v1` (one admin, threshold 1), and a follower.
    struct Node {
        let folder: TemporaryDirectory
        let issuing: IssuingService
        let trust: NodeTrust
        let follower: TrustListFollower
        let log: KeptLog.Lines
        let v1: Record

        init() async throws {
            folder = try TemporaryDirectory(prefix: "credex-follower-test")
            let setup = NodeDirectory.Setup(
                nodeID: try NodeID(validating: "did:web:home.example"),
                federation: Federation.name,
                name: try LanguageMap(["en": "Test University"]),
                country: try CountryCode(validating: "IE"),
                dnsNames: ["localhost"]
            )
            let (directory, _) = try await NodeDirectory.initialize(
                at: folder.url.appendingPathComponent("node"),
                setup: setup
            )
            let access = try NodeAccess(directory: directory)
            issuing = try access.openIssuing(lock: try access.exclusiveLock())
            v1 = try TrustListFactory.version(
                1,
                of: Federation.name,
                content: TrustListFactory.content(admins: [Federation.admin], threshold: 1),
                signers: [Federation.admin]
            )
            try await TrustListArchive(store: issuing.store, federation: Federation.name, pin: nil).add([v1])
            let lines = KeptLog.Lines()
            log = lines
            let logger = Logger(label: "follower-test") { _ in KeptLog(lines: lines) }
            trust = try NodeTrust(
                try FederationTrust(try TrustListVersion(v1)),
                identity: Federation.home.tls,
                logger: logger
            )
            follower = TrustListFollower(issuing: issuing, trust: trust, logger: logger)
        }

        /// Version `seq` after `previous`, listing `name`, governed by `admins` and signed by `signers`.
        func version(
            _ seq: Int64,
            after previous: Record,
            admins: [Ed25519PrivateKey] = [Federation.admin],
            signers: [Ed25519PrivateKey] = [Federation.admin],
            name: String = "Test federation"
        ) throws -> Record {
            try TrustListFactory.version(
                seq,
                of: Federation.name,
                after: previous,
                content: TrustListFactory.content(name: name, admins: admins, threshold: 1),
                signers: signers
            )
        }

        var saved: [Int64] {
            get async throws { try await issuing.store.trustListVersions(federation: Federation.name).map(\.seq) }
        }
    }

    static func announcing(_ record: Record) -> PeerHeads.TrustList {
        PeerHeads.TrustList(version: record.seq, contentID: record.draft.contentID)
    }

    @Test func aNewerVersionAnnouncedIsFetchedCheckedSavedAndPutInForce() async throws {
        let node = try await Node()
        let v2 = try node.version(2, after: node.v1, name: "Renamed federation")
        let peer = try FakeSource("did:web:partner.example", serving: [node.v1, v2])
        #expect(await node.follower.follow(Self.announcing(v2), from: peer))
        #expect(node.trust.current.version == 2)
        #expect(node.trust.current.contentID == v2.draft.contentID)
        #expect(try await node.saved == [1, 2])
        #expect(node.log.all.contains("trust list taken from peer"), "\(node.log.all)")
        // Announced again, by this peer or another, it is in force: nothing is fetched.
        let other = try FakeSource("did:web:proxied.example", serving: [node.v1, v2])
        #expect(await !node.follower.follow(Self.announcing(v2), from: peer))
        #expect(await !node.follower.follow(Self.announcing(v2), from: other))
        #expect(peer.fetches == 1 && other.fetches == 0)
    }

    @Test func aVersionNotNewerOrNoAnnouncementIsNotFetched() async throws {
        let node = try await Node()
        let peer = try FakeSource("did:web:partner.example", serving: [node.v1])
        #expect(await !node.follower.follow(nil, from: peer))
        #expect(await !node.follower.follow(Self.announcing(node.v1), from: peer))
        #expect(peer.fetches == 0)
    }

    @Test func aForgedVersionIsRefusedChangesNothingAndIsNotFetchedAgain() async throws {
        let node = try await Node()
        // A new admin set, signed only by the forger's key: not by the threshold of v1's admins.
        let forger = Ed25519PrivateKey.generate()
        let forged = try node.version(2, after: node.v1, admins: [forger], signers: [forger])
        let peer = try FakeSource("did:web:forger.example", serving: [node.v1, forged])
        #expect(await !node.follower.follow(Self.announcing(forged), from: peer))
        #expect(node.trust.current.version == 1)
        #expect(try await node.saved == [1], "nothing of the forged history is saved")
        let refusal = node.log.all.filter { $0.hasPrefix("refused the trust-list history of did:web:forger.example") }
        #expect(refusal.count == 1, "\(node.log.all)")
        #expect(!node.log.all.contains("trust list updated"))
        // The same announcement from the same peer is not fetched again.
        #expect(await !node.follower.follow(Self.announcing(forged), from: peer))
        #expect(peer.fetches == 1)
        // The genuine version, from an honest peer, is still taken.
        let genuine = try node.version(2, after: node.v1)
        let honest = try FakeSource("did:web:partner.example", serving: [node.v1, genuine])
        #expect(await node.follower.follow(Self.announcing(genuine), from: honest))
        #expect(node.trust.current.contentID == genuine.draft.contentID)
    }

    @Test func aVersionSignedByTooFewAdminsIsRefused() async throws {
        let node = try await Node()
        // v2 moves to two admins with threshold 2; v3 carries only one of their signatures.
        let second = Ed25519PrivateKey.generate()
        let v2 = try TrustListFactory.version(
            2,
            of: Federation.name,
            after: node.v1,
            content: TrustListFactory.content(admins: [Federation.admin, second], threshold: 2),
            signers: [Federation.admin, second]
        )
        let v3 = try TrustListFactory.version(
            3,
            of: Federation.name,
            after: v2,
            content: TrustListFactory.content(name: "Three", admins: [Federation.admin, second], threshold: 2),
            signers: [second]
        )
        let peer = try FakeSource("did:web:partner.example", serving: [node.v1, v2, v3])
        #expect(await !node.follower.follow(Self.announcing(v3), from: peer))
        #expect(node.trust.current.version == 1, "the whole history is checked before anything changes")
        #expect(try await node.saved == [1])
    }

    @Test func aHistoryThatFallsShortOfTheAnnouncedVersionIsRefused() async throws {
        let node = try await Node()
        let v2 = try node.version(2, after: node.v1)
        let v3 = try node.version(3, after: v2)
        let peer = try FakeSource("did:web:partner.example", serving: [node.v1, v2])
        #expect(await !node.follower.follow(Self.announcing(v3), from: peer))
        #expect(node.log.all.contains { $0.contains("not the announced 3") }, "\(node.log.all)")
    }

    @Test func garbageIsRefused() async throws {
        let node = try await Node()
        let v2 = try node.version(2, after: node.v1)
        final class Garbage: TrustListSource {
            let peer = try! NodeID(validating: "did:web:partner.example")
            func trustListHistory() async throws -> [UInt8] { Array("{\"not\": \"a record\"}\n".utf8) }
        }
        #expect(await !node.follower.follow(Self.announcing(v2), from: Garbage()))
        #expect(node.trust.current.version == 1)
        #expect(node.log.all.contains { $0.hasPrefix("refused the trust-list history of did:web:partner.example") })
    }
}
