import CredexTesting
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `credex` executable as a child process.
///
/// Output goes to temporary files rather than pipes, so a chatty child never blocks on a full
/// pipe and a child started by one test never holds another test's pipe open.
enum CLI {
    /// The `credex` executable built beside the test bundle.
    static func executable() throws -> URL {
        if let url = located { return url }
        throw CLIError(
            "the credex executable is not built: looked next to the test bundle (\(CommandLine.arguments.first ?? "?")) "
                + "and in .build*/debug/ under \(Fixtures.repositoryRoot.path); "
                + "run `swift build --build-tests` (with the same --scratch-path) first"
        )
    }

    private static let located: URL? = locate()

    /// Next to the test executable (`CommandLine.arguments[0]`, `/proc/self/exe` or the main bundle;
    /// above a macOS `.xctest` bundle), else the newest `.build*/debug/credex` in the repository.
    private static func locate() -> URL? {
        let manager = FileManager.default
        var starts: [URL] = []
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(URL(fileURLWithPath: first).standardizedFileURL)
        }
        if let exe = try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe))
        }
        if let main = Bundle.main.executableURL { starts.append(main) }
        for start in starts {
            var folder = start.deletingLastPathComponent()
            // macOS: …/debug/CredexPackageTests.xctest/Contents/MacOS/CredexPackageTests.
            if let bundle = start.pathComponents.lastIndex(where: { $0.hasSuffix(".xctest") }) {
                folder = URL(fileURLWithPath: "/" + start.pathComponents[1..<bundle].joined(separator: "/"))
            }
            let candidate = folder.appendingPathComponent("credex")
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let root = Fixtures.repositoryRoot
        let scratch = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix(".build") }
        let built = scratch.map { root.appendingPathComponent($0).appendingPathComponent("debug/credex") }
            .filter { manager.isExecutableFile(atPath: $0.path) }
        return built.max { modified($0) < modified($1) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// Runs `credex arguments…` to completion. A child still running after `timeout` is killed and
    /// the test fails.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(60),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CLIResult {
        let child = try ChildProcess(arguments, environment: environment)
        defer { child.stop() }
        if await !child.waitForExit(timeout: timeout) {
            Issue.record(
                "credex \(arguments.joined(separator: " ")) did not finish within \(timeout); killed it",
                sourceLocation: sourceLocation
            )
            child.stop()
        }
        return child.result()
    }
}

/// A test-harness failure, with a message that says what to do.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// What a finished `credex` run did.
struct CLIResult: Sendable, CustomStringConvertible {
    let arguments: [String]
    /// The exit status, or the signal number when `signalled`.
    let status: Int32
    let signalled: Bool
    let stdoutData: Data
    let stderr: String

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    /// Standard output and standard error together, for "the message says…" checks.
    var output: String { stdout + "\n" + stderr }

    var description: String {
        "credex \(arguments.joined(separator: " "))\n→ \(signalled ? "killed by signal" : "exit") \(status)\n"
            + "stdout: \(stdout.prefix(4000))\nstderr: \(stderr.prefix(4000))"
    }

    /// Standard output parsed as JSON (for `--json`).
    func json() throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: stdoutData)
        } catch {
            throw CLIError("stdout of `credex \(arguments.joined(separator: " "))` is not JSON: \(error)\n\(self)")
        }
    }

    func jsonObject() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw CLIError("expected a JSON object:\n\(self)") }
        return object
    }

    func jsonArray() throws -> [[String: Any]] {
        guard let array = try json() as? [[String: Any]] else {
            throw CLIError("expected a JSON array of objects:\n\(self)")
        }
        return array
    }
}

/// How a child ended, set by Foundation's termination handler.
private final class ExitBox: Sendable {
    let state = Mutex<(status: Int32, signalled: Bool)?>(nil)
}

/// A running `credex` child: its output files, its exit, and a way to signal or kill it.
final class ChildProcess: @unchecked Sendable {
    let arguments: [String]
    private let process = Process()
    private let stdoutURL: URL
    private let stderrURL: URL
    private let exit = ExitBox()
    let started = ContinuousClock.now

    /// Starts `credex arguments…`, or `executable` when given (another program, e.g. curl).
    init(_ arguments: [String], environment: [String: String] = [:], executable: String? = nil) throws {
        self.arguments = arguments
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("credex-cli-\(UUID().uuidString)")
        stdoutURL = outputs.appendingPathExtension("out")
        stderrURL = outputs.appendingPathExtension("err")
        for url in [stdoutURL, stderrURL] {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CLIError("cannot create \(url.path)")
            }
        }
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        var inherited = ProcessInfo.processInfo.environment
        inherited["CREDEX_DIR"] = nil
        process.executableURL = try executable.map { URL(fileURLWithPath: $0) } ?? CLI.executable()
        process.arguments = arguments
        process.environment = inherited.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        process.terminationHandler = { [exit] process in
            let signalled = process.terminationReason == .uncaughtSignal
            exit.state.withLock { $0 = (process.terminationStatus, signalled) }
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { exit.state.withLock { $0 == nil } }
    var exitStatus: (status: Int32, signalled: Bool)? { exit.state.withLock { $0 } }

    /// Sends `signal` if the child still runs.
    func send(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Polls until the child exits; false if it still runs at the deadline.
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Kills the child if it still runs, reaps it, and removes its output files. Safe to call twice.
    func stop() {
        if isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        // Foundation reports the exit on its own thread, a moment after waitUntilExit returns.
        let deadline = ContinuousClock.now + .seconds(5)
        while isRunning, ContinuousClock.now < deadline { usleep(1_000) }
    }

    /// What the child printed so far.
    var stderrText: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    var stdoutText: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// The finished run; removes the output files.
    func result() -> CLIResult {
        let exit = exitStatus ?? (status: -1, signalled: false)
        let result = CLIResult(
            arguments: arguments,
            status: exit.status,
            signalled: exit.signalled,
            stdoutData: (try? Data(contentsOf: stdoutURL)) ?? Data(),
            stderr: stderrText
        )
        removeOutputs()
        return result
    }

    func removeOutputs() {
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    deinit {
        if isRunning { kill(pid, SIGKILL) }
        removeOutputs()
    }
}
