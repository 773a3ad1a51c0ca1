import CredexTesting
import Foundation
import Testing

/// `credex init`, issue, show, verify, log, check and search on a fresh node, as an operator would.
@Suite("CLI quick path")
struct QuickPathTests {
    @Test("init makes a private directory; every example spec and an award are issued, shown, verified, found")
    func quickPath() async throws {
        let node = try TestNode(nodeID: "did:web:credex.mu.ie")
        defer { node.remove() }

        let initialized = try await node.credex(
            "init",
            "--node-id",
            "did:web:credex.mu.ie",
            "--name",
            "Maynooth University",
            "--country",
            "IE"
        )
        #expect(initialized.status == 0, "\(initialized)")
        #expect(initialized.stdout.contains("Created node did:web:credex.mu.ie in \(node.path)"), "\(initialized)")
        #expect(initialized.stdout.contains("Issuer profile: "), "\(initialized)")
        #expect(try mode(of: node.url) == 0o700)
        #expect(try mode(of: node.url.appendingPathComponent("keys")) == 0o700)
        for key in ["keys/signing-key.pem", "keys/tls-key.pem"] {
            #expect(try mode(of: node.url.appendingPathComponent(key)) == 0o600, "\(key)")
        }
        let certificate = try String(
            contentsOf: node.url.appendingPathComponent("keys/tls-certificate.pem"),
            encoding: .utf8
        )
        #expect(certificate.contains("-----BEGIN CERTIFICATE-----"))
        let configuration =
            try JSONSerialization.jsonObject(with: Data(contentsOf: node.url.appendingPathComponent("node.json")))
            as? [String: Any]
        #expect(configuration?["nodeId"] as? String == "did:web:credex.mu.ie")
        #expect(FileManager.default.fileExists(atPath: node.database.path))

        // Every example spec.
        var specs: [String: String] = [:]
        for (index, name) in try Examples.specs.enumerated() {
            let issued = try await node.issue("spec", Examples.path(name))
            #expect(issued.seq == index + 2, "\(name)")
            specs[name] = issued.id
        }
        #expect(specs.count >= 10)
        let plain = try await node.credex("issue", "spec", Examples.path("spec-anu-microcredential.json"))
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stdout.hasPrefix("Issued spec "), "\(plain)")
        #expect(plain.stdout.contains("(did:web:credex.mu.ie #\(specs.count + 2))"), "\(plain)")

        // An award of the Maynooth spec, named with --spec.
        let maynooth = try #require(specs["spec-maynooth-brewing.json"])
        let award = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", maynooth]
        )

        let shown = try await node.credex("show", award.id, "--json")
        #expect(shown.status == 0, "\(shown)")
        let summary = try shown.jsonObject()
        #expect(summary["id"] as? String == award.id)
        #expect(summary["signatureValid"] as? Bool == true, "\(shown)")
        #expect(summary["personalPartHeld"] as? Bool == true, "\(shown)")
        #expect(summary["personalPart"] == nil, "the personal part is shown only with --personal:\n\(shown)")
        #expect(summary["status"] as? String == "active", "\(shown)")
        let body = (summary["record"] as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["spec"] as? String == maynooth)
        #expect(!shown.stdout.contains("Aoife"), "the public view carries no learner name:\n\(shown)")

        let personal = try await node.credex("show", award.id, "--json", "--personal")
        #expect(personal.status == 0, "\(personal)")
        let part = try personal.jsonObject()["personalPart"] as? [String: Any]
        #expect((part?["names"] as? [String: Any])?["full"] as? String == "Aoife Ní Bhriain", "\(personal)")

        let verified = try await node.credex("verify", award.id)
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdout.contains("ok   signature: verified"), "\(verified)")
        #expect(
            verified.stdout.contains("ok   chain link: prev is did:web:credex.mu.ie #\(award.seq - 1)"),
            "\(verified)"
        )
        #expect(!verified.stdout.contains("FAIL"), "\(verified)")

        let log = try await node.credex("log", "--json")
        #expect(log.status == 0, "\(log)")
        let lines = try log.jsonArray()
        #expect(lines.count == award.seq, "\(log)")
        #expect(lines.map { $0["seq"] as? Int } == (1...award.seq).map { $0 })
        #expect(lines.first?["kind"] as? String == "issuer")
        #expect(lines.last?["id"] as? String == award.id)
        #expect(lines.allSatisfy { $0["issuer"] as? String == "did:web:credex.mu.ie" })

        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("Checked \(award.seq) records and 1 personal parts."), "\(check)")
        #expect(check.stdout.contains("No problems found."), "\(check)")

        let search = try await node.credex("search", "brewing", "--json")
        #expect(search.status == 0, "\(search)")
        let hits = try search.jsonArray()
        #expect(hits.map { $0["id"] as? String } == [maynooth], "\(search)")
        #expect((hits.first?["title"] as? String)?.contains("Brewing & Distilling") == true, "\(search)")
        let none = try await node.credex("search", "zzyzxnothing")
        #expect(none.status == 0 && none.stdout.contains("No spec matches."), "\(none)")

        // A second init in the same directory is refused and changes nothing.
        let again = try await node.credex(
            "init",
            "--node-id",
            "did:web:other.example",
            "--name",
            "Other",
            "--country",
            "FR"
        )
        #expect(again.status == 3, "\(again)")
        #expect(again.stderr.contains("\(node.path) already holds a node; choose another --dir"), "\(again)")
        #expect(try await node.headSeq() == award.seq)
        let configurationAfter =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: node.url.appendingPathComponent("node.json"))
            ) as? [String: Any]
        #expect(configurationAfter?["nodeId"] as? String == "did:web:credex.mu.ie")
    }

    @Test("the credex executable is found beside the tests and describes itself")
    func executable() async throws {
        let url = try CLI.executable()
        print("[cli] running \(url.path) (test process: \(CommandLine.arguments.first ?? "?"))")
        let help = try await CLI.run(["--help"])
        #expect(help.status == 0, "\(help)")
        for subcommand in [
            "init", "node", "issue", "show", "log", "search", "verify", "check", "backup", "restore", "erase",
            "confirm-head", "export", "import",
        ] {
            #expect(help.stdout.contains("  \(subcommand) "), "\(subcommand) missing from --help:\n\(help)")
        }
        #expect(
            help.stdout.contains("Exit codes: 0 success; 1 a verification or integrity check failed; 3 the"),
            "\(help)"
        )
        let wrong = try await CLI.run(["frobnicate"])
        #expect(wrong.status == 64, "\(wrong)")
        #expect(wrong.stderr.contains("frobnicate"), "\(wrong)")
    }

    @Test("a command on a folder that is not a node says how to make one")
    func notANode() async throws {
        let node = try TestNode()
        defer { node.remove() }
        let log = try await node.credex("log")
        #expect(log.status == 3, "\(log)")
        #expect(log.stderr.contains("is this a node directory? (create one with `credex init`)"), "\(log)")
    }
}
