import CredexCore
import CredexReplication
import CredexTesting
import Testing

/// The Prometheus rendering: every family typed, labelled by peer, issuer, reason and blamed party.
@Suite struct MetricsTests {
    @Test func prometheusTextNamesPeerIssuerReasonAndBlame() async throws {
        var issuer = try TestIssuer(seed: 1)
        var outsider = try TestIssuer(seed: 7)
        let harness = try Harness(trust: try Federation.trust([Federation.member(issuer)]))
        await harness.peer.serve(try specs(&issuer, 3) + specs(&outsider, 1))
        try await harness.replicator.round()

        let text = await harness.metrics.prometheusText()
        let peer = harness.peer.peer
        for line in [
            "# TYPE credex_replication_records_stored_total counter",
            "credex_replication_records_stored_total{peer=\"\(peer)\"} 3",
            "credex_replication_rounds_total{peer=\"\(peer)\"} 1",
            "credex_replication_round_failures_total{peer=\"\(peer)\"} 0",
            "credex_replication_peer_failing{peer=\"\(peer)\"} 0",
            "credex_replication_records_verified_total{peer=\"\(peer)\"} 4",
            "# TYPE credex_replication_lag_records gauge",
            "credex_replication_lag_records{issuer=\"\(issuer.nodeID)\",peer=\"\(peer)\"} 0",
            "credex_replication_lag_records{issuer=\"\(outsider.nodeID)\",peer=\"\(peer)\"} 1",
            "credex_replication_refusals_total{blamed=\"\(outsider.nodeID)\",party=\"issuer\",peer=\"\(peer)\",reason=\"not-member\"} 1",
            "# TYPE credex_replication_forks_total counter",
        ] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
        #expect(text.contains("credex_replication_verify_rate{peer=\"\(peer)\"} "))
        #expect(await harness.metrics.refusals(blaming: .issuer(outsider.nodeID)) == 1)
    }
}
