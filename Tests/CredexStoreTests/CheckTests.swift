import CredexCore
import CredexStore
import CredexTesting
import Foundation
import GRDB
import Testing

/// `check()`: a clean store is clean; damage to stored rows is reported, by record.
@Suite struct CheckTests {
    static func filled(_ backend: Backend) async throws -> (TestStore, [CredexCore.Record]) {
        let test = try TestStore(backend)
        let (_, records) = try specChain(seed: 1, count: 3)
        try await test.store.append(records)
        return (test, records)
    }

    @Test(arguments: Backend.allCases)
    func cleanStoreIsClean(backend: Backend) async throws {
        let (test, _) = try await Self.filled(backend)
        defer { test.directory.remove() }
        let report = try await test.store.check()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.recordsChecked == 3)
        #expect(report.personalPartsChecked == 0)
    }

    @Test(arguments: Backend.allCases)
    func oneChangedByteIsReported(backend: Backend) async throws {
        let (test, records) = try await Self.filled(backend)
        defer { test.directory.remove() }
        var bytes = records[1].canonicalBytes
        let index = try #require(Self.offset(of: "Specification", in: bytes))
        bytes[index] = UInt8(ascii: "X")  // still canonical JSON, but no longer what was signed
        try await test.tamper("UPDATE record SET bytes = ? WHERE id = ?", [Data(bytes), records[1].id.rawValue])

        let problems = try await test.store.check().problems
        #expect(problems.contains { $0.contains(records[1].id.rawValue) && $0.contains("hash to") })
        #expect(problems.contains { $0.contains(records[1].id.rawValue) && $0.contains("does not verify") })
        #expect(problems.allSatisfy { $0.contains(records[1].id.rawValue) || $0.contains(records[2].id.rawValue) })
    }

    @Test(arguments: Backend.allCases)
    func changedPrevColumnIsReported(backend: Backend) async throws {
        let (test, records) = try await Self.filled(backend)
        defer { test.directory.remove() }
        try await test.tamper(
            "UPDATE record SET prev = ? WHERE id = ?",
            [records[2].id.rawValue, records[1].id.rawValue]
        )
        let problems = try await test.store.check().problems
        #expect(
            problems == ["did:web:node1.example #2 (\(records[1].id)): indexed columns disagree with the signed bytes"]
        )
    }

    @Test(arguments: Backend.allCases)
    func changedSeqColumnIsReported(backend: Backend) async throws {
        let (test, records) = try await Self.filled(backend)
        defer { test.directory.remove() }
        try await test.tamper("UPDATE record SET seq = 7 WHERE id = ?", [records[2].id.rawValue])
        let problems = try await test.store.check().problems
        #expect(problems.contains { $0.contains(records[2].id.rawValue) && $0.contains("gap in the log, expected #3") })
        #expect(problems.contains { $0.contains(records[2].id.rawValue) && $0.contains("indexed columns disagree") })
    }

    @Test(arguments: Backend.allCases)
    func deletedMiddleRecordIsAGap(backend: Backend) async throws {
        let (test, records) = try await Self.filled(backend)
        defer { test.directory.remove() }
        try await test.tamper("DELETE FROM record WHERE id = ?", [records[1].id.rawValue])
        let report = try await test.store.check()
        #expect(report.recordsChecked == 2)
        #expect(
            report.problems.contains {
                $0.contains(records[2].id.rawValue) && $0.contains("gap in the log, expected #2")
            }
        )
        #expect(report.problems.contains { $0.contains(records[2].id.rawValue) && $0.contains("prev does not link") })
    }

    /// Damage done by another process: a second connection to the file while the store is open.
    @Test func tamperingThroughASecondConnectionIsReported() async throws {
        let (test, records) = try await Self.filled(.onDisk)
        defer { test.directory.remove() }
        let other = try DatabaseQueue(path: test.databaseURL.path)
        var bytes = records[0].canonicalBytes
        let index = try #require(Self.offset(of: "Specification", in: bytes))
        bytes[index] = UInt8(ascii: "s")
        let damaged = Data(bytes)
        try await other.write { db in
            try db.execute(sql: "UPDATE record SET bytes = ? WHERE seq = 1", arguments: [damaged])
        }
        try other.close()
        let problems = try await test.store.check().problems
        #expect(problems.contains { $0.contains(records[0].id.rawValue) && $0.contains("does not verify") })
    }

    @Test(arguments: Backend.allCases)
    func undecodableStoredBytesAreReported(backend: Backend) async throws {
        let (test, records) = try await Self.filled(backend)
        defer { test.directory.remove() }
        try await test.tamper("UPDATE record SET bytes = ? WHERE id = ?", [Data("{}".utf8), records[0].id.rawValue])
        let problems = try await test.store.check().problems
        #expect(problems.contains { $0.contains(records[0].id.rawValue) && $0.contains("do not decode") })
        await expectStoreError(.corrupt) { try await test.store.record(id: records[0].id) }
    }

    static func offset(of text: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(text.utf8)
        return (0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
