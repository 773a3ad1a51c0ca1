import Foundation

/// The `openssl` binary run as a child process, stdin from a pipe kept open until `closeInput()`
/// (`s_server` ends its session at the end of its input), stdout and stderr collected together.
///
/// `@unchecked Sendable`: the collected output is only touched under `lock`; the rest is set up in
/// `init` and then only read.
final class OpenSSLProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    /// Starts `openssl arguments...`.
    init(_ arguments: [String]) throws {
        signal(SIGPIPE, SIG_IGN)  // a write to a pipe whose reader has gone must fail, not kill the tests
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected.append(data) }
        }
        try process.run()
    }

    /// Everything the process printed so far.
    var text: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    /// Writes `line` to the process's stdin.
    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(line.utf8))
    }

    /// Closes stdin: `s_client` then ends the connection and exits.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits up to `seconds` for `condition` on the output; returns whether it held.
    func waitForOutput(seconds: Double, _ condition: (String) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(text) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition(text)
    }

    /// Waits up to `seconds` for the process to exit; returns its status, or nil if it is still
    /// running.
    func waitForExit(seconds: Double) async throws -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Kills the process (SIGKILL) if it is still running and stops collecting output.
    func kill() {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        closeInput()
        output.fileHandleForReading.readabilityHandler = nil
    }
}
