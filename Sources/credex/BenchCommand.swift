import ArgumentParser
import CredexCore
import CredexCrypto
import CredexStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures (medians of several runs).",
        subcommands: [Crypto.self, Store.self, TLS.self, Map.self, Replicate.self, API.self]
    )

    struct Crypto: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ed25519 sign/s and verify/s on one core, beside `openssl speed ed25519` in the same run."
        )

        @Option(help: "Runs to take the median of.") var runs = 3
        @Option(help: "Seconds per measurement.") var seconds = 3.0

        func run() async throws {
            let key = Ed25519PrivateKey.generate()
            let message = [UInt8](repeating: 0x42, count: 256)
            let signature = try key.signature(for: message)
            var signs: [Double] = []
            var verifies: [Double] = []
            for run in 1...runs {
                signs.append(try rate(seconds) { _ = try key.signature(for: message) })
                verifies.append(try rate(seconds) { _ = key.publicKey.isValidSignature(signature, for: message) })
                print(String(format: "run %d: sign %.0f/s, verify %.0f/s", run, signs.last!, verifies.last!))
            }
            print(
                String(
                    format: "credex (Swift, EVP, one core): sign %.0f/s, verify %.0f/s (medians of %d)",
                    median(signs),
                    median(verifies),
                    runs
                )
            )
            if let (sign, verify) = opensslSpeed() {
                print(String(format: "openssl speed -seconds 3 ed25519: sign %.0f/s, verify %.0f/s", sign, verify))
                print(
                    String(
                        format: "ratio credex/openssl: sign %.2f, verify %.2f",
                        median(signs) / sign,
                        median(verifies) / verify
                    )
                )
            } else {
                print("openssl speed could not be run")
            }
        }

        /// Runs `openssl speed -seconds 3 ed25519` and reads its sign/s and verify/s.
        private func opensslSpeed() -> (Double, Double)? {
            guard let output = runWithDefaultSignals(["openssl", "speed", "-seconds", "3", "ed25519"]),
                let line = output.split(separator: "\n").last(where: { $0.contains("Ed25519") })
            else { return nil }
            let numbers = line.split(separator: " ").compactMap { Double($0) }
            return numbers.count >= 2 ? (numbers[numbers.count - 2], numbers[numbers.count - 1]) : nil
        }
    }

    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append rate of signed records into a fresh on-disk store, and bytes per record."
        )

        @Option(help: "Records per run.") var records = 1_000_000
        @Option(help: "Records per batch (one transaction each).") var batch = 10_000
        @Option(help: "Runs to take the median of.") var runs = 3
        @Option(help: "Issuers the records are spread over (each a hash chain).") var issuers = 100

        func validate() throws {
            guard records > 0, batch > 0, runs > 0, issuers > 0, records % issuers == 0 else {
                throw ValidationError("--records must be a positive multiple of --issuers")
            }
        }

        func run() async throws {
            let started = Date()
            let signed = try await BenchRecords.make(count: records, issuers: issuers)
            let averageSize = Double(signed.reduce(0) { $0 + $1.record.canonicalBytes.count }) / Double(signed.count)
            print(
                String(
                    format: "signed %d records over %d issuers in %.1f s (%.0f canonical bytes each)",
                    records,
                    issuers,
                    Date().timeIntervalSince(started),
                    averageSize
                )
            )
            var rates: [Double] = []
            var sizes: [Double] = []
            for run in 1...runs {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credex-bench-\(UUID())")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let database = folder.appendingPathComponent("bench.sqlite")
                var store: SQLiteRecordStore? = try SQLiteRecordStore(at: database)
                let clock = ContinuousClock()
                let elapsed = try await clock.measure {
                    var index = 0
                    while index < signed.count {
                        let slice = Array(signed[index..<min(index + batch, signed.count)])
                        _ = try await store!.append(AppendBatch(records: slice))
                        index += batch
                    }
                }
                store = nil  // closing checkpoints the WAL into the database file
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                rates.append(Double(records) / seconds)
                sizes.append(Double(try folderSize(folder)) / Double(records))
                print(
                    String(format: "run %d: %.0f records/s, %.0f bytes/record on disk", run, rates.last!, sizes.last!)
                )
            }
            print(
                String(
                    format:
                        "append (batches of %d, synchronous=NORMAL): %.0f records/s, %.0f bytes/record (medians of %d)",
                    batch,
                    median(rates),
                    median(sizes),
                    runs
                )
            )
        }

        private func folderSize(_ folder: URL) throws -> Int {
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey])
                .reduce(0) { $0 + ((try $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        }
    }
}

/// Operations per second of `body`, run for about `seconds`.
func rate(_ seconds: Double, _ body: () throws -> Void) throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    var count = 0
    var elapsed: UInt64 = 0
    repeat {
        for _ in 0..<100 { try body() }
        count += 100
        elapsed = DispatchTime.now().uptimeNanoseconds - start
    } while Double(elapsed) < seconds * 1e9
    return Double(count) / (Double(elapsed) / 1e9)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Realistic signed award records for benchmarks: one chain per issuer, signed on all cores.
enum BenchRecords {
    static func make(count: Int, issuers: Int) async throws -> [VerifiedRecord] {
        let perIssuer = count / issuers
        return try await withThrowingTaskGroup(of: [VerifiedRecord].self) { group in
            for issuerIndex in 0..<issuers {
                group.addTask { try chain(issuer: issuerIndex, length: perIssuer) }
            }
            var all: [VerifiedRecord] = []
            all.reserveCapacity(count)
            for try await chain in group { all += chain }
            return all
        }
    }

    private static func chain(issuer index: Int, length: Int) throws -> [VerifiedRecord] {
        let key = Ed25519PrivateKey.generate()
        let issuer = try NodeID(validating: "did:web:node\(index).bench.example")
        let spec = try RecordID(validating: String(repeating: "ab", count: 32))
        var records: [VerifiedRecord] = []
        records.reserveCapacity(length)
        var prev: RecordID?
        for seq in 1...length {
            let award = Award(
                spec: spec,
                learner: try Commitment(validating: SHA256.hex(SecureRandom.bytes(16))),
                issuedOn: try CalendarDate(validating: "2026-06-30"),
                credits: [Credit(system: "ECTS", value: try DecimalString(validating: "5"))]
            )
            let draft = try RecordDraft(
                federation: "urn:credex:federation:bench",
                kind: .award,
                issuer: issuer,
                keyID: KeyID(key.publicKey),
                seq: Int64(seq),
                prev: prev,
                claimedAt: try ClaimedTime(validating: "2026-11-22T12:00:00Z"),
                body: try JSONValueEncoder().encode(award)
            )
            let record = try draft.signed(with: key).verified()
            records.append(record)
            prev = record.record.id
        }
        return records
    }
}
