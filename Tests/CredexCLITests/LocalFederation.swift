import CredexNet
import CredexTesting
import Foundation
import Testing

/// Several nodes on loopback in one federation, built with `credex trust` as admins build one:
/// one admin, every member admitted, the list imported by every node, pinned.
struct LocalFederation: Sendable {
    let nodes: [TestNode]
    /// Each node's peer port, as its trust-list entry names it.
    let ports: [Int]
    let temp: TemporaryDirectory

    /// `count` nodes, `did:web:n1.test.example` … with free peer ports, in Ireland except the
    /// nodes `outsideEEA` names, which are in Australia (outside the EEA, no adequacy decision),
    /// and those `countries` places in another EEA country.
    static func make(
        count: Int,
        outsideEEA: Set<Int> = [],
        countries: [Int: String] = [:]
    ) async throws -> LocalFederation {
        let temp = try TemporaryDirectory(prefix: "credex-federation")
        var nodes: [TestNode] = []
        var ports: [Int] = []
        for index in 1...count {
            nodes.append(
                try await TestNode.create(nodeID: "did:web:n\(index).test.example", name: "University \(index)")
            )
            ports.append(try #require(LoopbackPort.free(), "no free port"))
        }
        let federation = LocalFederation(nodes: nodes, ports: ports, temp: temp)
        try await federation.admitAll(outsideEEA: outsideEEA, countries: countries)
        return federation
    }

    func file(_ name: String) -> String { temp.url.appendingPathComponent(name).path }

    @discardableResult
    static func succeed(_ result: CLIResult) throws -> CLIResult {
        guard result.status == 0 else { throw CLIError("credex failed:\n\(result)") }
        return result
    }

    private func admitAll(outsideEEA: Set<Int>, countries: [Int: String]) async throws {
        let admin = file("admin.pem")
        let keyID = try Self.succeed(try await CLI.run(["trust", "keygen", "--out", admin])).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let first = nodes[0]
        try Self.succeed(
            try await CLI.run([
                "trust", "init", "--federation", "urn:credex:federation:local", "--name", "Local federation",
                "--admin", "\(keyID)=Local admin", "--threshold", "1", "--out", file("v1.json"),
            ])
        )
        try Self.succeed(try await CLI.run(["trust", "sign", file("v1.json"), "--key", admin]))
        try Self.succeed(try await first.credex("trust", "publish", file("v1.json")))
        for (index, node) in nodes.enumerated() {
            let request = file("request-\(index).json")
            try Self.succeed(
                try await node.credex(
                    [
                        "trust", "request", "--endpoint", "https://127.0.0.1:\(ports[index])", "--transport", "mtls",
                        "--institution", "University \(index + 1)", "--out", request,
                    ]
                        + (outsideEEA.contains(index)
                            ? ["--country", "AU"] : ["--country", countries[index] ?? "IE", "--eea"])
                )
            )
            let proposal = file("admit-\(index).json")
            try Self.succeed(try await first.credex(["trust", "propose", "--admit", request, "--out", proposal]))
            try Self.succeed(try await CLI.run(["trust", "sign", proposal, "--key", admin]))
            try Self.succeed(try await first.credex("trust", "publish", proposal))
        }
        let exported = file("trustlist.jsonl")
        try Self.succeed(try await first.credex("trust", "export", "--out", exported))
        let shown = try Self.succeed(try await first.credex("trust", "show", "--json")).stdout
        let pin = try #require(shown.firstMatch(of: /"contentId" *: *"([0-9a-f]{64})"/)?.1)
        for node in nodes.dropFirst() {
            try Self.succeed(try await node.credex("trust", "import", exported, "--pin", String(pin)))
        }
    }

    /// Starts `credex node run` at node `index` on its peer port (with `extra` options and
    /// `environment`), pulling from `peers` (node indexes; nil: every member), and waits until it listens.
    func start(
        _ index: Int,
        peers: [Int]? = nil,
        extra: [String] = [],
        environment: [String: String] = [:]
    ) async throws -> ChildProcess {
        var arguments =
            ["node", "run", "--dir", nodes[index].path, "--peer-listen", "127.0.0.1:\(ports[index])"] + extra
        for peer in peers ?? [] { arguments += ["--pull-from", nodes[peer].nodeID] }
        let child = try ChildProcess(arguments, environment: environment)
        let ready = await poll(timeout: .seconds(20)) { child.stderrText.contains("] listening") || !child.isRunning }
        guard ready, child.isRunning else { throw CLIError("node \(index) did not start:\n\(child.stderrText)") }
        return child
    }

    /// Waits until every node in `at` holds `issuer`'s log up to `seq`.
    func waitForHead(
        _ issuer: String,
        _ seq: Int,
        at indexes: [Int],
        timeout: Duration = .seconds(60)
    ) async throws
        -> Bool
    {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            var reached = true
            for index in indexes where try await nodes[index].headSeq(of: issuer) < seq {
                reached = false
            }
            if reached { return true }
            try await Task.sleep(for: .milliseconds(300))
        }
        return false
    }

    func remove() {
        for node in nodes { node.remove() }
        temp.remove()
    }
}
