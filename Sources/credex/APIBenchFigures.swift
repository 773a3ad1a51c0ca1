import Foundation

/// What `credex bench api` measured, printed as one table.
struct APIBenchFigures {
    /// One request type's run.
    struct Row {
        let name: String
        let result: APIBenchLoad.Result
        /// Single requests one at a time before the load (curl, a new connection each), in seconds.
        let alone: [Double]?
        /// Why the load was not run.
        let skipped: String?
        /// CPU seconds the receiver used during the run, over the run's length.
        let nodeCores: Double
        /// The 1-minute load average at the end of the run.
        let load: Double
        /// The receiver's VmRSS at the end of the run, in KiB.
        let rss: Int?
    }

    let command: String
    let records: Int
    let clients: Int
    let cores: Int
    var filled = APIBenchRecords.Filled()
    /// Whether the records were made in this run (else reused from --keep).
    var madeNow = true
    var rows: [Row] = []
    /// Bytes of the receiver's database files (with WAL) after the runs.
    var storeBytes = 0
    /// The receiver's VmHWM after the runs, in KiB.
    var peakRSS: Int?
    /// Specs the sender issued during the runs, and how far the receiver's copy of its log was
    /// behind at the end.
    var trickleIssued = 0
    var trickleSeconds = 0.0
    var receiverBehind: Int64?

    func print() {
        func line(_ name: String, _ value: String) {
            Swift.print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + value)
        }
        Swift.print("credex bench api: \(records) records, \(clients) clients, \(cores) cores")
        Swift.print("command: \(command)")
        line(
            "records",
            String(
                format: "%d specs, %d awards, %.0f B canonical each; %@",
                filled.specs,
                filled.awards,
                Double(filled.canonicalBytes) / Double(max(filled.records, 1)),
                madeNow
                    ? String(
                        format: "made in %.0f s (sign %.0f s on one core, verify %.0f s, append to both stores %.0f s)",
                        filled.totalSeconds,
                        filled.signSeconds,
                        filled.verifySeconds,
                        filled.appendSeconds
                    ) : "reused from --keep"
            )
        )
        line("receiver store", String(format: "%.2f GB on disk (database and WAL)", Double(storeBytes) / 1e9))
        line(
            "replication during the load",
            String(
                format: "%d specs issued by the sender in %.0f s (%.1f/s), receiver %@ at the end",
                trickleIssued,
                trickleSeconds,
                Double(trickleIssued) / max(trickleSeconds, 1),
                receiverBehind.map { $0 == 0 ? "in sync" : "\($0) behind" } ?? "not read"
            )
        )
        if let peakRSS { line("receiver peak RSS (VmHWM)", String(format: "%.1f MiB", Double(peakRSS) / 1024)) }
        Swift.print("")
        let header = [
            "request", "alone ms", "requests", "req/s", "p50 ms", "p99 ms", "mean ms", "max ms", "errors", "node CPU",
            "load1", "RSS MiB",
        ]
        let widths = [14, 9, 9, 8, 8, 8, 8, 8, 7, 9, 6, 8]
        func row(_ cells: [String]) {
            Swift.print(
                zip(cells, widths).enumerated().map { index, pair in
                    index == 0
                        ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
                }.joined(separator: " ")
            )
        }
        row(header)
        for entry in rows {
            let result = entry.result
            let alone = entry.alone.map { String(format: "%.1f", median($0) * 1e3) } ?? "-"
            let notMeasured =
                entry.skipped
                ?? (result.requests == 0
                    ? String(
                        format: "no request answered within the %.0f s run (node CPU %.2f)",
                        result.seconds,
                        entry.nodeCores
                    )
                    : nil)
            if let notMeasured {
                Swift.print(entry.name.padding(toLength: 15, withPad: " ", startingAt: 0) + alone + "  " + notMeasured)
                continue
            }
            row([
                entry.name, alone, "\(result.requests)", String(format: "%.0f", result.rate),
                String(format: "%.2f", result.p50 * 1e3), String(format: "%.2f", result.p99 * 1e3),
                String(format: "%.2f", result.mean * 1e3), String(format: "%.1f", result.max * 1e3),
                "\(result.statusErrors + result.socketErrors)", String(format: "%.2f", entry.nodeCores),
                String(format: "%.2f", entry.load), entry.rss.map { String(format: "%.0f", Double($0) / 1024) } ?? "-",
            ])
        }
        Swift.print(
            "(alone: median of single requests before the load, curl, a TLS handshake each; "
                + "latency from wrk: request written to answer read, over keep-alive TLS connections; errors are "
                + "answers >= 400 and socket errors; node CPU is the receiver's cores busy during the run)"
        )
    }
}
