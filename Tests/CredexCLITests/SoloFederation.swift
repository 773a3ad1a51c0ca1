import Foundation
import Testing

extension TestNode {
    /// Makes this node the one member of a new federation whose trust list a local admin key signs
    /// (version 1: the admin; version 2: this node admitted), as an operator would with
    /// `credex trust`. Returns the admin key's path.
    @discardableResult
    func foundSoloFederation(endpoint: String = "https://localhost:7443") async throws -> String {
        let admin = file("admin.pem").path
        @discardableResult
        func run(_ arguments: [String], dir: Bool = false) async throws -> CLIResult {
            let result = dir ? try await credex(arguments) : try await CLI.run(arguments)
            guard result.status == 0 else {
                throw CLIError("credex \(arguments.joined(separator: " ")) failed:\n\(result)")
            }
            return result
        }
        let keyID = try await run(["trust", "keygen", "--out", admin]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let first = file("trust-v1.json").path
        try await run([
            "trust", "init", "--federation", "urn:credex:federation:local", "--name", "Local federation",
            "--admin", "\(keyID)=Local admin", "--threshold", "1", "--out", first,
        ])
        try await run(["trust", "sign", first, "--key", admin])
        try await run(["trust", "publish", first], dir: true)
        let request = file("request.json").path
        try await run(
            [
                "trust", "request", "--endpoint", endpoint, "--transport", "mtls", "--institution", "Test University",
                "--country", "IE", "--eea", "--out", request,
            ],
            dir: true
        )
        let second = file("trust-v2.json").path
        try await run(["trust", "propose", "--admit", request, "--out", second], dir: true)
        try await run(["trust", "sign", second, "--key", admin])
        try await run(["trust", "publish", second], dir: true)
        return admin
    }
}
