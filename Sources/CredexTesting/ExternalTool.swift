import Foundation

/// Runs a validator or other program the tests check against (python3, xmllint, openssl).
public enum ExternalTool {
    /// Runs `program arguments` found on the `PATH`, in the repository root, with `environment` added;
    /// returns its exit status and its standard output and error interleaved.
    public static func run(
        _ program: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.currentDirectoryURL = Fixtures.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
