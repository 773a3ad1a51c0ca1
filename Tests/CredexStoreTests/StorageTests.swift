import CredexCore
import CredexStore
import CredexTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Storage limits, read-only opening, full-text search and backups.
@Suite struct StorageTests {
    @Test(arguments: Backend.allCases)
    func fullDiskFailsCleanlyAndKeepsWhatWasAppended(backend: Backend) async throws {
        var options = SQLiteRecordStore.Options()
        options.maximumPageCount = 60
        let test = try TestStore(backend, options: options)
        defer { test.directory.remove() }
        let issuer = try TestIssuer(seed: 1)
        var appended: [Record] = []
        var failure: StoreError?
        for index in 1...2_000 {
            let body = RecordFactory.specBody(
                title: ["en": "Filling specification \(index) " + String(repeating: "padding ", count: 40)])
            let record = try issuer.draft(kind: .spec, body: body, seq: Int64(index), prev: appended.last?.id)
                .signed(with: issuer.key)
            do {
                try await test.store.append([record])
                appended.append(record)
            } catch let error as StoreError {
                failure = error
                #expect(try await test.store.record(id: record.id) == nil)
                break
            }
        }
        let error = try #require(failure, "the store never filled up")
        #expect(error.code == .diskFull, "\(error)")
        #expect(appended.count > 3)

        let report = try await test.store.check()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.recordsChecked == appended.count)
        #expect(
            try await test.store.heads()
                == [head(issuer, Int64(appended.count), appended[appended.count - 1].id)]
        )
    }

    /// As root a 0555 directory stays writable, so the test then opens the store read-only
    /// instead; either way no append gets through.
    @Test func readOnlyStoreRefusesAppends() async throws {
        let directory = try TemporaryDirectory(prefix: "credex-readonly")
        defer {
            chmod(directory.url.path, 0o755)
            directory.remove()
        }
        let url = directory.url.appendingPathComponent(TestStore.fileName)
        let (_, records) = try specChain(seed: 1, count: 2)
        do {
            let store = try SQLiteRecordStore(at: url)
            try await store.append([records[0]])
        }  // the store is closed here

        var options = SQLiteRecordStore.Options()
        if getuid() == 0 {
            options.readOnly = true
        } else {
            #expect(chmod(directory.url.path, 0o555) == 0)
        }
        let store: SQLiteRecordStore
        do {
            store = try SQLiteRecordStore(at: url, options: options)
        } catch let error as StoreError {
            // Without write access to the directory SQLite cannot make the WAL: refused at opening.
            #expect(getuid() != 0)
            #expect(error.code == .readOnly, "\(error)")
            return
        }
        await expectStoreError(.readOnly) { try await store.append([records[1]]) }
        #expect(try await store.heads().map(\.seq) == [1])
    }

    @Test(arguments: Backend.allCases)
    func searchFindsSpecsByTitleAndOutcomeWords(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 1)
        let sustainability = try issuer.next(
            kind: .spec,
            body: RecordFactory.specBody(
                title: ["fr": "Principes de durabilité", "nl": "Duurzaamheidsprincipes"],
                outcome: ["en": "Estimate the carbon footprint of timber frames."]
            )
        )
        let brewing = try issuer.next(
            kind: .spec,
            body: RecordFactory.specBody(
                title: ["en": "Brewing Science"],
                outcome: ["en": "Control a fermentation."]
            )
        )
        try await test.store.append([sustainability, brewing])

        for query in ["durabilité", "durabilite", "DURABILITE", "footprint", "carbon timber", "Duurzaamheidsprincipes"]
        {
            #expect(
                try await test.store.searchSpecs(query, limit: 10).map(\.record.id) == [sustainability.id],
                "\(query)"
            )
        }
        #expect(try await test.store.searchSpecs("fermentation", limit: 10).map(\.record.id) == [brewing.id])
        #expect(try await test.store.searchSpecs("durabilite fermentation", limit: 10).isEmpty)
        #expect(try await test.store.searchSpecs("nanotechnology", limit: 10).isEmpty)
        #expect(try await test.store.searchSpecs("   ", limit: 10).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func searchTreatsFTS5SyntaxAsText(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (_, records) = try specChain(seed: 1, count: 1)
        try await test.store.append(records)
        for query in [
            "\"AND OR *", "AND", "OR", "*", "NEAR(", "\"", "'", "-", "^", "spec*", "title:x", "a\"b", "(", ")",
        ] {
            #expect(try await test.store.searchSpecs(query, limit: 10).isEmpty, "\(query)")
        }
    }

    @Test(arguments: Backend.allCases)
    func backupOpensWithTheSameHeads(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let (_, a) = try specChain(seed: 1, count: 3)
        let (_, b) = try specChain(seed: 2, count: 1)
        try await test.store.append(a + b)
        let destination = test.directory.url.appendingPathComponent("backup.sqlite")

        try await test.store.backup(to: destination)
        let copy = try SQLiteRecordStore(at: destination)
        #expect(try await copy.heads() == test.store.heads())
        #expect(try await copy.heads().count == 2)
        #expect(try await copy.check().isClean)
        #expect(try await copy.log(issuer: nil, afterSeq: 0, limit: 10).map(\.record) == a + b)

        await expectStoreError(.storage) { try await test.store.backup(to: destination) }
        #expect(try await copy.heads().count == 2)
    }
}
