import CredexTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A node directory made by `credex init` in a fresh temporary folder, and the commands run on it.
struct TestNode: Sendable {
    let temp: TemporaryDirectory
    let nodeID: String
    /// The node directory (inside `temp`, which tests also use for input files).
    let url: URL
    var path: String { url.path }

    /// A temporary folder with no node yet: `init()` makes one in `url`.
    init(nodeID: String = "did:web:credex.test.example", folder: URL? = nil) throws {
        temp = try TemporaryDirectory(prefix: "credex-cli")
        self.nodeID = nodeID
        url = (folder ?? temp.url).appendingPathComponent("node")
    }

    /// Runs `credex init` and expects it to succeed.
    static func create(
        nodeID: String = "did:web:credex.test.example",
        name: String = "Test University",
        country: String = "IE",
        folder: URL? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestNode {
        let node = try TestNode(nodeID: nodeID, folder: folder)
        let result = try await node.credex(
            ["init", "--node-id", nodeID, "--name", name, "--country", country],
            sourceLocation: sourceLocation
        )
        guard result.status == 0 else {
            node.remove()
            throw CLIError("credex init failed:\n\(result)")
        }
        return node
    }

    /// Runs `credex arguments… --dir <node>`.
    func credex(
        _ arguments: [String],
        timeout: Duration = .seconds(60),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CLIResult {
        try await CLI.run(arguments + ["--dir", path], timeout: timeout, sourceLocation: sourceLocation)
    }

    func credex(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
        try await credex(arguments, sourceLocation: sourceLocation)
    }

    /// A file in the temporary folder, beside the node directory.
    func file(_ name: String) -> URL { temp.url.appendingPathComponent(name) }

    /// Writes `text` to a file beside the node directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = file(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    var adminSocket: URL { url.appendingPathComponent("admin.sock") }
    var database: URL { url.appendingPathComponent("credex.sqlite") }

    /// Starts `credex node run` and waits for its admin socket. The caller stops it (`stopNode`)
    /// and also `defer`s `child.stop()`, which kills it if the test ends early.
    func startNode(sourceLocation: SourceLocation = #_sourceLocation) async throws -> ChildProcess {
        let child = try ChildProcess(["node", "run", "--dir", path])
        // The log line, not the socket file: a node killed earlier leaves a stale admin.sock behind.
        let ready = await poll(timeout: .seconds(20)) {
            (child.stderrText.contains("admin socket listening")
                && FileManager.default.fileExists(atPath: adminSocket.path))
                || !child.isRunning
        }
        guard ready, child.isRunning else {
            let stderr = child.stderrText
            child.stop()
            throw CLIError("credex node run did not open \(adminSocket.path) (running: \(child.isRunning)):\n\(stderr)")
        }
        return child
    }

    /// Stops a running node with SIGTERM and returns its exit status.
    func stopNode(_ child: ChildProcess, sourceLocation: SourceLocation = #_sourceLocation) async -> CLIResult {
        child.send(SIGTERM)
        if await !child.waitForExit(timeout: .seconds(20)) {
            Issue.record(
                "credex node run did not stop within 20 s of SIGTERM; killed it",
                sourceLocation: sourceLocation
            )
            child.stop()
        }
        return child.result()
    }

    /// The head seq of `issuer` as `credex log --heads --json` reports it, 0 if its log is absent.
    func headSeq(of issuer: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let heads = try await credex(["log", "--heads", "--json"], sourceLocation: sourceLocation)
        #expect(heads.status == 0, "\(heads)", sourceLocation: sourceLocation)
        let wanted = issuer ?? nodeID
        guard let head = try heads.jsonArray().first(where: { $0["issuer"] as? String == wanted }) else { return 0 }
        return head["seq"] as? Int ?? -1
    }

    /// Issues `kind` from `file` and returns the id, expecting success.
    func issue(
        _ kind: String,
        _ file: String,
        extra: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws -> (id: String, seq: Int)
    {
        let result = try await credex(["issue", kind, file, "--json"] + extra, sourceLocation: sourceLocation)
        guard result.status == 0 else { throw CLIError("issue \(kind) \(file) failed:\n\(result)") }
        let issued = try result.jsonObject()
        guard let id = issued["id"] as? String, let seq = issued["seq"] as? Int else {
            throw CLIError("issue printed no id and seq:\n\(result)")
        }
        return (id, seq)
    }

    /// Every regular file below the node directory, with its bytes.
    func files() throws -> [(path: String, bytes: Data)] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            throw CLIError("cannot list \(path)")
        }
        var found: [(String, Data)] = []
        for case let file as URL in walker
        where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            found.append((file.path, try Data(contentsOf: file)))
        }
        return found
    }

    func remove() { temp.remove() }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
func poll(timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// Input files of `Schemas/examples/`.
enum Examples {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static var specs: [String] {
        get throws {
            try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasPrefix("spec-") && $0.hasSuffix(".json") }.sorted()
        }
    }
}

/// The file's mode bits (permissions only).
func mode(of url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
}

extension Data {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return range(of: Data(needle)) != nil
    }
}

/// A tmpfs mounted for one test, when this process may mount (root with CAP_SYS_ADMIN).
struct TemporaryMount: Sendable {
    let url: URL

    /// Whether `mount -t tmpfs` works here; tried once.
    static let available: Bool = {
        guard let probe = try? TemporaryDirectory(prefix: "credex-mount-probe") else { return false }
        defer { probe.remove() }
        guard command("/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.url.path) == 0 else { return false }
        _ = command("/bin/umount", probe.url.path)
        return true
    }()

    /// Mounts a tmpfs of `size` (e.g. "300k") at `url`, which must exist.
    init(at url: URL, size: String) throws {
        self.url = url
        guard Self.command("/bin/mount", "-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", url.path) == 0 else {
            throw CLIError("mount -t tmpfs at \(url.path) failed")
        }
    }

    /// Remounts read-only.
    func makeReadOnly() throws {
        guard Self.command("/bin/mount", "-o", "remount,ro", url.path) == 0 else {
            throw CLIError("mount -o remount,ro \(url.path) failed")
        }
    }

    /// Changes the size of the mounted tmpfs.
    func resize(_ size: String) throws {
        guard Self.command("/bin/mount", "-o", "remount,size=\(size)", url.path) == 0 else {
            throw CLIError("mount -o remount,size=\(size) \(url.path) failed")
        }
    }

    /// Unmounts, lazily if something still holds it.
    func unmount() {
        if Self.command("/bin/umount", url.path) != 0 { _ = Self.command("/bin/umount", "-l", url.path) }
    }

    @discardableResult
    static func command(_ executable: String, _ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
