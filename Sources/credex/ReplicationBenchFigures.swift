import Foundation

/// What `credex bench replicate` measured, printed as one table beside the targets.
struct ReplicationBenchFigures {
    let records: Int
    let cores: Int
    var verifyRate = 0.0
    var filled = ReplicationBenchRecords.Filled()
    /// From starting the receiver until it held the sender's head.
    var replicationTime: Duration = .zero
    /// From starting the receiver until it held the first new record.
    var firstRecord: Duration?
    /// The receiver's VmHWM and VmRSS at the end, in KiB.
    var peakRSS: Int?
    var endRSS: Int?
    /// CPU seconds the receiver and the sender used while the receiver caught up.
    var receiverCPU: Double?
    var senderCPU: Double?
    /// What the sender wrote to its sockets while the receiver caught up.
    var wireBytes: Int?
    /// The first in-sync round (a fresh TLS handshake and the receiver's first read of its heads).
    var firstRound: Duration = .zero
    /// The median in-sync round, in seconds.
    var roundTime = 0.0
    /// Bytes the sender and this process wrote over `rounds` in-sync rounds.
    var roundBytes = (sender: 0, receiver: 0, rounds: 1)

    /// The stages of a batch timed apart, in seconds.
    var phases: ReplicationBenchPhases.Medians?

    func print() {
        let endToEnd = Double(records) / replicationTime.inSeconds
        let rawRate = Double(records) / filled.rawInsertTime.inSeconds
        let canonical = Double(filled.canonicalBytes) / Double(records)
        func line(_ name: String, _ value: String, _ note: String = "") {
            Swift.print(
                name.padding(toLength: 34, withPad: " ", startingAt: 0) + value + (note.isEmpty ? "" : "  " + note)
            )
        }
        Swift.print("credex bench replicate: \(records) records, \(cores) cores")
        line("record size", String(format: "%.0f B canonical, %.0f B framed", canonical, canonical + 4))
        line(
            "end to end",
            String(format: "%.0f records/s", endToEnd),
            String(
                format: "(%.1f s from receiver start; first record at %.2f s) target >= %.0f/s (half verify): %@",
                replicationTime.inSeconds,
                firstRecord?.inSeconds ?? 0,
                verifyRate / 2,
                endToEnd >= verifyRate / 2 ? "met" : "NOT met"
            )
        )
        line("Ed25519 verify, all cores", String(format: "%.0f/s", verifyRate), "(median of 3)")
        line(
            "raw insert, same rows",
            String(format: "%.0f records/s", rawRate),
            "(fresh store, no verification, one transaction per batch, as replication stores them)"
        )
        line("signing the sender's log", String(format: "%.0f records/s", Double(records) / filled.signTime.inSeconds))
        if let peakRSS {
            line(
                "receiver peak RSS (VmHWM)",
                String(format: "%.1f MiB", Double(peakRSS) / 1024),
                String(
                    format: "(VmRSS at the end %.1f MiB) target < 256 MB: %@",
                    Double(endRSS ?? 0) / 1024,
                    Double(peakRSS) * 1024 < 256e6 ? "met" : "NOT met"
                )
            )
        } else {
            line("receiver peak RSS (VmHWM)", "not read")
        }
        if let receiverCPU, let senderCPU {
            line(
                "CPU while catching up",
                String(format: "receiver %.1f s, sender %.1f s", receiverCPU, senderCPU),
                String(
                    format: "(%.2f and %.2f of %d cores busy)",
                    receiverCPU / replicationTime.inSeconds,
                    senderCPU / replicationTime.inSeconds,
                    cores
                )
            )
        }
        if let wireBytes {
            line(
                "wire bytes / record",
                String(format: "%.1f B", Double(wireBytes) / Double(records)),
                String(format: "(sender to receiver, TLS over TCP; %.1f MB in all)", Double(wireBytes) / 1e6)
            )
        }
        if let phases {
            let sum = phases.fetch + phases.parse + phases.verify + phases.append
            line(
                "batch stages, ms per \(phases.batchSize)",
                String(
                    format: "fetch %.1f, parse %.1f, verify %.1f, append %.1f",
                    phases.fetch * 1e3,
                    phases.parse * 1e3,
                    phases.verify * 1e3,
                    phases.append * 1e3
                ),
                String(
                    format: "(medians of %d, in this process; parse one core, verify all cores with body decoding; "
                        + "in series %.1f ms = %.0f records/s)",
                    phases.batches,
                    sum * 1e3,
                    Double(phases.batchSize) / sum
                )
            )
        }
        line(
            "in-sync round",
            String(format: "%.2f ms", roundTime * 1e3),
            String(
                format: "(median of %d; first %.2f ms) target < 10 ms: %@",
                roundBytes.rounds,
                firstRound.inSeconds * 1e3,
                roundTime < 0.010 ? "met" : "NOT met"
            )
        )
        line(
            "in-sync round bytes",
            String(
                format: "%.0f B",
                Double(roundBytes.sender + roundBytes.receiver) / Double(roundBytes.rounds)
            ),
            String(
                format: "(%.0f B from the sender, %.0f B from the receiver, TLS handshake included)",
                Double(roundBytes.sender) / Double(roundBytes.rounds),
                Double(roundBytes.receiver) / Double(roundBytes.rounds)
            )
        )
    }
}

extension Duration {
    /// The duration in seconds, as a fraction.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
