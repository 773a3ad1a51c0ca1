import CredexNode
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One `wrk` run against the API: `clients` keep-alive TLS connections over `threads` threads,
/// each asking in turn for the paths of a file (every connection starting elsewhere in it), with
/// the bearer token; a Lua `done` hook prints the latency percentiles wrk measured.
///
/// wrk does not verify the server's certificate, so the node's own certificate serves.
struct APIBenchLoad {
    /// What one run measured.
    struct Result {
        var requests = 0
        var seconds = 0.0
        var p50 = 0.0
        var p99 = 0.0
        var mean = 0.0
        var max = 0.0
        /// Answers with a status of 400 or more, and connect, read, write and timeout errors.
        var statusErrors = 0
        var socketErrors = 0
        var rate: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    let folder: URL
    let url: String
    let token: String
    let clients: Int
    let threads: Int

    /// Where wrk is, or nil when it is not installed.
    static func wrkPath() -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/wrk" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs wrk for `seconds` over the paths in `paths` (written to a file named after `name`).
    func run(_ name: String, paths: [String], seconds: Int) async throws -> Result {
        guard let wrk = Self.wrkPath() else {
            throw NodeError(.refused, "wrk is not installed: `apt-get install wrk` (Debian) puts it on the PATH")
        }
        let pathsFile = folder.appendingPathComponent("\(name).paths")
        try Data((paths.joined(separator: "\n") + "\n").utf8).write(to: pathsFile)
        let script = folder.appendingPathComponent("load.lua")
        try Data(Self.script(token: token).utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: script.path)
        let output = folder.appendingPathComponent("\(name).wrk.out")
        let errors = folder.appendingPathComponent("\(name).wrk.err")
        let arguments = [
            wrk, "--threads", "\(threads)", "--connections", "\(clients)", "--duration", "\(seconds)s",
            "--timeout", "30s", "--script", script.path, url, "--", pathsFile.path,
        ]
        let status = try await Self.spawnAndWait(arguments, stdout: output, stderr: errors)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0, let line = text.split(separator: "\n").last(where: { $0.hasPrefix(Self.marker) }) else {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw NodeError(.refused, "wrk exited with \(status): \(text.suffix(400)) \(stderr.suffix(400))")
        }
        var fields: [String: Double] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { fields[String(parts[0])] = value }
        }
        return Result(
            requests: Int(fields["requests"] ?? 0),
            seconds: (fields["duration_us"] ?? 0) / 1e6,
            p50: (fields["p50_us"] ?? 0) / 1e6,
            p99: (fields["p99_us"] ?? 0) / 1e6,
            mean: (fields["mean_us"] ?? 0) / 1e6,
            max: (fields["max_us"] ?? 0) / 1e6,
            statusErrors: Int(fields["status_errors"] ?? 0),
            socketErrors: Int(fields["socket_errors"] ?? 0)
        )
    }

    /// The latency of one request at a time to each of the first `count` paths, stopping after
    /// one slower than `limit`: curl, one connection per request (a TLS handshake included), so
    /// the load is not started on a request type whose single request already takes seconds.
    /// Nil when curl is not installed.
    /// - Throws: when an answer is not 200, with its status.
    func probe(_ name: String, paths: [String], count: Int, limit: Double) async throws -> [Double]? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let curl = directories.map({ "\($0)/curl" }).first(where: FileManager.default.isExecutableFile) else {
            return nil
        }
        let headers = folder.appendingPathComponent("probe.headers")
        try Data("Authorization: Bearer \(token)\nAccept: application/json\n".utf8).write(to: headers)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: headers.path)
        var times: [Double] = []
        for path in paths.prefix(count) {
            let output = folder.appendingPathComponent("\(name).probe.out")
            let arguments = [
                curl, "--silent", "--insecure", "--output", "/dev/null", "--max-time", "600", "--header",
                "@\(headers.path)", "--write-out", "%{http_code} %{time_total}", url + path,
            ]
            _ = try await Self.spawnAndWait(arguments, stdout: output, stderr: URL(fileURLWithPath: "/dev/null"))
            let fields = ((try? String(contentsOf: output, encoding: .utf8)) ?? "").split(separator: " ")
            guard fields.count == 2, fields[0] == "200", let seconds = Double(fields[1]) else {
                throw NodeError(.refused, "GET \(path) answered \(fields.first ?? "nothing"), not 200")
            }
            times.append(seconds)
            if seconds > limit { break }
        }
        return times
    }

    /// The first word of the line the script's `done` prints.
    static let marker = "credex-api-bench"

    /// The wrk script: the paths file is its argument; the token is in it (the file is 0600).
    static func script(token: String) -> String {
        """
        local threads = 0
        function setup(thread)
          threads = threads + 1
          thread:set("start", threads * 7919)
        end
        function init(args)
          paths = {}
          for line in io.lines(args[1]) do
            if #line > 0 then paths[#paths + 1] = line end
          end
          index = (start or 0) % #paths
          wrk.headers["Authorization"] = "Bearer \(token)"
          wrk.headers["Accept"] = "application/json"
        end
        function request()
          index = index % #paths + 1
          return wrk.format("GET", paths[index])
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format(
            "\(marker) requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.1f max_us=%d status_errors=%d socket_errors=%d\\n",
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
            latency.max, e.status, e.connect + e.read + e.write + e.timeout))
        end
        """
    }

    /// Spawns `arguments` (the program found on the PATH) with default signals and its output in
    /// files, and polls for its end; returns its exit code.
    static func spawnAndWait(_ arguments: [String], stdout: URL, stderr: URL) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard let pid = spawnWithDefaultSignals(arguments, searchingPath: true, actions: &actions) else {
            throw NodeError(.refused, "cannot start \(arguments[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                _ = kill(pid, SIGTERM)
                _ = waitpid(pid, &status, 0)
                throw error
            }
        }
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
