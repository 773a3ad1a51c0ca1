import CredexNode
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// This `credex` binary run as a child of the replication bench, its standard output and error
/// written to files, its signals at their defaults (see `spawnWithDefaultSignals`).
///
/// Used from one task only: it is a handle on a process, not shared state.
final class BenchProcess {
    let pid: pid_t
    let stdoutURL: URL
    let stderrURL: URL
    private var exitStatus: Int32?

    /// Starts `credex arguments…`, writing its output to `stdout` and `stderr`.
    init(_ arguments: [String], stdout: URL, stderr: URL) throws {
        stdoutURL = stdout
        stderrURL = stderr
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let executable = Self.executable
        guard let pid = spawnWithDefaultSignals([executable] + arguments, searchingPath: false, actions: &actions)
        else {
            throw NodeError(.refused, "cannot start \(executable)")
        }
        self.pid = pid
    }

    deinit { terminate() }

    /// This process's own executable.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs `credex arguments…` to its end and returns its standard output.
    /// - Throws: `NodeError(.refused)` with its standard error when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String], in folder: URL) throws -> String {
        let name = "cli-\(UUID().uuidString.prefix(8))"
        let child = try BenchProcess(
            arguments,
            stdout: folder.appendingPathComponent("\(name).out"),
            stderr: folder.appendingPathComponent("\(name).err")
        )
        let status = child.wait()
        let output = child.text(child.stdoutURL)
        guard status == 0 else {
            let command = (["credex"] + arguments).joined(separator: " ")
            throw NodeError(.refused, "\(command) exited with \(status): \(child.text(child.stderrURL))")
        }
        return output
    }

    /// Whether it still runs (reaps it once it has ended).
    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exitStatus = status
            return false
        }
        return true
    }

    /// Waits for its end and returns its exit code (128 + signal when a signal ended it).
    func wait() -> Int32 {
        if exitStatus == nil {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = status
        }
        let status = exitStatus!
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Sends SIGTERM, and SIGKILL if it has not ended within ten seconds; reaps it. Idempotent.
    func terminate() {
        guard isRunning else { return }
        _ = kill(pid, SIGTERM)
        for _ in 0..<1_000 {
            if !isRunning { return }
            usleep(10_000)
        }
        _ = kill(pid, SIGKILL)
        _ = wait()
    }

    /// The text of one of its output files.
    func text(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// A field of `/proc/<pid>/status` in kibibytes (`VmHWM`, `VmRSS`), nil once it has ended.
    func statusKiB(_ field: String) -> Int? {
        ProcStats.field(field, in: "/proc/\(pid)/status")
    }

    /// User and system CPU seconds it has used (`/proc/<pid>/stat`), nil once it has ended.
    var cpuSeconds: Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return nil }
        // After the command name in parentheses: state is field 3, utime 14 and stime 15.
        let fields = text[text.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Bytes it has written with write(2) and send(2) (`wchar` of `/proc/<pid>/io`): sockets included.
    var bytesWritten: Int? { ProcStats.field("wchar", in: "/proc/\(pid)/io") }
}

/// Figures read from `/proc`.
enum ProcStats {
    /// The first number after `name:` in the `/proc` file at `path`.
    static func field(_ name: String, in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        }
        return nil
    }

    /// Bytes this process has written with write(2) and send(2).
    static var ownBytesWritten: Int? { field("wchar", in: "/proc/self/io") }
}
