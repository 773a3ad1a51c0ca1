import CredexCore
import CredexCrypto
import CredexJSON
import CredexNode
import CredexStore
import Foundation

/// The API bench's records: the sender's log continued with `count` records (nine specs of about
/// `recordBytes` from `APIBenchCatalogue`, then an award of one of the last thousand specs, and
/// so on), signed with the sender's key and appended straight into the sender's store and into
/// the receiver's, which then holds the sender's log as if it had replicated it.
///
/// Keeps a spread of ids for the load: records to get, and awards to report on.
struct APIBenchRecords {
    let count: Int
    let recordBytes: Int
    /// Records signed and appended together.
    let chunk = 10_000
    /// Ids kept for the load, at most, of each list.
    let sampleSize = 20_000

    struct Filled: Codable {
        var records = 0
        var specs = 0
        var awards = 0
        var canonicalBytes = 0
        /// Seconds signing (one core: each record names the one before), verifying and appending.
        var signSeconds = 0.0
        var verifySeconds = 0.0
        var appendSeconds = 0.0
        var totalSeconds = 0.0
        /// Ids of records, and of awards, spread over the log.
        var recordIDs: [String] = []
        var awardIDs: [String] = []
    }

    /// Fills the logs of `sender` and `receiver` (neither running).
    func fill(sender: URL, receiver: URL, progress: (Int) -> Void) async throws -> Filled {
        let access = try NodeAccess(directory: NodeDirectory(sender))
        let configuration = access.configuration
        let key = try access.directory.signingKey(configuration)
        let senderStore = try access.directory.openStore(configuration, readOnly: false)
        let receiverAccess = try NodeAccess(directory: NodeDirectory(receiver))
        let receiverStore = try receiverAccess.directory.openStore(receiverAccess.configuration, readOnly: false)
        defer {
            try? senderStore.close()
            try? receiverStore.close()
        }
        // The receiver first gets what the sender's log holds already (its profile).
        let prefix = try await senderStore.log(issuer: configuration.nodeID, afterSeq: 0, limit: 1_000)
        guard let last = prefix.last else { throw NodeError(.directory, "the sender has no log") }
        _ = try await receiverStore.append(AppendBatch(records: try prefix.map { try $0.record.verified() }))

        let padding = try paddingLength(configuration, key: key)
        let stride = max(1, count / sampleSize)
        let clock = ContinuousClock()
        let started = clock.now
        var filled = Filled()
        var previous = (seq: last.record.seq, id: last.record.id)
        var recentSpecs: [RecordID] = []
        while filled.records < count {
            let size = min(chunk, count - filled.records)
            var signed: [Record] = []
            signed.reserveCapacity(size)
            filled.signSeconds += try clock.measure {
                for _ in 0..<size {
                    let seq = previous.seq + 1
                    let kind: RecordKind
                    let body: JSONValue
                    if seq % 10 == 0, !recentSpecs.isEmpty {
                        kind = .award
                        body = try award(of: recentSpecs[APIBenchCatalogue.mix(seq, 20) % recentSpecs.count])
                    } else {
                        kind = .spec
                        body = APIBenchCatalogue.spec(seq: seq, padding: padding)
                    }
                    let record = try draft(configuration, key: key, kind: kind, seq: seq, prev: previous.id, body: body)
                        .signed(with: key)
                    signed.append(record)
                    previous = (record.seq, record.id)
                    if record.kind == .spec {
                        recentSpecs.append(record.id)
                        if recentSpecs.count > 1_000 { recentSpecs.removeFirst(500) }
                    }
                }
            }.inSeconds
            let verifyStart = clock.now
            let verified = try await ReplicationBenchRecords.verifyOnAllCores(signed)
            filled.verifySeconds += (clock.now - verifyStart).inSeconds
            for record in verified {
                switch record.body {
                case .spec: filled.specs += 1
                case .award: filled.awards += 1
                default:
                    throw NodeError(.refused, "bench record #\(record.record.seq) is not understood: \(record.body)")
                }
                filled.canonicalBytes += record.record.canonicalBytes.count
                if record.record.seq % Int64(stride) == 0 { filled.recordIDs.append(record.record.id.rawValue) }
                if record.record.kind == .award, filled.awardIDs.count < sampleSize {
                    filled.awardIDs.append(record.record.id.rawValue)
                }
            }
            let appendStart = clock.now
            async let intoSender = senderStore.append(AppendBatch(records: verified))
            async let intoReceiver = receiverStore.append(AppendBatch(records: verified))
            _ = try await (intoSender, intoReceiver)
            filled.appendSeconds += (clock.now - appendStart).inSeconds
            filled.records += size
            progress(filled.records)
        }
        filled.totalSeconds = (clock.now - started).inSeconds
        return filled
    }

    /// An award of `spec` to a fresh learner commitment.
    private func award(of spec: RecordID) throws -> JSONValue {
        let award = Award(
            spec: spec,
            learner: try Commitment(validating: SHA256.hex(SecureRandom.bytes(16))),
            issuedOn: try CalendarDate(validating: "2026-06-30"),
            credits: [Credit(system: "ECTS", value: try DecimalString(validating: "5"))]
        )
        return try JSONValueEncoder().encode(award)
    }

    private func draft(
        _ configuration: NodeConfiguration,
        key: Ed25519PrivateKey,
        kind: RecordKind,
        seq: Int64,
        prev: RecordID,
        body: JSONValue
    ) throws -> RecordDraft {
        try RecordDraft(
            federation: configuration.federation,
            kind: kind,
            issuer: configuration.nodeID,
            keyID: KeyID(key.publicKey),
            seq: seq,
            prev: prev,
            claimedAt: ClaimedTime(Date()),
            body: body
        )
    }

    /// The description length that makes a spec about `recordBytes` long (at least a sentence).
    private func paddingLength(_ configuration: NodeConfiguration, key: Ed25519PrivateKey) throws -> Int {
        let body = APIBenchCatalogue.spec(seq: 1_000_000, padding: 0)
        let probe = try draft(
            configuration,
            key: key,
            kind: .spec,
            seq: 1_000_000,
            prev: RecordID(canonicalBytes: []),
            body: body
        )
        return max(120, recordBytes - (try probe.signed(with: key)).canonicalBytes.count)
    }
}
