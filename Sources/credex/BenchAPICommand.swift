import ArgumentParser
import CredexCore
import CredexNet
import CredexNode
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension BenchCommand {
    struct API: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api",
            abstract:
                "Latency of the officers' API on a node holding --records records while it replicates: p50, p99 "
                + "and mean of get-by-id, full-text search and recognition reports under --clients clients (wrk).",
            discussion: """
                Makes two node directories and a federation admitting both with the credex commands (as \
                `credex bench replicate` does), fills the sender's log with --records records (nine specs \
                with titles and outcomes in English and one or two of German, French, Spanish and Italian, \
                then an award) and appends the same records to the receiver's store, as if it had replicated \
                them. Then runs the sender (issuing --trickle specs a second through its admin socket) and \
                the receiver (pulling from the sender, with --api-listen), creates an officer token, and for \
                each request type runs wrk with --clients keep-alive TLS connections: --warmup seconds \
                unmeasured, then --duration seconds measured. Before each load, three single requests \
                with curl (when installed) show the latency alone and check the answers are 200; a type whose \
                median is over --probe-limit is not loaded, its figure is the single request's. Search and \
                recognition run before get by id. Needs wrk (Debian: `apt-get install wrk`). \
                With --keep DIR, a DIR left by an earlier run with as many records is used again as it is.
                """
        )

        @Option(help: "Records the receiver holds beyond the nodes' profiles.") var records = 1_000_000
        @Option(help: "Concurrent clients (wrk connections).") var clients = 16
        @Option(help: "wrk threads.") var threads = 2
        @Option(help: "Seconds measured per request type.") var duration = 30
        @Option(help: "Seconds of unmeasured load before each measurement.") var warmup = 5
        @Option(help: "Specs the sender issues per second while the load runs (0: none).") var trickle = 5.0
        @Option(help: "Canonical bytes per spec record, about.") var recordBytes = 1_024
        @Option(
            help: "Seconds the median of three single requests before the load may take; slower, the load is not run."
        )
        var probeLimit = 2.0
        @Option(help: "The request types to measure, comma-separated: search, recognition, get.")
        var requests = "search,recognition,get"

        /// The request types `--requests` names.
        var requestTypes: [String] { requests.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        @Option(help: "Make the nodes in DIR and keep them; a DIR from an earlier run is used again.")
        var keep: String?

        func validate() throws {
            guard records >= 100, clients > 0, threads > 0, threads <= clients, duration > 0, warmup >= 0,
                trickle >= 0, (800...Record.maximumSize).contains(recordBytes)
            else {
                throw ValidationError(
                    "--records at least 100; --clients, --threads (at most --clients) and --duration positive; "
                        + "--warmup and --trickle not negative; --record-bytes 800 to \(Record.maximumSize)"
                )
            }
            guard !requestTypes.isEmpty, requestTypes.allSatisfy(["search", "recognition", "get"].contains) else {
                throw ValidationError("--requests takes search, recognition and get, comma-separated")
            }
            guard APIBenchLoad.wrkPath() != nil else {
                throw ValidationError(
                    "wrk is not on the PATH: install it (Debian: `apt-get install wrk`) and run again"
                )
            }
        }

        /// What a kept folder holds beside the nodes, to be used again.
        struct Saved: Codable {
            var records: Int
            var senderPort: Int
            var receiverPort: Int
            var filled: APIBenchRecords.Filled
        }

        func run() async throws {
            let folder =
                keep.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("credex-bench-api-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
            let arguments = CommandLine.arguments.dropFirst().joined(separator: " ")
            var figures = APIBenchFigures(
                command: "credex \(arguments)",
                records: records,
                clients: clients,
                cores: ProcessInfo.processInfo.activeProcessorCount
            )
            let (federation, filled, madeNow) = try await prepare(folder)
            figures.filled = filled
            figures.madeNow = madeNow

            let token = try federation.officerToken(federation.receiver)
            guard let apiPort = LoopbackPort.free() else { throw NodeError(.refused, "no free port on 127.0.0.1") }
            let sender = try await federation.startServing(federation.sender, pullFrom: federation.sender.nodeID)
            defer { sender.terminate() }
            let receiver = try await federation.startServing(
                federation.receiver,
                pullFrom: federation.sender.nodeID,
                apiPort: apiPort
            )
            defer { receiver.terminate() }
            note("sender pid \(sender.pid), receiver pid \(receiver.pid), API on https://127.0.0.1:\(apiPort)")

            let load = APIBenchLoad(
                folder: folder,
                url: "https://127.0.0.1:\(apiPort)",
                token: token,
                clients: clients,
                threads: threads
            )
            let trickle = APIBenchTrickle(sender: federation.sender.directory, perSecond: trickle)
            let clock = ContinuousClock()
            let started = clock.now
            let (rows, issued) = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await trickle.run() }
                let rows = try await measure(load, filled: filled, receiver: receiver)
                group.cancelAll()
                return (rows, try await group.next() ?? 0)
            }
            figures.rows = rows
            figures.trickleIssued = issued
            figures.trickleSeconds = (clock.now - started).inSeconds
            try await Task.sleep(for: .seconds(2))  // the last specs issued reach the receiver
            try await replicationState(federation, into: &figures)
            figures.peakRSS = receiver.statusKiB("VmHWM")
            receiver.terminate()
            sender.terminate()
            figures.storeBytes = try storeBytes(federation.receiver.directory)
            figures.print()
            if keep != nil { note("kept \(folder.path)") }
        }

        /// The federation and its records: made now, or read from a kept folder made with as many.
        private func prepare(
            _ folder: URL
        ) async throws -> (ReplicationBenchFederation, APIBenchRecords.Filled, Bool) {
            let savedURL = folder.appendingPathComponent("api-bench.json")
            if let data = try? Data(contentsOf: savedURL) {
                let saved = try JSONDecoder().decode(Saved.self, from: data)
                guard saved.records == records else {
                    throw ValidationError(
                        "\(folder.path) holds \(saved.records) records, not \(records): give another --keep folder"
                    )
                }
                note("using the nodes kept in \(folder.path)")
                let federation = ReplicationBenchFederation(
                    folder: folder,
                    sender: .init(
                        nodeID: "did:web:sender.bench.example",
                        directory: folder.appendingPathComponent("sender"),
                        port: saved.senderPort
                    ),
                    receiver: .init(
                        nodeID: "did:web:receiver.bench.example",
                        directory: folder.appendingPathComponent("receiver"),
                        port: saved.receiverPort
                    )
                )
                return (federation, saved.filled, false)
            }
            let federation = try ReplicationBenchFederation.make(in: folder)
            note("federation made in \(folder.path)")
            let filler = APIBenchRecords(count: records, recordBytes: recordBytes)
            let filled = try await filler.fill(
                sender: federation.sender.directory,
                receiver: federation.receiver.directory
            ) { done in if done % 100_000 == 0 || done == records { note("signed and stored \(done)") } }
            let saved = Saved(
                records: records,
                senderPort: federation.sender.port,
                receiverPort: federation.receiver.port,
                filled: filled
            )
            try JSONEncoder().encode(saved).write(to: savedURL)
            return (federation, filled, true)
        }

        /// Runs the three request types one after the other.
        private func measure(
            _ load: APIBenchLoad,
            filled: APIBenchRecords.Filled,
            receiver: BenchProcess
        ) async throws -> [APIBenchFigures.Row] {
            let prefix = "/api/v1"
            // Get by id last: a slow request type leaves the node busy or large for the ones after it.
            let types: [(String, [String])] = [
                ("search", APIBenchCatalogue.searches(count: 200).map { "\(prefix)/specs?q=\(Self.encoded($0))" }),
                ("recognition", filled.awardIDs.shuffled().map { "\(prefix)/records/\($0)/recognition" }),
                ("get by id", filled.recordIDs.shuffled().map { "\(prefix)/records/\($0)" }),
            ].filter { requestTypes.contains($0.0.split(separator: " ").first.map(String.init) ?? $0.0) }
            var rows: [APIBenchFigures.Row] = []
            for (name, paths) in types {
                let file = name.replacingOccurrences(of: " ", with: "-")
                // One probe over five times the limit is enough to tell.
                let alone = try await load.probe(file, paths: paths, count: 3, limit: 5 * probeLimit)
                if let alone, median(alone) > probeLimit || (alone.max() ?? 0) > 5 * probeLimit {
                    let why = String(
                        format: "load not run: single requests took %@ s (--probe-limit %.1f s); RSS after %@",
                        alone.map { String(format: "%.1f", $0) }.joined(separator: ", "),
                        probeLimit,
                        receiver.statusKiB("VmRSS").map { String(format: "%.0f MiB", Double($0) / 1024) } ?? "-"
                    )
                    note("\(name): \(why)")
                    rows.append(
                        .init(
                            name: name,
                            result: .init(),
                            alone: alone,
                            skipped: why,
                            nodeCores: 0,
                            load: Self.loadAverage(),
                            rss: receiver.statusKiB("VmRSS")
                        )
                    )
                    continue
                }
                if warmup > 0 {
                    note("\(name): \(warmup) s warm-up")
                    _ = try await load.run("\(file)-warmup", paths: paths, seconds: warmup)
                }
                note("\(name): \(duration) s measured")
                let cpuBefore = receiver.cpuSeconds ?? 0
                let result = try await load.run(file, paths: paths, seconds: duration)
                let cpu = (receiver.cpuSeconds ?? 0) - cpuBefore
                rows.append(
                    .init(
                        name: name,
                        result: result,
                        alone: alone,
                        skipped: nil,
                        nodeCores: cpu / max(result.seconds, 0.001),
                        load: Self.loadAverage(),
                        rss: receiver.statusKiB("VmRSS")
                    )
                )
                note(
                    String(
                        format: "%@: %.0f req/s, p50 %.2f ms, p99 %.2f ms",
                        name,
                        result.rate,
                        result.p50 * 1e3,
                        result.p99 * 1e3
                    )
                )
            }
            return rows
        }

        /// How far the receiver's copy of its log is behind.
        private func replicationState(
            _ federation: ReplicationBenchFederation,
            into figures: inout APIBenchFigures
        ) async throws {
            let issuer = try NodeID(validating: federation.sender.nodeID)
            let senderHead =
                try await NodeAccess(directory: NodeDirectory(federation.sender.directory)).reader()
                .head(of: issuer)?.seq ?? 0
            let receiverHead =
                try await NodeAccess(directory: NodeDirectory(federation.receiver.directory)).reader()
                .head(of: issuer)?.seq ?? 0
            figures.receiverBehind = senderHead - receiverHead
        }

        /// Bytes of the receiver's database files.
        private func storeBytes(_ directory: URL) throws -> Int {
            let access = try NodeAccess(directory: NodeDirectory(directory))
            let database = access.directory.file(access.configuration.database)
            return ["", "-wal", "-shm"].reduce(0) { total, suffix in
                let path = database.path + suffix
                return total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            }
        }

        /// `text` for a query string: ASCII letters and digits as they are, every other byte %XX.
        static func encoded(_ text: String) -> String {
            text.utf8.map { byte in
                let scalar = Unicode.Scalar(byte)
                return scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                    ? String(scalar) : String(format: "%%%02X", byte)
            }.joined()
        }

        /// The 1-minute load average.
        static func loadAverage() -> Double {
            let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
            return text.split(separator: " ").first.flatMap { Double($0) } ?? 0
        }
    }
}

/// A progress line on standard error.
private func note(_ text: String) {
    FileHandle.standardError.write(Data("[bench api] \(text)\n".utf8))
}
