import CredexTesting
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL in the middle of `credex import`: a batch is one transaction, so after the kill the
/// issuer's log holds whole batches only, and `check` finds nothing wrong.
///
/// Every round logs its seed and delay (lines starting `[kill-import]`), so a failure can be replayed.
@Suite("CLI SIGKILL during import", .serialized)
struct KillDuringImportTests {
    /// Records in the chain: enough that the append alone runs for seconds in a debug build.
    static let recordCount = 4_000
    /// A WAL this large means the import's transaction is writing pages (opening the store writes ~8 kB).
    static let walInTransaction = 256 * 1024

    /// The size of the node's WAL file, 0 when it does not exist.
    static func walSize(_ node: TestNode) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: node.database.path + "-wal")
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The committed head of `issuer`, read by this process straight from the database while the
    /// import runs (a `credex` reader would take the directory lock, and the import would fail).
    static func committedHead(_ node: TestNode, issuer: String) -> Int {
        guard walSize(node) > 0 else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: node.database.path, configuration: configuration) else { return 0 }
        defer { try? queue.close() }
        let head = try? queue.read { db in
            try Int.fetchOne(db, sql: "SELECT max(seq) FROM record WHERE issuer = ?", arguments: [issuer])
        }
        return (head ?? nil) ?? 0
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// One round on a fresh node: `credex import` started, `trigger` awaited (if any), SIGKILL after
    /// `delay`; then the head of the chain's issuer, and a clean `check`.
    static func round(
        _ label: String,
        chain: RecordChainFile,
        batch: Int,
        delay: Duration,
        trigger: (@Sendable (TestNode) async -> Bool)? = nil
    ) async throws -> Int {
        let node = try await TestNode.create()
        defer { node.remove() }
        let clock = ContinuousClock()
        let started = clock.now
        let child = try ChildProcess(["import", chain.url.path, "--batch", "\(batch)", "--dir", node.path])
        defer { child.stop() }
        if let trigger {
            let deadline = clock.now + .seconds(120)
            while child.isRunning, clock.now < deadline, await !trigger(node) {
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        if child.isRunning { try await Task.sleep(for: delay) }
        let killedAt = clock.now - started
        let wal = walSize(node)
        let finishedFirst = !child.isRunning
        child.send(SIGKILL)
        #expect(await child.waitForExit(timeout: .seconds(30)))
        let finished = child.result()
        if finishedFirst {
            #expect(
                finished.status == 0,
                "\(label): the import finished before the kill, so it succeeded:\n\(finished)"
            )
        } else {
            #expect(finished.signalled && finished.status == SIGKILL, "\(label): \(finished)")
        }

        let head = try await node.headSeq(of: chain.issuer)
        print(
            "[kill-import] \(label): --batch \(batch), delay \(milliseconds(delay)) ms\(trigger == nil ? "" : " after the trigger"),"
                + " killed \(milliseconds(killedAt)) ms after start, WAL \(wal) bytes,"
                + " \(finishedFirst ? "import had already finished" : "import running") → head #\(head) of \(chain.count)"
        )
        let check = try await node.credex(["check"], timeout: .seconds(120))
        #expect(check.status == 0, "\(label): \(check)")
        #expect(check.stdout.contains("Checked \(head + 1) records"), "\(label): \(check)")
        #expect(check.stdout.contains("No problems found."), "\(label): \(check)")
        #expect(try await node.headSeq() == 1, "\(label): the node's own log is untouched")
        return head
    }

    @Test(
        "SIGKILL at random moments of a one-transaction import leaves 0 or all records; --batch 1000 leaves whole batches"
    )
    func killDuringImport() async throws {
        let temp = try TemporaryDirectory(prefix: "credex-cli-kill")
        defer { temp.remove() }
        let clock = ContinuousClock()
        let chain = try RecordChainFile.write(
            count: Self.recordCount,
            seed: 99,
            to: temp.url.appendingPathComponent("chain.jsonl")
        )

        // Measure a whole import, and when its transaction starts writing.
        let node = try await TestNode.create()
        defer { node.remove() }
        let started = clock.now
        let child = try ChildProcess(["import", chain.url.path, "--batch", "0", "--dir", node.path])
        defer { child.stop() }
        var appending: Duration?
        let done = await poll(timeout: .seconds(300)) {
            if appending == nil, Self.walSize(node) >= Self.walInTransaction { appending = clock.now - started }
            return !child.isRunning
        }
        let fullTime = clock.now - started
        #expect(done, "the import did not finish within 300 s")
        let full = child.result()
        #expect(full.status == 0, "\(full)")
        #expect(
            full.stdout.contains("Read \(chain.count) records: \(chain.count) appended, 0 already held."),
            "\(full)"
        )
        #expect(try await node.headSeq(of: chain.issuer) == chain.count)
        let total = Self.milliseconds(fullTime)
        let writing = appending.map(Self.milliseconds)
        print(
            "[kill-import] a whole import of \(chain.count) records in one transaction took \(total) ms;"
                + " its WAL passed \(Self.walInTransaction / 1024) kB at \(writing.map { "\($0) ms" } ?? "no time")"
        )
        #expect(total >= 1_000, "the import is too quick to be killed mid-way; raise recordCount")

        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        print("[kill-import] seed \(seed)")
        for round in 1...5 {
            let delay = Duration.milliseconds(Int.random(in: 50...max(51, total), using: &random))
            let head = try await Self.round("round \(round)", chain: chain, batch: 0, delay: delay)
            #expect(head == 0 || head == chain.count, "round \(round) (seed \(seed), delay \(delay)): head #\(head)")
        }

        // Killed while the transaction writes pages, so surely mid-append.
        let inAppend = Duration.milliseconds(Int.random(in: 0...max(1, (total - (writing ?? 0)) / 2), using: &random))
        let appendHead = try await Self.round("while appending", chain: chain, batch: 0, delay: inAppend) { node in
            Self.walSize(node) >= Self.walInTransaction
        }
        #expect(appendHead == 0 || appendHead == chain.count, "seed \(seed), delay \(inAppend): head #\(appendHead)")

        // Batches of 1000: killed once some batches are in, whole batches survive.
        let target = 1_000 * Int.random(in: 1...3, using: &random)
        let batchDelay = Duration.milliseconds(Int.random(in: 0...500, using: &random))
        let batchHead = try await Self.round(
            "batches of 1000, past #\(target)",
            chain: chain,
            batch: 1_000,
            delay: batchDelay
        ) { node in
            Self.committedHead(node, issuer: chain.issuer) >= target
        }
        #expect(batchHead % 1_000 == 0 && batchHead >= target, "seed \(seed), delay \(batchDelay): head #\(batchHead)")
    }
}
