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
        /// Where the next batch starts, when the call stopped before the end of the file.
        public var next: Position?

        public init() {}
    }

    /// A place in the file: a byte offset at the start of a line, and that line's number.
    public struct Position: Codable, Sendable, Hashable {
        public var offset: UInt64 = 0
        public var line = 1

        public init(offset: UInt64 = 0, line: Int = 1) {
            self.offset = offset
            self.line = line
        }
    }

    /// Imports `url` from `start`, reading a chunk at a time so memory stays bounded by the batch
    /// size; with `batches`, stops after that many and says where the next starts (`Summary.next`).
    /// A bad line refuses the whole batch it is in, naming the line; batches before it stay.
    public func importRecords(
        from url: URL,
        start: Position = Position(),
        batches: Int? = nil
    ) async throws
        -> Summary
    {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
            try handle.seek(toOffset: start.offset)
        } catch {
            throw NodeError(.refused, "cannot read \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var run = Run(importer: self, name: url.lastPathComponent, start: start, batches: batches)
        while !run.finished {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            try await run.consume(chunk, atEnd: chunk.isEmpty)
        }
        return run.summary
    }

    /// One call's import: the line not yet complete, the batch in hand and the tally.
    private struct Run {
        let importer: RecordImporter
        let name: String
        var position: Position
        var batchesLeft: Int?
        var summary = Summary()
        var batch: [VerifiedRecord] = []
        var pending = Data()
        var finished = false

        init(importer: RecordImporter, name: String, start: Position, batches: Int?) {
            self.importer = importer
            self.name = name
            position = start
            batchesLeft = batches
        }

        /// Verifies the complete lines of `pending + chunk` and appends every full batch; at the
        /// end of the file, the partial last line and the last batch too.
        mutating func consume(_ chunk: Data, atEnd: Bool) async throws {
            pending.append(chunk)
            var lines = pending.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            pending = atEnd ? Data() : Data(lines.removeLast())  // a partial last line waits for more
            for line in lines {
                let number = position.line
                position = Position(offset: position.offset + UInt64(line.count + 1), line: number + 1)
                guard !line.isEmpty else { continue }
                guard line.count <= Record.maximumSize else {
                    throw NodeError(.refused, "\(name) line \(number): longer than a record may be")
                }
                do {
                    batch.append(try Record(canonicalBytes: [UInt8](line)).verified())
                } catch {
                    throw NodeError(.refused, "\(name) line \(number): \(error)")
                }
                summary.read += 1
                if importer.batchSize > 0, batch.count >= importer.batchSize {
                    try await append()
                    batchesLeft = batchesLeft.map { $0 - 1 }
                    if summary.fork != nil || batchesLeft == 0 {
                        if summary.fork == nil { summary.next = position }
                        finished = true
                        return
                    }
                }
            }
            guard pending.count <= Record.maximumSize else {
                throw NodeError(.refused, "\(name) line \(position.line): longer than a record may be")
            }
            if atEnd {
                try await append()
                finished = true
            }
        }

        private mutating func append() async throws {
            guard !batch.isEmpty else { return }
            let outcome = try await importer.store.append(AppendBatch(records: batch))
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
}

extension RecordImporter.Summary {
    /// The tally of `part` added to this one; `next` is the part's.
    public mutating func add(_ part: Self) {
        read += part.read
        appended += part.appended
        alreadyHeld += part.alreadyHeld
        fork = fork ?? part.fork
        next = part.next
    }
}
