import CredexTesting
import Foundation
import Testing

@testable import CredexStore

@Suite("Signing: SQLite nonce store")
struct SigningNonceStoreTests {
    static let reference = Date(timeIntervalSince1970: 1_700_000_000)
    static let keyID = "ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"

    @Test(arguments: Backend.allCases)
    func remembersEachNonceOncePerKey(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let nonces = SQLiteNonceStore(store: test.store)
        let expires = Self.reference.addingTimeInterval(300)
        #expect(try await nonces.remember(nonce: "AAECAwQFBgcICQoLDA0ODw", keyID: Self.keyID, expires: expires))
        #expect(try await !nonces.remember(nonce: "AAECAwQFBgcICQoLDA0ODw", keyID: Self.keyID, expires: expires))
        #expect(try await nonces.remember(nonce: "AAECAwQFBgcICQoLDA0ODw", keyID: "ed25519:other", expires: expires))
        try test.store.close()
    }

    @Test func replayIsRefusedAfterReopeningTheDatabase() async throws {
        let directory = try TemporaryDirectory(prefix: "credex-nonce-test")
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("credex.sqlite")
        let expires = Self.reference.addingTimeInterval(300)

        let first = try SQLiteRecordStore(at: url)
        #expect(try await SQLiteNonceStore(store: first).remember(nonce: "n1", keyID: Self.keyID, expires: expires))
        try first.close()

        let reopened = try SQLiteRecordStore(at: url)
        let nonces = SQLiteNonceStore(store: reopened)
        #expect(try await !nonces.remember(nonce: "n1", keyID: Self.keyID, expires: expires))
        #expect(try await nonces.remember(nonce: "n2", keyID: Self.keyID, expires: expires))
        try reopened.close()
    }

    @Test(arguments: Backend.allCases)
    func purgeForgetsOnlyExpiredNonces(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let nonces = SQLiteNonceStore(store: test.store)
        #expect(try await nonces.remember(nonce: "old", keyID: Self.keyID, expires: Self.reference))
        #expect(
            try await nonces.remember(nonce: "live", keyID: Self.keyID, expires: Self.reference.addingTimeInterval(300))
        )
        #expect(try await nonces.purge(expiredBefore: Self.reference.addingTimeInterval(1)) == 1)
        #expect(try await !nonces.remember(nonce: "live", keyID: Self.keyID, expires: Self.reference))
        #expect(try await nonces.remember(nonce: "old", keyID: Self.keyID, expires: Self.reference))
        try test.store.close()
    }

    @Test func schemaRefusesEmptyKeyIDsAndNonces() async throws {
        let test = try TestStore(.inMemory)
        defer { test.directory.remove() }
        await #expect(throws: StoreError.self) {
            try await SQLiteNonceStore(store: test.store).remember(
                nonce: "",
                keyID: Self.keyID,
                expires: Self.reference
            )
        }
    }
}
