import CredexTesting
import Foundation
import GRDB
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `credex node run` as a child process: the lock, the admin socket, backup and restore.
@Suite("CLI running node")
struct RunningNodeTests {
    @Test("a second node is refused; issue goes through admin.sock; reads work; restore waits; SIGTERM stops cleanly")
    func secondProcess() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let running = try await node.startNode()
        defer { running.stop() }

        #expect(try mode(of: node.adminSocket) & 0o077 == 0, "admin.sock is for the operator only")

        let second = try await node.credex(["node", "run"], timeout: .seconds(20))
        #expect(second.status == 3, "\(second)")
        #expect(second.stderr.contains("a node or another command is using \(node.path); stop it first"), "\(second)")
        #expect(running.isRunning, "the first node keeps running")
        #expect(
            FileManager.default.fileExists(atPath: node.adminSocket.path),
            "the refused node leaves the socket alone"
        )

        let issued = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        #expect(issued.seq == 2)
        #expect(
            await poll(timeout: .seconds(5)) { running.stderrText.contains("admin.operation=issue") },
            "the running node did the issuing:\n\(running.stderrText)"
        )

        let log = try await node.credex("log", "--json")
        #expect(log.status == 0, "\(log)")
        #expect(try log.jsonArray().map { $0["id"] as? String }.last == issued.id, "\(log)")
        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
        let search = try await node.credex("search", "brewing", "--json")
        #expect(try search.jsonArray().count == 1, "\(search)")

        let backup = node.file("backup.sqlite").path
        let backedUp = try await node.credex("backup", backup)
        #expect(backedUp.status == 0, "\(backedUp)")
        let restore = try await node.credex("restore", backup)
        #expect(restore.status == 3, "\(restore)")
        #expect(restore.stderr.contains("a node or another command is using \(node.path); stop it first"), "\(restore)")

        let stopped = await node.stopNode(running)
        #expect(stopped.status == 0 && !stopped.signalled, "\(stopped)")
        #expect(stopped.stderr.contains("node stopped"), "\(stopped)")
        #expect(!FileManager.default.fileExists(atPath: node.adminSocket.path), "admin.sock is removed on stop")

        // Without a node, commands write directly again.
        let after = try await node.issue("spec", Examples.path("spec-anu-microcredential.json"))
        #expect(after.seq == 3)
    }

    @Test("a stale admin.sock left by a killed node does not stop the next node or a direct write")
    func staleSocket() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let first = try await node.startNode()
        defer { first.stop() }
        first.send(SIGKILL)
        #expect(await first.waitForExit(timeout: .seconds(10)))
        #expect(FileManager.default.fileExists(atPath: node.adminSocket.path), "SIGKILL leaves the socket file behind")

        // The kernel released the lock: a direct write takes it, ignoring the stale socket.
        let issued = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        #expect(issued.seq == 2)

        let second = try await node.startNode()
        defer { second.stop() }
        let viaSocket = try await node.issue("spec", Examples.path("spec-anu-microcredential.json"))
        #expect(viaSocket.seq == 3)
        let stopped = await node.stopNode(second)
        #expect(stopped.status == 0, "\(stopped)")
    }

    @Test("backup while the node runs, restore after it stops: issuing waits for confirm-head --force, then continues")
    func backupAndRestore() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let running = try await node.startNode()
        defer { running.stop() }
        let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let backup = node.file("backup.sqlite").path
        let backedUp = try await node.credex("backup", backup)
        #expect(backedUp.status == 0, "\(backedUp)")
        #expect(backedUp.stdout.contains("Backed up to \(backup)"), "\(backedUp)")
        let again = try await node.credex("backup", backup)
        #expect(again.status == 3, "\(again)")
        #expect(again.stderr.contains("already exists"), "\(again)")

        // Records issued after the backup: the restored node is behind them.
        let later = try await node.issue("spec", Examples.path("spec-anu-microcredential.json"))
        #expect(later.seq == spec.seq + 1)
        let stopped = await node.stopNode(running)
        #expect(stopped.status == 0, "\(stopped)")

        let restored = try await node.credex("restore", backup)
        #expect(restored.status == 0, "\(restored)")
        #expect(restored.stdout.contains("Restored \(spec.seq) records from \(backup)"), "\(restored)")
        #expect(restored.stdout.contains("will not issue until its head is confirmed"), "\(restored)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: node.path).filter {
            $0.hasPrefix("credex.sqlite.before-restore-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm")
        }
        #expect(kept.count == 1, "the replaced database is kept beside it")
        #expect(try await node.headSeq() == spec.seq)

        let refused = try await node.credex("issue", "spec", Examples.path("spec-hogent-sustainability.json"))
        #expect(refused.status == 3, "\(refused)")
        #expect(
            refused.stderr.contains("restored from a backup and will not issue until its head is confirmed"),
            "\(refused)"
        )
        #expect(refused.stderr.contains("credex confirm-head --force"), "\(refused)")

        let unforced = try await node.credex("confirm-head")
        #expect(unforced.status == 3, "\(unforced)")
        #expect(unforced.stderr.contains("--force confirms it on your word"), "\(unforced)")
        let stillRefused = try await node.credex("issue", "spec", Examples.path("spec-hogent-sustainability.json"))
        #expect(stillRefused.status == 3, "\(stillRefused)")

        let confirmed = try await node.credex("confirm-head", "--force")
        #expect(confirmed.status == 0, "\(confirmed)")
        #expect(confirmed.stdout.contains("Confirmed: "), "\(confirmed)")
        #expect(confirmed.stdout.contains("head #\(spec.seq) \(spec.id) confirmed by --force"), "\(confirmed)")

        let issued = try await node.issue("spec", Examples.path("spec-hogent-sustainability.json"))
        #expect(issued.seq == spec.seq + 1, "seq continues after the restored head")
        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
    }

    @Test("restore refuses a backup that fails its check, and a file that is not a database")
    func restoreRefusesDamagedBackup() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let notDatabase = try node.write("not-a-database.sqlite", String(repeating: "not sqlite\n", count: 500))
        let refused = try await node.credex("restore", notDatabase)
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("damaged") || refused.stderr.contains("not a database"), "\(refused)")
        #expect(try await node.headSeq() == 1, "the node's database is untouched")
        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
    }

    /// A flag the reader loops watch.
    final class Stop: Sendable {
        let requested = Atomic<Bool>(false)
    }

    /// `NodeAccess.reader()` takes the directory's exclusive lock for a moment to learn whether a
    /// node runs. A write (or `node run`) that starts in that moment finds the lock taken and exits 3
    /// with "another process holds … wait for it to finish", although only a reader was there.
    /// Fails (almost always: 30 writes, each with a one-in-ten to one-in-two chance to meet a reader) until
    /// writers wait briefly for the lock, or readers stop taking it exclusively.
    @Test("reads running at the same time never make a write fail")
    func readersDoNotBlockWriters() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let stop = Stop()
        let readers = (0..<3).map { _ in
            Task {
                var runs = 0
                while !stop.requested.load(ordering: .relaxed) {
                    _ = try? await node.credex("log", "--heads")
                    runs += 1
                }
                return runs
            }
        }
        var refused: [CLIResult] = []
        for _ in 1...30 {
            let issued = try await node.credex("issue", "spec", Examples.path("spec-anu-microcredential.json"))
            if issued.status != 0 { refused.append(issued) }
        }
        stop.requested.store(true, ordering: .relaxed)
        var reads = 0
        for reader in readers { reads += await reader.value }
        #expect(
            refused.count == 0,
            "\(refused.count) of 30 writes refused while \(reads) reads ran; first:\n\(refused.first.map { "\($0)" } ?? "")"
        )
        #expect(try await node.headSeq() == 31 - refused.count)
    }

    /// After a node dies (SIGKILL, power loss) its newest records can sit in credex.sqlite-wal.
    /// `restore` moves credex.sqlite aside as credex.sqlite.before-restore-<time> but deletes the
    /// -wal file, so the kept copy silently lacks those records: the very ones an operator needs
    /// before `confirm-head --force`. Fails until RestoreCommand checkpoints the old database
    /// before moving it (or moves its -wal beside the kept copy under the matching name).
    @Test("restore after a crash keeps the whole previous database, WAL included, beside the restored one")
    func restoreAfterCrashKeepsPreviousDatabase() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let backup = node.file("backup.sqlite").path
        let backedUp = try await node.credex("backup", backup)
        #expect(backedUp.status == 0, "\(backedUp)")

        let running = try await node.startNode()
        defer { running.stop() }
        _ = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let newest = try await node.issue("spec", Examples.path("spec-anu-microcredential.json"))
        running.send(SIGKILL)
        #expect(await running.waitForExit(timeout: .seconds(10)))
        let wal = try? FileManager.default.attributesOfItem(atPath: node.database.path + "-wal")
        #expect(((wal?[.size] as? NSNumber)?.intValue ?? 0) > 0, "the killed node left its newest records in the WAL")

        let restored = try await node.credex("restore", backup)
        #expect(restored.status == 0, "\(restored)")
        let kept = try #require(
            try FileManager.default.contentsOfDirectory(atPath: node.path)
                .first {
                    $0.hasPrefix("credex.sqlite.before-restore-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm")
                }
        )
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: node.url.appendingPathComponent(kept).path, configuration: configuration)
        let keptHead = try await queue.read { db in try Int.fetchOne(db, sql: "SELECT max(seq) FROM record") }
        try queue.close()
        #expect(keptHead == newest.seq, "\(kept) ends at #\(keptHead ?? 0); the node had issued #\(newest.seq)")
    }

    /// An input file over the admin socket's 4 MB limit: the node drops the connection without an
    /// answer, and the CLI prints "Error: DecodingError.dataCorrupted … not valid JSON" with exit 1,
    /// the code for a failed verification. Without a running node the same file exits 3.
    /// Fails until AdminServer answers an oversized request with an error response (or AdminClient
    /// turns a missing or unreadable answer into a NodeError, exit 3).
    @Test("an input too large for the admin socket exits 3 and says it is too large")
    func oversizedAdminRequest() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        var spec =
            try JSONSerialization.jsonObject(with: Data(Examples.text("spec-maynooth-brewing.json").utf8))
            as? [String: Any] ?? [:]
        spec["description"] = ["en": String(repeating: "x", count: 5_000_000)]
        let big = node.file("big-spec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: big)

        let direct = try await node.credex("issue", "spec", big.path)
        #expect(direct.status == 3, "\(direct)")
        #expect(direct.stderr.contains("too-large"), "\(direct)")

        let running = try await node.startNode()
        defer { running.stop() }
        let viaSocket = try await node.credex("issue", "spec", big.path)
        #expect(viaSocket.status == 3, "\(viaSocket)")
        #expect(viaSocket.stderr.contains("larger than") || viaSocket.stderr.contains("too-large"), "\(viaSocket)")
        #expect(running.isRunning)
        let stopped = await node.stopNode(running)
        #expect(stopped.status == 0, "\(stopped)")
        #expect(try await node.headSeq() == 1)
    }
}
