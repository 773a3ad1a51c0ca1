import CredexCore
import CredexReplication
import CredexStore
import Foundation

/// The stages of one replication batch timed apart, in this process against the running sender:
/// fetch (a records request over a fresh mutual-TLS connection: the sender's read and the
/// transfer), parse (frames to records, one core), verify (signatures, all cores) and append (one
/// transaction into a fresh store). The receiver runs them one after another for each batch.
struct ReplicationBenchPhases {
    struct Medians {
        var batches = 0
        var batchSize = 0
        var fetch = 0.0
        var parse = 0.0
        var verify = 0.0
        var append = 0.0
    }

    /// Times the first `batches` batches of `issuer`'s log, `limit` records each.
    static func measure(
        source: any PeerSource,
        issuer: NodeID,
        batches: Int,
        limit: Int,
        database: URL
    ) async throws -> Medians {
        let store = try SQLiteRecordStore(at: database)
        let clock = ContinuousClock()
        var fetch: [Double] = []
        var parse: [Double] = []
        var verify: [Double] = []
        var append: [Double] = []
        var after: Int64 = 0
        for _ in 0..<batches {
            var started = clock.now
            let body = try await source.records(issuer: issuer, after: after, limit: limit)
            fetch.append((clock.now - started).inSeconds)
            started = clock.now
            let records = try RecordFrames.split(body).map { try Record(canonicalBytes: Array($0)) }
            parse.append((clock.now - started).inSeconds)
            started = clock.now
            let verified = try await ReplicationBenchRecords.verifyOnAllCores(records)
            verify.append((clock.now - started).inSeconds)
            started = clock.now
            _ = try await store.append(AppendBatch(records: verified))
            append.append((clock.now - started).inSeconds)
            guard let last = records.last else { break }
            after = last.seq
        }
        return Medians(
            batches: fetch.count,
            batchSize: limit,
            fetch: median(fetch),
            parse: median(parse),
            verify: median(verify),
            append: median(append)
        )
    }
}
