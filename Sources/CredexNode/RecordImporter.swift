import CredexCore
import CredexStore
import Foundation

/// Reads records as JSON Lines, one record's canonical bytes per line (as `credex export`
/// writes them), verifies every signature, and appends them in batches, each one transaction.
public struct RecordImporter: Sendable {
    public let store: any RecordStore
    /// Records per transaction; 0 puts the whole file in one.
    public let batchSize: Int

    public init(store: any RecordStore, batchSize: Int) {
        self.store = store
        self.batchSize = batchSize
    }

    /// What an import did.
    public struct Summary: Codable, Sendable, Hashable {
        public var read = 0
        public var appended = 0
        public var alreadyHeld = 0
        public var fork: String?
    }

    /// Imports `url`. A bad line refuses the whole batch it is in, naming the line; batches
    /// before it stay appended.
    public func importRecords(from url: URL) async throws -> Summary {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NodeError(.refused, "cannot read \(url.path): \(error.localizedDescription)")
        }
        var summary = Summary()
        var batch: [VerifiedRecord] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            do {
                batch.append(try Record(canonicalBytes: [UInt8](line)).verified())
            } catch {
                throw NodeError(.refused, "\(url.lastPathComponent) line \(lineNumber): \(error)")
            }
            summary.read += 1
            if batchSize > 0, batch.count >= batchSize {
                try await append(&batch, into: &summary)
                if summary.fork != nil { return summary }
            }
        }
        try await append(&batch, into: &summary)
        return summary
    }

    private func append(_ batch: inout [VerifiedRecord], into summary: inout Summary) async throws {
        guard !batch.isEmpty else { return }
        let outcome = try await store.append(AppendBatch(records: batch))
        summary.appended += outcome.appended.count
        summary.alreadyHeld += outcome.alreadyHeld
        if let fork = outcome.fork {
            summary.fork = "\(fork.issuer) #\(fork.seq): held \(fork.held), conflicting \(fork.conflicting)"
        }
        batch.removeAll(keepingCapacity: true)
    }
}
