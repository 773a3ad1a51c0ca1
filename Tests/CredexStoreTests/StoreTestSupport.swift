import CredexCore
import CredexTesting
import Foundation
import GRDB
import Testing

@testable import CredexStore

/// Where a test store lives: every store test runs once on each.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory, onDisk
    var testDescription: String { rawValue }
}

/// A store for one test, in memory or in a fresh temporary directory.
struct TestStore: Sendable {
    let store: SQLiteRecordStore
    /// Holds the database file when on disk; always made, so tests can write backups into it.
    let directory: TemporaryDirectory
    let backend: Backend

    static let fileName = "credex.sqlite"
    var databaseURL: URL { directory.url.appendingPathComponent(Self.fileName) }

    init(_ backend: Backend, options: SQLiteRecordStore.Options = .init()) throws {
        self.backend = backend
        directory = try TemporaryDirectory(prefix: "credex-store-test")
        switch backend {
        case .inMemory: store = try SQLiteRecordStore(inMemory: options)
        case .onDisk:
            store = try SQLiteRecordStore(at: directory.url.appendingPathComponent(Self.fileName), options: options)
        }
    }

    /// Runs raw SQL on the store's own connection, behind its back, as damage on disk would.
    func tamper(_ sql: String, _ arguments: StatementArguments = []) async throws {
        try await store.writer.write { db in try db.execute(sql: sql, arguments: arguments) }
    }
}

extension SQLiteRecordStore {
    /// Appends records without personal parts.
    @discardableResult
    func append(_ records: [CredexCore.Record]) async throws -> AppendOutcome {
        try await append(AppendBatch(records: try records.map { try $0.verified() }))
    }
}

/// The `StoreError` `body` throws, checked against `code`; records an issue otherwise.
@discardableResult
func expectStoreError<T>(
    _ code: StoreError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async -> StoreError? {
    let error = await #expect(throws: StoreError.self, sourceLocation: sourceLocation) { _ = try await body() }
    if let error { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
    return error
}

/// A chain of `count` spec records by a fresh issuer made from `seed`.
func specChain(seed: UInt8, count: Int) throws -> (issuer: TestIssuer, records: [CredexCore.Record]) {
    var issuer = try TestIssuer(seed: seed)
    var records: [CredexCore.Record] = []
    for index in 1...count {
        records.append(
            try issuer.next(
                kind: .spec,
                body: RecordFactory.specBody(title: ["en": "Specification \(seed)-\(index)"])
            )
        )
    }
    return (issuer, records)
}

/// The head an issuer's log should have (LogHead has no public initialiser).
func head(_ issuer: TestIssuer, _ seq: Int64, _ id: RecordID, forked: Bool = false) -> LogHead {
    LogHead(issuer: issuer.nodeID, seq: seq, id: id, forked: forked)
}

/// The fork evidence an append should report.
func forkEvidence(_ issuer: TestIssuer, _ seq: Int64, held: RecordID, conflicting: RecordID) -> ForkEvidence {
    ForkEvidence(issuer: issuer.nodeID, seq: seq, held: held, conflicting: conflicting)
}
