import CredexTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `credex node run` replicating between real nodes over mutual TLS on loopback.
@Suite("CLI replication", .serialized)
struct ReplicationTests {
    @Test("three nodes converge: each holds every other's records, which verify as their issuer's")
    func threeNodesConverge() async throws {
        let federation = try await LocalFederation.make(count: 3)
        defer { federation.remove() }
        var specs: [(node: Int, id: String, seq: Int)] = []
        for (index, node) in federation.nodes.enumerated() {
            let spec = try await node.issue("spec", Examples.path(Examples.specs[index]))
            specs.append((index, spec.id, spec.seq))
        }
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        for index in federation.nodes.indices { running.append(try await federation.start(index)) }

        for spec in specs {
            let issuer = federation.nodes[spec.node].nodeID
            let reached = try await federation.waitForHead(issuer, spec.seq, at: Array(federation.nodes.indices))
            #expect(reached, "\(issuer) #\(spec.seq) did not reach every node:\n\(running.map(\.stderrText))")
        }
        // Issued while running, it travels too.
        let late = try await federation.nodes[0].issue("spec", Examples.path(Examples.specs[3]))
        #expect(try await federation.waitForHead(federation.nodes[0].nodeID, late.seq, at: [1, 2]))
        // A puller that found its peer not yet listening waits out its backoff before it is in sync.
        var peers = try await federation.nodes[0].credex("peers")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(90)
        while clock.now < deadline, peers.stdout.components(separatedBy: "  in sync  lag 0").count < 3 {
            try await Task.sleep(for: .milliseconds(500))
            peers = try await federation.nodes[0].credex("peers")
        }
        #expect(peers.status == 0, "\(peers)")
        for other in federation.nodes.dropFirst() {
            #expect(peers.stdout.contains("\(other.nodeID)  mtls  in sync  lag 0"), "\(peers)")
        }
        for spec in specs {
            for node in federation.nodes {
                let verified = try await node.credex("verify", spec.id)
                #expect(verified.status == 0, "\(verified)")
                #expect(verified.stdout.contains(federation.nodes[spec.node].nodeID), "\(verified)")
            }
        }
    }

    @Test("a line A - B - C: A's records reach C through B and verify there as A's")
    func lineTopology() async throws {
        let federation = try await LocalFederation.make(count: 3)
        defer { federation.remove() }
        let spec = try await federation.nodes[0].issue("spec", Examples.path("spec-maynooth-brewing.json"))
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        running.append(try await federation.start(0, peers: [1]))
        running.append(try await federation.start(1, peers: [0, 2]))
        // C takes its peer from the environment rather than an option.
        running.append(try await federation.start(2, environment: ["CREDEX_PULL_FROM": federation.nodes[1].nodeID]))
        let issuer = federation.nodes[0].nodeID
        #expect(
            try await federation.waitForHead(issuer, spec.seq, at: [2]),
            "\(running.map(\.stderrText))"
        )
        let verified = try await federation.nodes[2].credex("verify", spec.id)
        #expect(verified.status == 0 && verified.stdout.contains(issuer), "\(verified)")
        let peers = try await federation.nodes[2].credex("peers", "--json")
        let pulled = try peers.jsonArray().filter { $0["pulling"] as? Bool == true }.compactMap {
            $0["node"] as? String
        }
        #expect(pulled == [federation.nodes[1].nodeID], "\(peers)")
        let log = running[2].stderrText
        #expect(log.contains("peer.id=\(federation.nodes[1].nodeID)"), "C pulls from B:\n\(log)")
        #expect(!log.contains("peer.id=\(issuer)"), "C never called A:\n\(log)")
    }

    @Test(
        "an old backup restored at A: A pulls its later records back from B, its peers confirm its head, and it issues on without a fork"
    )
    func restoredNodeDoesNotFork() async throws {
        let federation = try await LocalFederation.make(count: 2)
        defer { federation.remove() }
        let (a, b) = (federation.nodes[0], federation.nodes[1])
        _ = try await a.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let backup = federation.file("a-backup.sqlite")
        try LocalFederation.succeed(try await a.credex("backup", backup))
        let later = try await a.issue("spec", Examples.path("spec-hogent-sustainability.json"))

        var running = [try await federation.start(0), try await federation.start(1)]
        defer { for child in running { child.stop() } }
        #expect(try await federation.waitForHead(a.nodeID, later.seq, at: [1]), "\(running[1].stderrText)")
        running[0].send(SIGTERM)
        #expect(await running[0].waitForExit(timeout: .seconds(30)))

        try LocalFederation.succeed(try await a.credex("restore", backup))
        #expect(try await a.headSeq() == later.seq - 1, "the backup is one record behind")
        running[0] = try await federation.start(0)
        let confirmed = await poll(timeout: .seconds(60)) { running[0].stderrText.contains("head confirmed") }
        #expect(confirmed, "\(running[0].stderrText)")
        #expect(try await a.headSeq() == later.seq, "A pulled its own later record back from B")
        #expect(running[0].stderrText.contains("confirmed by peers \(b.nodeID)"), "\(running[0].stderrText)")

        let next = try await a.issue("spec", Examples.path("spec-nptel-c-programming.json"))
        #expect(next.seq == later.seq + 1, "A issues after its real head, never at a seq it used")
        #expect(try await federation.waitForHead(a.nodeID, next.seq, at: [1]), "\(running[1].stderrText)")
        for node in [a, b] {
            let heads = try await node.credex("log", "--heads", "--json")
            #expect(!heads.stdout.contains("\"forked\" : true"), "\(heads)")
            let check = try await node.credex("check")
            #expect(check.status == 0 && check.stdout.contains("No problems found."), "\(check)")
        }
    }
}
