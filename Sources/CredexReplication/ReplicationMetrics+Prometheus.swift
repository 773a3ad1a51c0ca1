import CredexCore
import Foundation

extension ReplicationMetrics {
    /// The metrics in the Prometheus text exposition format, sorted so the output is stable.
    ///
    /// Counters: `credex_replication_records_stored_total`, `_bytes_received_total`,
    /// `_rounds_total`, `_round_failures_total`, `_records_verified_total`,
    /// `_verify_seconds_total` (label `peer`), `_refusals_total` (`peer`, `reason`, `party`,
    /// `blamed`), `_forks_total` (`issuer`). Gauges: `_peer_failing` and `_verify_rate` (`peer`),
    /// `_lag_records` (`peer`, `issuer`).
    public func prometheusText() -> String {
        let peers = peers.sorted { $0.key.rawValue < $1.key.rawValue }
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP credex_replication_\(name) \(help)\n# TYPE credex_replication_\(name) \(type)\n"
            for sample in samples { text += "credex_replication_\(name){\(sample.labels)} \(sample.value)\n" }
        }
        func perPeer(_ value: (Peer) -> String) -> [(labels: String, value: String)] {
            peers.map { (Self.labels(["peer": $0.key.rawValue]), value($0.value)) }
        }
        family(
            "records_stored_total",
            "counter",
            "Records pulled from the peer and stored.",
            perPeer { "\($0.recordsStored)" }
        )
        family(
            "bytes_received_total",
            "counter",
            "Bytes of records bodies received.",
            perPeer { "\($0.bytesReceived)" }
        )
        family("rounds_total", "counter", "Rounds of comparing heads and pulling.", perPeer { "\($0.rounds)" })
        family("round_failures_total", "counter", "Rounds that ended in an error.", perPeer { "\($0.failedRounds)" })
        family("peer_failing", "gauge", "1 when the last round failed.", perPeer { $0.lastError == nil ? "0" : "1" })
        family(
            "records_verified_total",
            "counter",
            "Records parsed and signature-checked.",
            perPeer { "\($0.recordsVerified)" }
        )
        family("verify_seconds_total", "counter", "Wall time spent verifying.", perPeer { "\($0.verifyTime.seconds)" })
        family("verify_rate", "gauge", "Records verified per second of verifying.", perPeer { "\($0.verifyRate)" })
        family(
            "lag_records",
            "gauge",
            "Records of an issuer the peer holds and this node does not.",
            peers.flatMap { peer in
                peer.value.lag.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                    (Self.labels(["peer": peer.key.rawValue, "issuer": $0.key.rawValue]), "\($0.value)")
                }
            }
        )
        family(
            "refusals_total",
            "counter",
            "Records refused, by reason and blamed party.",
            peers.flatMap { peer in
                peer.value.refusals.map { key, count in
                    let labels = [
                        "peer": peer.key.rawValue, "reason": key.reason.name, "party": key.blamed.party,
                        "blamed": key.blamed.node.rawValue,
                    ]
                    return (Self.labels(labels), "\(count)")
                }
                .sorted { $0.0 < $1.0 }
            }
        )
        family(
            "forks_total",
            "counter",
            "Forks seen: two validly signed records at one seq of an issuer's log.",
            forks.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                (Self.labels(["issuer": $0.key.rawValue]), "\($0.value)")
            }
        )
        return text
    }

    private static func labels(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        .joined(separator: ",")
    }
}
