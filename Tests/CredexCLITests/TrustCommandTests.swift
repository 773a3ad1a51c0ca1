import CredexTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A federation's admins, their keys and proposal files, in one temporary folder.
private struct Admins {
    let folder: TemporaryDirectory
    let federation: String
    var keys: [String] = []
    var keyIDs: [String] = []

    /// `count` admin keys made with `credex trust keygen`.
    init(count: Int, federation: String = "urn:credex:federation:local") async throws {
        folder = try TemporaryDirectory(prefix: "credex-trust")
        self.federation = federation
        for index in 1...count {
            let key = file("admin\(index).pem")
            let made = try await CLI.run(["trust", "keygen", "--out", key])
            #expect(made.status == 0, "\(made)")
            #expect(try mode(of: URL(fileURLWithPath: key)) == 0o600, "an admin key is for its holder only")
            keys.append(key)
            keyIDs.append(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    func file(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    /// `credex trust init` with every admin and `threshold`; returns the content id.
    func initialize(threshold: Int, out: String) async throws -> String {
        let admins = keyIDs.enumerated().flatMap { ["--admin", "\($0.element)=Admin \($0.offset + 1)"] }
        let made = try await CLI.run(
            ["trust", "init", "--federation", federation, "--name", "Test federation", "--threshold", "\(threshold)"]
                + admins + ["--out", out, "--json"]
        )
        #expect(made.status == 0, "\(made)")
        return try made.jsonObject()["contentId"] as? String ?? ""
    }

    /// Signs `proposal` with admin `index` (0-based), expecting success.
    @discardableResult
    func sign(_ proposal: String, by index: Int) async throws -> CLIResult {
        let signed = try await CLI.run(["trust", "sign", proposal, "--key", keys[index]])
        #expect(signed.status == 0, "\(signed)")
        return signed
    }

    func remove() { folder.remove() }
}

/// `credex trust` end to end with the real binary: admin keys, proposals, signatures, publishing,
/// a node joining with its request and a pinned import, and every refusal with its message.
@Suite("CLI trust")
struct TrustCommandTests {
    /// A node holding version 1, signed by two of three admins; returns its content id.
    private static func founded(_ node: TestNode, _ admins: Admins) async throws -> String {
        let first = admins.file("v1.json")
        let contentID = try await admins.initialize(threshold: 2, out: first)
        try await admins.sign(first, by: 0)
        try await admins.sign(first, by: 1)
        let published = try await node.credex("trust", "publish", first)
        #expect(published.status == 0, "\(published)")
        return contentID
    }

    @Test("keygen x3, init with threshold 2: one signature is refused, two are published and pinned")
    func governance() async throws {
        let admins = try await Admins(count: 3)
        defer { admins.remove() }
        let node = try await TestNode.create()
        defer { node.remove() }
        let first = admins.file("v1.json")
        let contentID = try await admins.initialize(threshold: 2, out: first)

        let unsigned = try await node.credex("trust", "publish", first)
        #expect(unsigned.status == 3 && unsigned.stderr.contains("is not signed yet"), "\(unsigned)")
        let one = try await admins.sign(first, by: 0)
        #expect(one.stdout.contains("1 of the 2 signatures its admins must give are there"), "\(one)")
        let tooFew = try await node.credex("trust", "publish", first)
        #expect(tooFew.status == 3, "\(tooFew)")
        #expect(
            tooFew.stderr.contains("too-few-signatures: version 1 is signed by 1 of its own admins, and needs 2"),
            "\(tooFew)"
        )
        let again = try await CLI.run(["trust", "sign", first, "--key", admins.keys[0]])
        #expect(again.status == 3 && again.stderr.contains("\(admins.keyIDs[0]) has already signed"), "\(again)")

        try await admins.sign(first, by: 1)
        let published = try await node.credex("trust", "publish", first, "--json")
        #expect(published.status == 0, "\(published)")
        #expect(try published.jsonObject()["versionInForce"] as? Int == 1, "\(published)")
        let configuration = try String(contentsOf: node.url.appendingPathComponent("node.json"), encoding: .utf8)
        #expect(configuration.contains("\"trustListPin\" : \"\(contentID)\""), "\(configuration)")

        let shown = try await node.credex("trust", "show", "--json")
        let summary = try shown.jsonObject()
        #expect(summary["version"] as? Int == 1 && summary["threshold"] as? Int == 2, "\(shown)")
        #expect((summary["admins"] as? [Any])?.count == 3 && summary["stale"] as? Bool == false, "\(shown)")

        let renewed = try await node.credex(["trust", "propose", "--renew", "--out", admins.file("renewed.json")])
        #expect(renewed.status == 0 && renewed.stdout.contains("Proposed version 2"), "\(renewed)")
        let twoChanges = try await node.credex(
            ["trust", "propose", "--reinstate", node.nodeID, "--threshold", "3", "--out", admins.file("v2.json")]
        )
        #expect(twoChanges.status == 64 && twoChanges.stderr.contains("give exactly one change"), "\(twoChanges)")
    }

    @Test("a node's request is admitted, exported and imported with --pin; show, diff, history; no replay")
    func admission() async throws {
        let admins = try await Admins(count: 3)
        defer { admins.remove() }
        let founder = try await TestNode.create(nodeID: "did:web:founder.example")
        defer { founder.remove() }
        let contentID = try await Self.founded(founder, admins)
        let joiner = try await TestNode.create(
            nodeID: "did:web:joiner.example",
            name: "Joining University",
            country: "NL"
        )
        defer { joiner.remove() }

        let request = admins.file("request.json")
        let requested = try await joiner.credex(
            "trust",
            "request",
            "--endpoint",
            "https://joiner.example:7443",
            "--transport",
            "mtls",
            "--institution",
            "Joining University",
            "--country",
            "NL",
            "--schac",
            "joiner.nl",
            "--out",
            request,
            "--json"
        )
        #expect(requested.status == 0, "\(requested)")
        let pin = try requested.jsonObject()["tlsPin"] as? String ?? ""
        let badAttest = try await founder.credex(
            "trust",
            "propose",
            "--admit",
            request,
            "--attest",
            "pic",
            "--out",
            admins.file("bad.json")
        )
        #expect(badAttest.status == 3 && badAttest.stderr.contains("pic cannot be attested"), "\(badAttest)")
        let second = admins.file("v2.json")
        let proposed = try await founder.credex(
            "trust",
            "propose",
            "--admit",
            request,
            "--attest",
            "legalName",
            "schacDomain",
            "--eqf-level",
            "6",
            "--credential-type",
            "micro-credential",
            "--out",
            second
        )
        #expect(proposed.status == 0, "\(proposed)")
        try await admins.sign(second, by: 1)
        try await admins.sign(second, by: 2)
        let published = try await founder.credex("trust", "publish", second)
        #expect(published.status == 0 && published.stdout.contains("In force: version 2"), "\(published)")

        let replayed = try await founder.credex("trust", "publish", admins.file("v1.json"))
        #expect(replayed.status == 3, "\(replayed)")
        #expect(
            replayed.stderr.contains("rollback: trust list version 1 is not newer than version 2 in force"),
            "\(replayed)"
        )

        let exported = admins.file("trustlist.jsonl")
        let export = try await founder.credex("trust", "export", "--out", exported)
        #expect(export.status == 0, "\(export)")
        #expect(try String(contentsOfFile: exported, encoding: .utf8).split(separator: "\n").count == 2)
        let unpinned = try await joiner.credex("trust", "import", exported)
        #expect(unpinned.status == 3 && unpinned.stderr.contains("give --pin CONTENT-ID"), "\(unpinned)")
        let wrongPin = try await joiner.credex("trust", "import", exported, "--pin", String(repeating: "a", count: 64))
        #expect(wrongPin.status == 3 && wrongPin.stderr.contains("does not reach the pinned version"), "\(wrongPin)")
        let imported = try await joiner.credex("trust", "import", exported, "--pin", contentID)
        #expect(imported.status == 0 && imported.stdout.contains("In force: version 2"), "\(imported)")

        let shown = try await joiner.credex("trust", "show", "--json")
        let members = try shown.jsonObject()["members"] as? [[String: Any]] ?? []
        #expect(members.count == 1, "\(shown)")
        #expect(
            members.first?["nodeId"] as? String == joiner.nodeID && members.first?["standing"] as? String == "active"
        )
        #expect(members.first?["tlsPins"] as? [String] == [pin], "\(shown)")
        let text = try await joiner.credex("trust", "show")
        #expect(text.stdout.contains("\(joiner.nodeID)  active  mtls  https://joiner.example:7443"), "\(text)")

        let diff = try await CLI.run(["trust", "diff", admins.file("v1.json"), second])
        #expect(diff.status == 0 && diff.stdout.contains("member \(joiner.nodeID): added"), "\(diff)")
        #expect(diff.stdout.contains("\"attested\":[\"legalName\",\"schacDomain\"]"), "\(diff)")
        let history = try await joiner.credex("trust", "history", joiner.nodeID, "--json")
        let steps = try history.jsonArray()
        #expect(steps.map { $0["version"] as? Int } == [2], "\(history)")
    }

    @Test(
        "through a running node: another federation's admins and list are refused; an admin leaves, the threshold drops"
    )
    func runningNodeAndOtherFederation() async throws {
        let admins = try await Admins(count: 3)
        defer { admins.remove() }
        let node = try await TestNode.create()
        defer { node.remove() }
        _ = try await Self.founded(node, admins)
        let running = try await node.startNode()
        defer { running.stop() }

        let raised = admins.file("v2.json")
        let proposed = try await node.credex("trust", "propose", "--threshold", "3", "--out", raised)
        #expect(proposed.status == 0, "\(proposed)")
        let strangers = try await Admins(count: 3, federation: "urn:credex:federation:other")
        defer { strangers.remove() }
        for index in 0..<3 { try await strangers.sign(raised, by: index) }
        let forged = try await node.credex("trust", "publish", raised)
        #expect(forged.status == 3, "\(forged)")
        #expect(forged.stderr.contains("version 2 is signed by 0 of version 1's admins, and needs 2"), "\(forged)")

        let theirs = strangers.file("other-v1.json")
        _ = try await strangers.initialize(threshold: 1, out: theirs)
        try await strangers.sign(theirs, by: 0)
        let foreign = try await node.credex("trust", "publish", theirs)
        #expect(foreign.status == 3, "\(foreign)")
        #expect(
            foreign.stderr.contains("is of urn:credex:federation:other, not of urn:credex:federation:local"),
            "\(foreign)"
        )

        let lowered = admins.file("v2-lowered.json")
        let lower = try await node.credex(
            "trust",
            "propose",
            "--remove-admin",
            admins.keyIDs[2],
            "--threshold",
            "1",
            "--out",
            lowered
        )
        #expect(lower.status == 0, "\(lower)")
        try await admins.sign(lowered, by: 0)
        try await admins.sign(lowered, by: 1)
        let published = try await node.credex("trust", "publish", lowered)
        #expect(published.status == 0 && published.stdout.contains("In force: version 2"), "\(published)")
        #expect(
            await poll(timeout: .seconds(5)) { running.stderrText.contains("admin.operation=trust-list") },
            "the running node saved the version:\n\(running.stderrText)"
        )
        let shown = try await node.credex("trust", "show", "--json")
        #expect(try shown.jsonObject()["threshold"] as? Int == 1, "\(shown)")
        let stopped = await node.stopNode(running)
        #expect(stopped.status == 0, "\(stopped)")
    }
}
