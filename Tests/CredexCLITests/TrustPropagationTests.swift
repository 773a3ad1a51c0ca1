import CredexNet
import CredexTesting
import Foundation
import Testing

/// A trust-list version published at one running node reaches the others through the peer
/// protocol (heads announce it, members fetch and check the history), with no `credex trust import`.
@Suite("CLI trust-list propagation", .serialized)
struct TrustPropagationTests {
    /// `credex trust show --json` at `node`: the version in its log and its content id.
    static func shown(_ node: TestNode) async throws -> (version: Int, contentId: String) {
        let shown = try LocalFederation.succeed(try await node.credex("trust", "show", "--json")).jsonObject()
        guard let version = shown["version"] as? Int, let contentId = shown["contentId"] as? String else {
            throw CLIError("trust show printed no version and content id")
        }
        return (version, contentId)
    }

    /// Waits until every node of `nodes` shows trust-list `version`.
    static func waitForVersion(
        _ version: Int,
        at nodes: [TestNode],
        timeout: Duration = .seconds(60)
    ) async throws
        -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var reached = true
            for node in nodes where try await shown(node).version < version { reached = false }
            if reached { return true }
            try await Task.sleep(for: .milliseconds(300))
        }
        return false
    }

    /// Waits until `node` holds `issuer`'s log up to `seq`.
    static func waitForHead(
        _ issuer: String,
        _ seq: Int,
        at node: TestNode,
        timeout: Duration = .seconds(60)
    )
        async throws -> Bool
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await node.headSeq(of: issuer) >= seq { return true }
            try await Task.sleep(for: .milliseconds(300))
        }
        return false
    }

    /// Has the admin sign `proposal` and publishes it at `node`, which runs: it is in force there at once.
    static func signAndPublish(_ proposal: String, in federation: LocalFederation, at node: TestNode) async throws {
        try LocalFederation.succeed(
            try await CLI.run(["trust", "sign", proposal, "--key", federation.file("admin.pem")])
        )
        let published = try LocalFederation.succeed(try await node.credex("trust", "publish", proposal))
        #expect(published.stdout.contains("The running node put it in force"), "\(published)")
    }

    @Test("a version published at node 1 of a running federation reaches nodes 2 and 3 without an import")
    func aPublishedVersionReachesEveryMember() async throws {
        let federation = try await LocalFederation.make(count: 3)
        defer { federation.remove() }
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        for index in federation.nodes.indices { running.append(try await federation.start(index)) }
        let first = federation.nodes[0]
        let before = try await Self.shown(first)

        // A new version that changes no member: a second admin joins (the threshold stays 1).
        let keyID = try LocalFederation.succeed(
            try await CLI.run(["trust", "keygen", "--out", federation.file("second-admin.pem")])
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let proposal = federation.file("add-admin.json")
        try LocalFederation.succeed(
            try await first.credex("trust", "propose", "--add-admin", "\(keyID)=Second admin", "--out", proposal)
        )
        try await Self.signAndPublish(proposal, in: federation, at: first)
        let published = try await Self.shown(first)
        #expect(published.version == before.version + 1)

        let others = Array(federation.nodes.dropFirst())
        #expect(
            try await Self.waitForVersion(published.version, at: others),
            "\(running.map(\.stderrText))"
        )
        for (offset, node) in others.enumerated() {
            #expect(try await Self.shown(node) == published, "the same version, by content id")
            let log = running[offset + 1].stderrText
            // In force, not only saved: the running node logged the change.
            let inForce = await poll(timeout: .seconds(10)) {
                running[offset + 1].stderrText.contains("trust list updated")
            }
            #expect(inForce, "\(log)")
            #expect(log.contains("trust list taken from peer"), "\(log)")
            #expect(!log.contains("refused the trust-list history"), "\(log)")
        }
    }

    @Test("a sixth node joins a running federation of five: it catches up with every member, and they pull from it")
    func aSixthNodeJoins() async throws {
        let federation = try await LocalFederation.make(count: 5)
        defer { federation.remove() }
        let specs = try Examples.specs
        var issued: [(issuer: String, seq: Int)] = []
        for (index, node) in federation.nodes.enumerated() {
            let spec = try await node.issue("spec", Examples.path(specs[index]))
            issued.append((node.nodeID, spec.seq))
        }
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        for index in federation.nodes.indices { running.append(try await federation.start(index)) }
        let first = federation.nodes[0]

        // The candidate asks to join; the admin admits it and publishes the version at node 1.
        let newcomer = try await TestNode.create(nodeID: "did:web:n6.test.example", name: "University 6")
        defer { newcomer.remove() }
        let port = try #require(LoopbackPort.free(), "no free port")
        let request = federation.file("request-6.json")
        try LocalFederation.succeed(
            try await newcomer.credex([
                "trust", "request", "--endpoint", "https://127.0.0.1:\(port)", "--transport", "mtls",
                "--institution", "University 6", "--country", "IE", "--eea", "--out", request,
            ])
        )
        let proposal = federation.file("admit-6.json")
        try LocalFederation.succeed(
            try await first.credex(["trust", "propose", "--admit", request, "--out", proposal])
        )
        try await Self.signAndPublish(proposal, in: federation, at: first)

        // It is given the history and the content id of the version that admits it, and pins it.
        let admitting = try await Self.shown(first)
        let exported = federation.file("trustlist-6.jsonl")
        try LocalFederation.succeed(try await first.credex("trust", "export", "--out", exported))
        try LocalFederation.succeed(
            try await newcomer.credex("trust", "import", exported, "--pin", admitting.contentId)
        )
        let child = try ChildProcess(["node", "run", "--dir", newcomer.path, "--peer-listen", "127.0.0.1:\(port)"])
        running.append(child)
        let ready = await poll(timeout: .seconds(20)) { child.stderrText.contains("] listening") || !child.isRunning }
        #expect(ready && child.isRunning, "\(child.stderrText)")

        // The members took the new version from their peers, with no import.
        #expect(
            try await Self.waitForVersion(admitting.version, at: Array(federation.nodes.dropFirst())),
            "\(running.map(\.stderrText))"
        )
        // The newcomer catches up with every member's records.
        for (issuer, seq) in issued {
            #expect(try await Self.waitForHead(issuer, seq, at: newcomer), "\(issuer) #\(seq):\n\(child.stderrText)")
        }
        // And the members pull from it: its spec reaches node 1 and every other member.
        let spec = try await newcomer.issue("spec", Examples.path(specs[5]))
        for (index, node) in federation.nodes.enumerated() {
            #expect(
                try await Self.waitForHead(newcomer.nodeID, spec.seq, at: node),
                "node \(index + 1) did not pull from the newcomer:\n\(running[index].stderrText)"
            )
        }
        let verified = try await first.credex("verify", spec.id)
        #expect(verified.status == 0 && verified.stdout.contains(newcomer.nodeID), "\(verified)")
        for index in 1..<federation.nodes.count {
            #expect(running[index].stderrText.contains("trust list taken from peer"), "\(running[index].stderrText)")
        }
    }
}
