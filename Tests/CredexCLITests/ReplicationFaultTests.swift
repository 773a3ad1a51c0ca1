import CredexCore
import CredexJSON
import CredexTesting
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Replication through crashes, partitions and kinds a node does not know.
@Suite("CLI replication faults", .serialized)
struct ReplicationFaultTests {
    /// B's log of A is whole and chained, and B holds it up to `seq`.
    static func expectIntact(_ federation: LocalFederation, node: Int, issuer: Int, upTo seq: Int) async throws {
        let check = try await federation.nodes[node].credex(["check"], timeout: .seconds(120))
        #expect(check.status == 0 && check.stdout.contains("No problems found."), "\(check)")
        #expect(try await federation.nodes[node].headSeq(of: federation.nodes[issuer].nodeID) == seq)
    }

    @Test(
        "25 SIGKILLs of a node in the middle of a pull: nothing lost, nothing twice, every chain intact, then it catches up"
    )
    func killDuringPull() async throws {
        let federation = try await LocalFederation.make(count: 2)
        defer { federation.remove() }
        let (a, b) = (federation.nodes[0], federation.nodes[1])
        let chain = try await OwnChainFile.write(
            a,
            count: 12_000,
            to: federation.temp.url.appendingPathComponent("a.jsonl")
        )
        try LocalFederation.succeed(try await a.credex(["import", chain.url.path], timeout: .seconds(300)))
        let sender = try await federation.start(0)
        defer { sender.stop() }

        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        print("[kill-pull] seed \(seed)")
        var heads: [Int] = []
        for round in 1...25 {
            // Killed at a random point past an even share of the log, once B has committed that far.
            let share = chain.lastSeq * round / 27
            let target = share + Int.random(in: 0...(chain.lastSeq / 60), using: &random)
            let delay = Int.random(in: 0...150, using: &random)
            let receiver = try await federation.start(1)
            let reached = await poll(timeout: .seconds(120)) {
                KillDuringImportTests.committedHead(b, issuer: a.nodeID) >= target || !receiver.isRunning
            }
            #expect(reached && receiver.isRunning, "round \(round): #\(target) not reached\n\(receiver.stderrText)")
            try await Task.sleep(for: .milliseconds(delay))
            receiver.send(SIGKILL)
            #expect(await receiver.waitForExit(timeout: .seconds(30)), "round \(round)")
            receiver.stop()
            print("[kill-pull] round \(round): past #\(target), then \(delay) ms")
            heads.append(try await b.headSeq(of: a.nodeID))
            if round % 5 == 0 {  // every chain checked whole: signatures, links, no duplicate
                let check = try await b.credex(["check"], timeout: .seconds(300))
                #expect(check.status == 0 && check.stdout.contains("No problems found."), "round \(round): \(check)")
            }
        }
        print("[kill-pull] heads after each kill: \(heads)")
        #expect(heads == heads.sorted(), "a kill never loses stored records (seed \(seed))")
        #expect(heads.allSatisfy { $0 < chain.lastSeq }, "every kill landed before the pull finished: \(heads)")
        #expect(Set(heads).count > 15, "and at different points of it: \(heads)")

        let receiver = try await federation.start(1)
        defer { receiver.stop() }
        #expect(try await federation.waitForHead(a.nodeID, chain.lastSeq, at: [1], timeout: .seconds(180)))
        try await Self.expectIntact(federation, node: 1, issuer: 0, upTo: chain.lastSeq)
    }

    @Test("a partition: B stops, both sides issue, B restarts, and the three converge")
    func partitionHeals() async throws {
        let federation = try await LocalFederation.make(count: 3)
        defer { federation.remove() }
        var running = [
            try await federation.start(0), try await federation.start(1), try await federation.start(2),
        ]
        defer { for child in running { child.stop() } }
        running[1].send(SIGTERM)
        #expect(await running[1].waitForExit(timeout: .seconds(30)))
        let onA = try await federation.nodes[0].issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let onB = try await federation.nodes[1].issue("spec", Examples.path("spec-hogent-sustainability.json"))
        running[1] = try await federation.start(1)
        let everyone = Array(federation.nodes.indices)
        #expect(try await federation.waitForHead(federation.nodes[0].nodeID, onA.seq, at: everyone))
        #expect(try await federation.waitForHead(federation.nodes[1].nodeID, onB.seq, at: everyone))
    }

