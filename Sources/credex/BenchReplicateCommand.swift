import ArgumentParser
import CredexCore
import CredexNode
import Foundation

extension BenchCommand {
    struct Replicate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replicate",
            abstract:
                "Two nodes on 127.0.0.1 over mutual TLS: records/s end to end, the receiver's peak RSS, bytes on "
                + "the wire, an in-sync round; beside the Ed25519 verify rate on all cores and the raw insert rate.",
            discussion: """
                Makes two node directories and a federation admitting both with the credex commands, fills \
                the sender's own log with --records chained specs of about --record-bytes, runs the sender \
                (`credex node run --peer-listen`) and then the receiver (`--pull-from` the sender) as child \
                processes, and times the receiver until its head of the sender's log is the sender's. Peak \
                RSS is the receiver's VmHWM; bytes on the wire are what the sender wrote (wchar: TLS records \
                over TCP, without IP and TCP headers) less its log. The in-sync rounds run in this process \
                with the receiver's store, keys and trust, against the running sender: GET heads, compare, \
                nothing to pull (a new mutual-TLS connection per request, as a node makes them).
                """
        )

        @Option(help: "Records the sender's log holds beyond its profile.") var records = 100_000
        @Option(help: "Canonical bytes per record, about.") var recordBytes = 1_024
        @Option(help: "Records per transaction of the raw insert measurement (replication's batch).")
        var insertBatch = 500
        @Option(help: "In-sync rounds to take the median of.") var rounds = 21
        @Option(help: "Batches of 500 whose stages (fetch, parse, verify, append) are timed apart.")
        var phaseBatches = 20
        @Option(help: "Seconds per verify-rate measurement (median of three).") var seconds = 2.0
        @Option(help: "Make the nodes in DIR (a new folder) and keep them, with their logs.") var keep: String?

        func validate() throws {
            guard records > 0, (600...Record.maximumSize).contains(recordBytes), insertBatch > 0, rounds > 0,
                phaseBatches > 0,
                seconds > 0
            else {
                throw ValidationError(
                    "--records, --insert-batch, --rounds, --phase-batches and --seconds must be positive; "
                        + "--record-bytes 600 to \(Record.maximumSize)"
                )
            }
        }

        func run() async throws {
            let folder = try makeFolder()
            defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
            let cores = ProcessInfo.processInfo.activeProcessorCount
            var figures = ReplicationBenchFigures(records: records, cores: cores)

            var verifyRates: [Double] = []
            for _ in 0..<3 { verifyRates.append(try await verifyRateOnAllCores(seconds: seconds)) }
            figures.verifyRate = median(verifyRates)
            note(String(format: "Ed25519 verify on %d cores: %.0f/s", cores, figures.verifyRate))

            let federation = try ReplicationBenchFederation.make(in: folder)
            note("federation made in \(folder.path)")
            let filler = ReplicationBenchRecords(count: records, recordBytes: recordBytes, insertBatch: insertBatch)
            let filled = try await filler.fill(
                federation.sender.directory,
                rawDatabase: folder.appendingPathComponent("raw-insert.sqlite")
            ) { done in if done % 100_000 == 0 || done == records { note("signed and stored \(done)") } }
            figures.filled = filled

            // Pulling only from itself, the sender pulls from no one: what it writes to sockets is its answers.
            let sender = try await federation.start(federation.sender, pullFrom: federation.sender.nodeID)
            defer { sender.terminate() }
            try await replicate(federation, sender: sender, head: filled.head, into: &figures)
            try await inSync(federation, sender: sender, into: &figures)
            sender.terminate()
            figures.print()
            if keep != nil { note("kept \(folder.path)") }
        }

        private func makeFolder() throws -> URL {
            let folder =
                keep.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("credex-bench-replicate-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        /// Runs the receiver until it holds the sender's log through `head`.
        private func replicate(
            _ federation: ReplicationBenchFederation,
            sender: BenchProcess,
            head: Int64,
            into figures: inout ReplicationBenchFigures
        ) async throws {
            let senderLog = sender.stderrURL
            let writtenBefore = (sender.bytesWritten ?? 0) - fileSize(senderLog)
            let senderCPUBefore = sender.cpuSeconds ?? 0
            let clock = ContinuousClock()
            let started = clock.now
            let receiver = try await federation.start(federation.receiver, pullFrom: federation.sender.nodeID)
            defer { receiver.terminate() }
            note("receiver running, pid \(receiver.pid) (sender pid \(sender.pid))")
            let access = try NodeAccess(directory: NodeDirectory(federation.receiver.directory))
            let store = try access.directory.openStore(access.configuration, readOnly: true)
            let issuer = try NodeID(validating: federation.sender.nodeID)
            let deadline = started + .seconds(120 + records / 1_000)
            var reported: Int64 = 0
            while true {
                let seq = try await store.head(of: issuer)?.seq ?? 0
                if seq > 1, figures.firstRecord == nil { figures.firstRecord = clock.now - started }
                if seq >= head { break }
                if seq - reported >= 100_000 {
                    reported = seq
                    note("receiver at #\(seq)")
                }
                guard receiver.isRunning, clock.now < deadline else {
                    throw NodeError(
                        .refused,
                        "the receiver stopped at #\(seq) of #\(head); its log ends: \(receiver.text(receiver.stderrURL).suffix(600))"
                    )
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            figures.replicationTime = clock.now - started
            figures.peakRSS = receiver.statusKiB("VmHWM")
            figures.endRSS = receiver.statusKiB("VmRSS")
            figures.receiverCPU = receiver.cpuSeconds
            figures.senderCPU = sender.cpuSeconds.map { $0 - senderCPUBefore }
            if let written = sender.bytesWritten {
                figures.wireBytes = written - fileSize(senderLog) - writtenBefore
            }
            receiver.terminate()
        }

        /// Times in-sync rounds against the sender and counts the bytes both sides wrote meanwhile.
        private func inSync(
            _ federation: ReplicationBenchFederation,
            sender: BenchProcess,
            into figures: inout ReplicationBenchFigures
        ) async throws {
            let rounds = try await InSyncRounds(
                receiver: federation.receiver.directory,
                sender: federation.sender.nodeID
            )
            figures.firstRound = try await rounds.timedRound()
            let senderBefore = (sender.bytesWritten ?? 0) - fileSize(sender.stderrURL)
            let ownBefore = ProcStats.ownBytesWritten ?? 0
            var times: [Double] = []
            for _ in 0..<self.rounds { times.append(try await rounds.timedRound().inSeconds) }
            let senderWrote = (sender.bytesWritten ?? 0) - fileSize(sender.stderrURL) - senderBefore
            let ownWrote = (ProcStats.ownBytesWritten ?? 0) - ownBefore
            figures.roundTime = median(times)
            figures.roundBytes = (senderWrote, ownWrote, self.rounds)
            figures.phases = try await ReplicationBenchPhases.measure(
                source: rounds.replicator.source,
                issuer: try NodeID(validating: federation.sender.nodeID),
                batches: min(phaseBatches, records / 500 + 1),
                limit: 500,
                database: federation.folder.appendingPathComponent("phases.sqlite")
            )
        }

        private func fileSize(_ url: URL) -> Int {
            (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        }

        /// A progress line on standard error.
        private func note(_ text: String) {
            FileHandle.standardError.write(Data("[bench replicate] \(text)\n".utf8))
        }
    }
}
