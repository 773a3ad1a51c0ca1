import CredexTesting
import Foundation
import Testing

/// A node on a file system that refuses writes: read-only, or full. Root ignores file modes, so
/// these mount a small tmpfs; they are skipped where this process may not mount.
@Suite(
    "CLI read-only and full file systems",
    .enabled(if: TemporaryMount.available, "needs mount -t tmpfs (root with CAP_SYS_ADMIN)")
)
struct FilesystemTests {
    @Test("on a read-only file system every write exits 3 and says so; nothing changes")
    func readOnlyDirectory() async throws {
        let outer = try TemporaryDirectory(prefix: "credex-cli-ro")
        defer { outer.remove() }
        let mount = try TemporaryMount(at: outer.url, size: "4m")
        defer { mount.unmount() }
        let node = try await TestNode.create(folder: mount.url)
        defer { node.remove() }
        let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let before = try node.files().map { ($0.path, $0.bytes) }
        try mount.makeReadOnly()

        let issue = try await node.credex("issue", "spec", Examples.path("spec-anu-microcredential.json"))
        #expect(issue.status == 3, "\(issue)")
        #expect(issue.stderr.contains("Read-only file system") || issue.stderr.contains("not writable"), "\(issue)")

        let run = try await node.credex(["node", "run"], timeout: .seconds(20))
        #expect(run.status == 3, "\(run)")
        #expect(run.stderr.contains("Read-only file system") || run.stderr.contains("not writable"), "\(run)")

        let erase = try await node.credex("erase", "--learner", "25123456")
        #expect(erase.status == 3, "\(erase)")
        #expect(erase.stderr.contains("Read-only file system") || erase.stderr.contains("not writable"), "\(erase)")

        // Reads may fail too (SQLite cannot open a WAL database without creating its -shm file),
        // but only with a clear message.
        for read in [["log"], ["check"], ["show", spec.id]] {
            let result = try await node.credex(read)
            let clear = result.stderr.contains("Read-only file system") || result.stderr.contains("not writable")
            #expect(result.status == 0 || (result.status == 3 && clear), "\(result)")
        }

        let after = try node.files().map { ($0.path, $0.bytes) }
        #expect(after.map(\.0) == before.map(\.0) && after.map(\.1) == before.map(\.1), "no file changed")
    }

    @Test("a full disk: import exits 3 saying the disk is full, keeps whole batches, and check stays clean")
    func fullDisk() async throws {
        let outer = try TemporaryDirectory(prefix: "credex-cli-full")
        defer { outer.remove() }
        let mount = try TemporaryMount(at: outer.url, size: "1m")
        defer { mount.unmount() }
        let node = try await TestNode.create(folder: mount.url)
        defer { node.remove() }
        // About 2.3 kB per record on disk: 1,500 records cannot fit in 1 MB.
        let chain = try RecordChainFile.write(count: 1_500, seed: 81, to: node.file("chain.jsonl"))

        let imported = try await node.credex(["import", chain.url.path, "--batch", "100"], timeout: .seconds(120))
        #expect(imported.status == 3, "\(imported)")
        #expect(imported.stderr.contains("disk-full"), "\(imported)")
        #expect(imported.stderr.contains("the disk or database is full; nothing was written"), "\(imported)")

        let head = try await node.headSeq(of: chain.issuer)
        #expect(head % 100 == 0 && head < chain.count, "whole batches only, got head #\(head)")
        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("No problems found."), "\(check)")

        // Issuing on the full disk fails the same way and leaves the node's own log alone.
        let issue = try await node.credex("issue", "spec", Examples.path("spec-maynooth-brewing.json"))
        if issue.status != 0 {
            #expect(issue.status == 3, "\(issue)")
            #expect(issue.stderr.contains("full"), "\(issue)")
            #expect(try await node.headSeq() == 1)
        }

        // Copied to a roomy disk, the node is whole and takes the rest of the chain.
        let moved = try TestNode(nodeID: node.nodeID)
        defer { moved.remove() }
        try FileManager.default.copyItem(at: node.url, to: moved.url)
        let recheck = try await moved.credex("check")
        #expect(recheck.status == 0, "\(recheck)")
        let rest = try await moved.credex(["import", chain.url.path, "--batch", "500"], timeout: .seconds(120))
        #expect(rest.status == 0, "\(rest)")
        #expect(
            rest.stdout.contains("Read \(chain.count) records: \(chain.count - head) appended, \(head) already held."),
            "\(rest)"
        )
        #expect(try await moved.headSeq(of: chain.issuer) == chain.count)
    }

    /// `init` that fails part way (here: the disk fills while it creates the database) leaves keys
    /// and a database but no node.json. Every command then says "create one with `credex init`",
    /// and `init` refuses because the key file exists: a dead end without `rm -r`.
    /// Fails until NodeDirectory.initialize removes what it made when it fails (or, at least,
    /// a retry replaces an incomplete directory, one without node.json).
    @Test("init that failed on a full disk can be retried once there is room")
    func initRetriedAfterFullDisk() async throws {
        let outer = try TemporaryDirectory(prefix: "credex-cli-init")
        defer { outer.remove() }
        let mount = try TemporaryMount(at: outer.url, size: "120k")
        defer { mount.unmount() }
        let node = try TestNode(folder: mount.url)
        defer { node.remove() }
        let arguments = ["init", "--node-id", node.nodeID, "--name", "Full Disk University", "--country", "IE"]

        let failed = try await node.credex(arguments)
        #expect(failed.status == 3, "\(failed)")
        #expect(failed.stderr.contains("the disk or database is full"), "\(failed)")
        #expect(!FileManager.default.fileExists(atPath: node.url.appendingPathComponent("node.json").path))

        try mount.resize("4m")
        let retried = try await node.credex(arguments)
        #expect(retried.status == 0, "\(retried)")
        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
    }
}
