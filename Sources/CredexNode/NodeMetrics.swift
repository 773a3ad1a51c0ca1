import CredexReplication
import CredexStore

/// The Prometheus text a running node serves at `/metrics` on its API port: the records it holds
/// per log, forked logs, and replication's figures per peer (`ReplicationMetrics`).
enum NodeMetrics {
    static func text(store: any RecordStore, replication: ReplicationMetrics) async throws -> String {
        let heads = try await store.heads()
        var lines = [
            "# HELP credex_records_held Records held of each issuer's log (its head seq: logs have no gaps).",
            "# TYPE credex_records_held gauge",
        ]
        for head in heads {
            lines.append("credex_records_held{issuer=\"\(escaped(head.issuer.rawValue))\"} \(head.seq)")
        }
        lines += [
            "# HELP credex_logs_forked Logs frozen after a fork, until the admins resolve it.",
            "# TYPE credex_logs_forked gauge",
            "credex_logs_forked \(heads.filter(\.forked).count)",
        ]
        return lines.joined(separator: "\n") + "\n" + (await replication.prometheusText())
    }

    /// A label value with `\`, `"` and newlines escaped, as the text format requires.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
