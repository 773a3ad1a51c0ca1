import CredexCore
import CredexNode
import CredexStore
import CredexTesting
import Foundation
import Testing

/// `credex import`: JSON Lines of canonical records, read a chunk at a time.
@Suite struct RecordImporterTests {
    private func chainFile(_ count: Int, in folder: TemporaryDirectory, trailingNewline: Bool = true) throws -> URL {
        var issuer = try TestIssuer(seed: 4)
        var data = Data()
        for index in 0..<count {
            let record = try issuer.next(kind: .spec, body: RecordFactory.specBody(title: ["en": "Spec \(index)"]))
            data.append(contentsOf: record.canonicalBytes)
            if index < count - 1 || trailingNewline { data.append(0x0A) }
        }
        let url = folder.url.appendingPathComponent("chain.jsonl")
        try data.write(to: url)
        return url
    }

    @Test(arguments: [true, false])
    func importsAFileLargerThanOneChunk(trailingNewline: Bool) async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let url = try chainFile(2_000, in: folder, trailingNewline: trailingNewline)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int > 1 << 20)
        let store = try SQLiteRecordStore(inMemory: .init())
        let summary = try await RecordImporter(store: store, batchSize: 500).importRecords(from: url)
        #expect(summary.read == 2_000 && summary.appended == 2_000)
        #expect(try await store.heads().first?.seq == 2_000)
    }

    @Test func aBadLineIsNamedAndItsBatchIsNotTaken() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let url = try chainFile(10, in: folder)
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[7] = lines[7].replacingOccurrences(of: "Spec 7", with: "Spec 8")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let store = try SQLiteRecordStore(inMemory: .init())
        let error = await #expect(throws: NodeError.self) {
            try await RecordImporter(store: store, batchSize: 5).importRecords(from: url)
        }
        #expect(error?.reason.contains("line 8") == true, "\(String(describing: error))")
        #expect(try await store.heads().first?.seq == 5)
    }

    @Test func anEndlessLineIsRefusedWithoutReadingItAll() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("endless.jsonl")
        try Data(repeating: UInt8(ascii: "a"), count: Record.maximumSize * 5).write(to: url)
        let error = await #expect(throws: NodeError.self) {
            try await RecordImporter(store: try SQLiteRecordStore(inMemory: .init()), batchSize: 0).importRecords(
                from: url
            )
        }
        #expect(error?.reason.contains("longer than a record may be") == true, "\(String(describing: error))")
    }
}