    @Test("a record of a kind this version does not know is stored and relayed, its envelope verified")
    func unknownKindIsRelayed() async throws {
        let federation = try await LocalFederation.make(count: 3)
        defer { federation.remove() }
        let a = federation.nodes[0]
        let body: JSONValue = ["type": "credex.transcript/1", "note": "a kind from a newer version"]
        let chain = try await OwnChainFile.write(
            a,
            count: 1,
            kind: RecordKind(rawValue: "transcript"),
            body: body,
            to: federation.temp.url.appendingPathComponent("newer.jsonl")
        )
        try LocalFederation.succeed(try await a.credex("import", chain.url.path))
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        running.append(try await federation.start(0, peers: [1]))
        running.append(try await federation.start(1, peers: [0]))
        running.append(try await federation.start(2, peers: [1]))
        #expect(try await federation.waitForHead(a.nodeID, chain.lastSeq, at: [1, 2]), "\(running[2].stderrText)")
        let log = try await federation.nodes[2].credex("log", "--issuer", a.nodeID, "--json")
        let relayed = try #require(try log.jsonArray().last)
        #expect(relayed["kind"] as? String == "transcript", "\(log)")
        let shown = try await federation.nodes[2].credex("show", try #require(relayed["id"] as? String))
        #expect(shown.stdout.contains("signature verified"), "\(shown)")
    }

    @Test(
        "a node that forks itself is caught: its peer keeps both records, freezes its log, alerts and counts it in /metrics"
    )
    func forkIsAlerted() async throws {
        let federation = try await LocalFederation.make(count: 2)
        defer { federation.remove() }
        let (a, b) = (federation.nodes[0], federation.nodes[1])
        let alerted = federation.file("alert.txt")
        try RevocationListTests.setConfiguration(
            b,
            "alertCommand",
            ["/bin/sh", "-c", "env | grep '^CREDEX_ALERT_' >> \(alerted)"]
        )
        let backup = federation.file("a-backup.sqlite")
        try LocalFederation.succeed(try await a.credex("backup", backup))
        let first = try await a.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let runningB = try await federation.start(1, extra: ["--api-listen", "127.0.0.1:0"])
        defer { runningB.stop() }
        var runningA = try await federation.start(0)
        #expect(try await federation.waitForHead(a.nodeID, first.seq, at: [1]))
        runningA.send(SIGTERM)
        #expect(await runningA.waitForExit(timeout: .seconds(30)))

        // The operator restores an old backup and overrides the confirmation: A signs a second #2.
        try LocalFederation.succeed(try await a.credex("restore", backup))
        try LocalFederation.succeed(try await a.credex("confirm-head", "--force"))
        let second = try await a.issue("spec", Examples.path("spec-hogent-sustainability.json"))
        #expect(second.seq == first.seq && second.id != first.id)
        runningA = try await federation.start(0, peers: [])
        defer { runningA.stop() }

        let caught = await poll(timeout: .seconds(60)) {
            (try? String(contentsOfFile: alerted, encoding: .utf8))?.contains("CREDEX_ALERT_KIND=fork") == true
        }
        #expect(caught, "\(runningB.stderrText)")
        let detail = (try? String(contentsOfFile: alerted, encoding: .utf8)) ?? ""
        #expect(detail.contains("CREDEX_ALERT_DETAIL=\(a.nodeID) signed two records at one seq"), "\(detail)")
        let heads = try await b.credex("log", "--heads", "--json")
        #expect(heads.stdout.contains("\"forked\" : true"), "\(heads)")

        let api = try #require(NodeListenersTests.port(of: "api", in: runningB.stderrText))
        let metrics = try await NodeListenersTests.curl(["-k", "https://127.0.0.1:\(api)/metrics"])
        #expect(metrics.contains("credex_logs_forked 1"), "\(metrics)")
        #expect(metrics.contains("credex_replication_forks_total{issuer=\"\(a.nodeID)\"} 1"), "\(metrics)")
        #expect(metrics.contains("credex_records_held{issuer=\"\(a.nodeID)\"} \(first.seq)"), "\(metrics)")
    }

    @Test(
        "a record tampered on the way (here on a relay's disk) is refused, nothing stored, blamed on its issuer in the log and /metrics"
    )
    func tamperedRecordIsRefused() async throws {
        let federation = try await LocalFederation.make(count: 2)
        defer { federation.remove() }
        let (a, b) = (federation.nodes[0], federation.nodes[1])
        let spec = try await a.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let queue = try DatabaseQueue(path: a.database.path)
        try await queue.write { db in
            let bytes = try #require(
                try Data.fetchOne(db, sql: "SELECT bytes FROM record WHERE id = ?", arguments: [spec.id])
            )
            let tampered = Data(
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Brewing", with: "Brewinf").utf8
            )
            #expect(tampered != bytes && tampered.count == bytes.count)
            try db.execute(sql: "UPDATE record SET bytes = ? WHERE id = ?", arguments: [tampered, spec.id])
        }
        try queue.close()

        var running = [try await federation.start(0)]
        running.append(try await federation.start(1, extra: ["--api-listen", "127.0.0.1:0"]))
        defer { for child in running { child.stop() } }
        let refused = await poll(timeout: .seconds(30)) {
            running[1].stderrText.contains(
                "refused \(a.nodeID) #\(spec.seq): bad-signature, blamed on issuer \(a.nodeID)"
            )
        }
        #expect(refused, "\(running[1].stderrText)")
        #expect(try await b.headSeq(of: a.nodeID) == spec.seq - 1, "nothing of the tampered record was stored")
        let api = try #require(NodeListenersTests.port(of: "api", in: running[1].stderrText))
        let metrics = try await NodeListenersTests.curl(["-k", "https://127.0.0.1:\(api)/metrics"])
        let line = metrics.split(separator: "\n").first {
            $0.hasPrefix("credex_replication_refusals_total{") && $0.contains("reason=\"bad-signature\"")
                && $0.contains("party=\"issuer\"") && $0.contains("blamed=\"\(a.nodeID)\"")
        }
        #expect(line != nil, "\(metrics)")
    }
}
