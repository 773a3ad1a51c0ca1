import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import Testing

@testable import CredexStore

/// A record must be signed by a key its log declares at that position: a stranger's key can
/// neither extend another issuer's log nor freeze it with a fork.
@Suite struct SigningKeyTests {
    private func profileBody(_ keys: [KeyID]) throws -> JSONValue {
        try JSONValueEncoder().encode(
            IssuerProfile(
                name: try LanguageMap(["en": "Test node"]),
                country: try CountryCode(validating: "IE"),
                signingKeys: keys
            )
        )
    }

    @Test(arguments: Backend.allCases)
    func aStrangersKeyCannotExtendALog(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 1)
        let first = try issuer.next(kind: .spec, body: RecordFactory.specBody())
        try await test.store.append([first])
        let stranger = try TestIssuer(seed: 9, node: issuer.nodeID.rawValue)
        let forged = try stranger.draft(kind: .spec, body: RecordFactory.specBody(), seq: 2, prev: first.id)
            .signed(with: stranger.key)

        let error = await expectStoreError(.wrongKey) { try await test.store.append([forged]) }
        #expect(error?.reason.contains(stranger.keyID.rawValue) == true)
        #expect(try await test.store.record(id: forged.id) == nil)
        #expect(try await test.store.heads().map(\.seq) == [1])
    }

    @Test(arguments: Backend.allCases)
    func aStrangersKeyCannotFreezeALogWithAFork(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 1)
        let records = [
            try issuer.next(kind: .spec, body: RecordFactory.specBody()),
            try issuer.next(kind: .spec, body: RecordFactory.specBody(title: ["en": "Second"])),
        ]
        try await test.store.append(records)
        let stranger = try TestIssuer(seed: 9, node: issuer.nodeID.rawValue)
        let conflicting = try stranger.draft(kind: .spec, body: RecordFactory.specBody(), seq: 2, prev: records[0].id)
            .signed(with: stranger.key)

        await expectStoreError(.wrongKey) { try await test.store.append([conflicting]) }
        #expect(try await test.store.heads().first?.forked == false)
        #expect(
            try await test.store.append([try issuer.next(kind: .spec, body: RecordFactory.specBody())]).appended.count
                == 1
        )
    }

    @Test(arguments: Backend.allCases)
    func aProfileRotatesTheKey(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var old = try TestIssuer(seed: 1)
        let successor = try TestIssuer(seed: 5, node: old.nodeID.rawValue)
        let first = try old.next(kind: .issuer, body: try profileBody([old.keyID]))
        let rotation = try old.next(kind: .issuer, body: try profileBody([successor.keyID]))
        try await test.store.append([first, rotation])

        let byNewKey = try successor.draft(kind: .spec, body: RecordFactory.specBody(), seq: 3, prev: rotation.id)
            .signed(with: successor.key)
        #expect(try await test.store.append([byNewKey]).appended == [byNewKey.id])
        let byOldKey = try old.draft(kind: .spec, body: RecordFactory.specBody(), seq: 4, prev: byNewKey.id)
            .signed(with: old.key)
        await expectStoreError(.wrongKey) { try await test.store.append([byOldKey]) }
        #expect(try await test.store.check().isClean)
    }

    @Test(arguments: Backend.allCases)
    func aStrangersFirstRecordCannotFreezeALog(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 1)
        try await test.store.append([try issuer.next(kind: .spec, body: RecordFactory.specBody())])
        let stranger = try TestIssuer(seed: 9, node: issuer.nodeID.rawValue)
        let rival = try stranger.draft(kind: .spec, body: RecordFactory.specBody(), seq: 1, prev: nil).signed(
            with: stranger.key
        )

        await expectStoreError(.wrongKey) { try await test.store.append([rival]) }
        #expect(try await test.store.heads().first?.forked == false)
    }

    @Test(arguments: Backend.allCases)
    func trustListRecordsWaitForTheirAdminCheck(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let admin = Ed25519PrivateKey.generate()
        let record = try TrustListFactory.version(
            1,
            content: TrustListFactory.content(admins: [admin], threshold: 1),
            signers: [admin]
        )
        // Not through the issuers' logs: a trust-list version is saved apart, once CredexTrust checked it.
        await #expect(throws: (any Error).self) { try await test.store.append([record]) }
        #expect(try await test.store.heads().isEmpty)
        try await test.store.saveTrustListVersion(record)
        try await test.store.saveTrustListVersion(record)
        #expect(try await test.store.trustListVersions(federation: RecordFactory.federation) == [record])
    }

    @Test(arguments: Backend.allCases)
    func theNodesOwnRecordAtATakenSeqIsRefusedNotAFork(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 1)
        let first = try issuer.next(kind: .spec, body: RecordFactory.specBody())
        try await test.store.append([first])
        let again = try issuer.draft(
            kind: .spec,
            body: RecordFactory.specBody(title: ["en": "Other"]),
            seq: 1,
            prev: nil
        )
        .signed(with: issuer.key).verified()

        await expectStoreError(.brokenChain) {
            try await test.store.append(AppendBatch(records: [again], durable: true))
        }
        #expect(try await test.store.heads().first?.forked == false)
    }
}
