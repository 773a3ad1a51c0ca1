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

    /// Imports `url`, reading it a chunk at a time so memory stays bounded by the batch size.
    /// A bad line refuses the whole batch it is in, naming the line; batches before it stay.
    public func importRecords(from url: URL) async throws -> Summary {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw NodeError(.refused, "cannot read \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var summary = Summary()
        var batch: [VerifiedRecord] = []
        var lineNumber = 0
        var pending = Data()
        var atEnd = false
        while !atEnd {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            atEnd = chunk.isEmpty
            pending.append(chunk)
            var lines = pending.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            pending = atEnd ? Data() : Data(lines.removeLast())  // a partial last line waits for more
            for line in lines {
                lineNumber += 1
                guard !line.isEmpty else { continue }
                guard line.count <= Record.maximumSize else {
                    throw NodeError(
                        .refused,
                        "\(url.lastPathComponent) line \(lineNumber): longer than a record may be"
                    )
                }
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
            guard pending.count <= Record.maximumSize else {
                throw NodeError(
                    .refused,
                    "\(url.lastPathComponent) line \(lineNumber + 1): longer than a record may be"
                )
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
            summary.fork =
                "\(fork.issuer) #\(fork.seq): held \(fork.held), conflicting \(fork.conflicting); "
                + "\(outcome.notTaken) later records of the batch not taken"
        }
        batch.removeAll(keepingCapacity: true)
    }
}
