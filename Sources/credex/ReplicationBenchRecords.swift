import CredexCore
import CredexCrypto
import CredexJSON
import CredexNode
import CredexStore
import Foundation

/// The replication bench's records: the sender's own log, continued after its issuer profile
/// with `count` chained specs of about `recordBytes` canonical bytes (the description padded),
/// signed with the sender's key and appended straight into its store. The same rows go into a
/// fresh store too, in batches as replication stores them, timed: the raw insert rate.
struct ReplicationBenchRecords {
    let count: Int
    let recordBytes: Int
    /// Records per transaction of the raw insert measurement (replication's batch size).
    let insertBatch: Int
    /// Records signed and appended together.
    let chunk = 10_000

    struct Filled {
        /// The sender's head seq after filling (its profile and the new records).
        var head: Int64 = 0
        /// Canonical bytes of the new records, summed.
        var canonicalBytes = 0
        var signTime: Duration = .zero
        var rawInsertTime: Duration = .zero
    }

    /// Fills the log of the node at `directory` (not running) and times the raw inserts into a
    /// fresh store at `rawDatabase`.
    func fill(_ directory: URL, rawDatabase: URL, progress: (Int) -> Void) async throws -> Filled {
        let access = try NodeAccess(directory: NodeDirectory(directory))
        let configuration = access.configuration
        let key = try access.directory.signingKey(configuration)
        let store = try access.directory.openStore(configuration, readOnly: false)
        let raw = try SQLiteRecordStore(at: rawDatabase)
        guard let head = try await store.head(of: configuration.nodeID),
            let profile = try await store.record(id: head.id)
        else { throw NodeError(.directory, "the sender has no log") }
        _ = try await raw.append(AppendBatch(records: [try profile.record.verified()]))
        let padding = try paddingLength(configuration, key: key)
        var filled = Filled()
        var previous = (seq: head.seq, id: head.id)
        let clock = ContinuousClock()
        var done = 0
        while done < count {
            let size = min(chunk, count - done)
            var signed: [Record] = []
            signed.reserveCapacity(size)
            filled.signTime += try clock.measure {
                for _ in 0..<size {
                    let record = try draft(configuration, key: key, after: previous, padding: padding).signed(with: key)
                    signed.append(record)
                    previous = (record.seq, record.id)
                }
            }
            filled.canonicalBytes += signed.reduce(0) { $0 + $1.canonicalBytes.count }
            let verified = try await Self.verifyOnAllCores(signed)
            _ = try await store.append(AppendBatch(records: verified))
            filled.rawInsertTime += try await clock.measure {
                for start in stride(from: 0, to: verified.count, by: insertBatch) {
                    let batch = Array(verified[start..<min(start + insertBatch, verified.count)])
                    _ = try await raw.append(AppendBatch(records: batch))
                }
            }
            done += size
            progress(done)
        }
        filled.head = previous.seq
        return filled
    }

    /// The draft of the spec after `previous`, its description `padding` characters long.
    private func draft(
        _ configuration: NodeConfiguration,
        key: Ed25519PrivateKey,
        after previous: (seq: Int64, id: RecordID),
        padding: Int
    ) throws -> RecordDraft {
        let seq = previous.seq + 1
        return try RecordDraft(
            federation: configuration.federation,
            kind: .spec,
            issuer: configuration.nodeID,
            keyID: KeyID(key.publicKey),
            seq: seq,
            prev: previous.id,
            claimedAt: ClaimedTime(Date()),
            body: Self.specBody(seq: seq, description: Self.text(length: padding, seed: Int(seq)))
        )
    }

    /// The description length that makes a record about `recordBytes` long.
    private func paddingLength(_ configuration: NodeConfiguration, key: Ed25519PrivateKey) throws -> Int {
        let probe = try draft(configuration, key: key, after: (1_000_000, RecordID(canonicalBytes: [])), padding: 0)
        return max(0, recordBytes - (try probe.signed(with: key)).canonicalBytes.count)
    }

    /// A valid `credex.spec/1` body for log position `seq`.
    static func specBody(seq: Int64, description: String) -> JSONValue {
        [
            "type": "credex.spec/1",
            "title": ["en": .string("Replication Bench Course \(seq)")],
            "description": ["en": .string(description)],
            "awardingBodies": [
                ["id": "https://bench.example/university", "name": ["en": "Bench University"], "country": "IE"]
            ],
            "learningOutcomes": [["text": ["en": "Explain the life cycle of building materials."]]],
            "workload": ["credits": [["system": "ECTS", "value": "5"]], "hours": "125"],
            "levels": [["framework": "EQF", "level": "6"]],
            "assessment": ["type": "project"],
            "participation": ["mode": "online", "pace": "self-paced"],
            "qualityAssurance": ["type": "internal"],
        ]
    }

    private static let words = [
        "learners", "analyse", "sustainable", "materials", "assessment", "project", "building", "energy",
        "design", "evaluate", "regulation", "practice", "module", "outcome", "carbon", "structure",
    ]

    /// `length` characters of words, varied by `seed`.
    static func text(length: Int, seed: Int) -> String {
        var text = ""
        var index = seed
        while text.count < length {
            // Unsigned, so the wrapped multiplication never makes a negative subscript.
            text += (text.isEmpty ? "" : " ") + words[Int(UInt(bitPattern: index) % UInt(words.count))]
            index = index &* 31 &+ 7
        }
        return String(text.prefix(length))
    }

    /// `records` verified in order, on all cores.
    static func verifyOnAllCores(_ records: [Record]) async throws -> [VerifiedRecord] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = (records.count + cores - 1) / cores
        return try await withThrowingTaskGroup(of: (Int, [VerifiedRecord]).self) { group in
            for (index, start) in stride(from: 0, to: records.count, by: size).enumerated() {
                let slice = records[start..<min(start + size, records.count)]
                group.addTask { (index, try slice.map { try $0.verified() }) }
            }
            var parts: [Int: [VerifiedRecord]] = [:]
            for try await (index, part) in group { parts[index] = part }
            return parts.keys.sorted().flatMap { parts[$0]! }
        }
    }
}

/// Ed25519 verifications per second on all cores together: one verifying task per core.
func verifyRateOnAllCores(seconds: Double) async throws -> Double {
    let key = Ed25519PrivateKey.generate()
    let message = [UInt8](repeating: 0x42, count: 1_000)
    let signature = try key.signature(for: message)
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    return try await withThrowingTaskGroup(of: Double.self) { group in
        for _ in 0..<cores {
            group.addTask { try rate(seconds) { _ = key.publicKey.isValidSignature(signature, for: message) } }
        }
        return try await group.reduce(0, +)
    }
}
