import CredexTesting
import Foundation
import Testing

/// `credex verify FILE`: an exported record line, a tampered one, and W3C eddsa-jcs-2022 documents.
@Suite("CLI verify FILE")
struct VerifyFileTests {
    /// A node with one spec, exported; returns the node, the spec id and the export's lines.
    static func exported() async throws -> (TestNode, String, [Data]) {
        let node = try await TestNode.create()
        do {
            let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
            let exportFile = node.file("export.jsonl").path
            let export = try await node.credex("export", "--output", exportFile)
            guard export.status == 0, export.stdout.contains("Exported 2 records to \(exportFile)") else {
                throw CLIError("export failed:\n\(export)")
            }
            let lines = try Data(contentsOf: URL(fileURLWithPath: exportFile))
                .split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            return (node, spec.id, lines.map { Data($0) })
        } catch {
            node.remove()
            throw error
        }
    }

    @Test("an exported record verifies; one character changed in its body fails its signature")
    func exportedRecord() async throws {
        let (node, specID, lines) = try await Self.exported()
        defer { node.remove() }
        #expect(lines.count == 3 && lines[2].isEmpty, "two records, each ending in a newline")
        let line = try #require(lines.count > 1 ? lines[1] : nil)

        let file = node.file("spec-record.json")
        try line.write(to: file)
        let ok = try await CLI.run(["verify", file.path])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("ok   canonical form: the file is the record's RFC 8785 bytes"), "\(ok)")
        #expect(
            ok.stdout.contains("ok   record envelope: spec by did:web:credex.test.example #2, id \(specID)"),
            "\(ok)"
        )
        #expect(ok.stdout.contains("ok   signature: verified under the credex/v1/record purpose"), "\(ok)")
        #expect(!ok.stdout.contains("FAIL"), "\(ok)")

        // One character inside the body: still strict, canonical JSON, but no longer what was signed.
        var text = String(decoding: line, as: UTF8.self)
        let range = try #require(text.range(of: "Brewing"))
        text.replaceSubrange(range, with: "Brewinf")
        let tampered = node.file("tampered.json")
        try Data(text.utf8).write(to: tampered)
        let bad = try await CLI.run(["verify", tampered.path])
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stdout.contains("FAIL signature: signature 0 by ed25519:"), "\(bad)")
        #expect(bad.stdout.contains("does not verify"), "\(bad)")
        #expect(!bad.stdout.contains(specID), "the tampered record has another id:\n\(bad)")

        // Not JSON at all.
        let garbage = try node.write("garbage.json", "{\"credex\": 1,")
        let refused = try await CLI.run(["verify", garbage])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout.contains("FAIL strict JSON:"), "\(refused)")
    }

    /// `credex export` ends every record with a newline, so one line of it, as `sed -n 2p` or an
    /// editor saves it, is a file with a trailing newline. `verify` reports such a file as not in
    /// canonical form although its record is exactly the canonical bytes.
    /// Fails until the verifier's record-file check ignores one trailing line end.
    @Test("a line of an export saved with its newline is reported as the canonical bytes")
    func exportedLineWithNewline() async throws {
        let (node, _, lines) = try await Self.exported()
        defer { node.remove() }
        let file = node.file("line.json")
        try (lines[1] + Data("\n".utf8)).write(to: file)
        let result = try await CLI.run(["verify", file.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("ok   canonical form: the file is the record's RFC 8785 bytes"), "\(result)")
    }

    /// The W3C vc-di-eddsa test vector for eddsa-jcs-2022, from the repository's fixtures.
    static func signedW3CDocument() throws -> Data {
        try Fixtures.data("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json")
    }

    @Test("a W3C eddsa-jcs-2022 document verifies; a tampered copy does not")
    func w3cDocument() async throws {
        let temp = try TemporaryDirectory(prefix: "credex-cli")
        defer { temp.remove() }
        let signed = try Self.signedW3CDocument()
        let file = temp.url.appendingPathComponent("signedJCS.json")
        try signed.write(to: file)
        let ok = try await CLI.run(["verify", file.path])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("ok   W3C Data Integrity (eddsa-jcs-2022): 1 proof(s) verified"), "\(ok)")

        let text = String(decoding: signed, as: UTF8.self)
        #expect(text.contains("The School of Examples"))
        let tampered = temp.url.appendingPathComponent("tampered.json")
        try Data(text.replacingOccurrences(of: "The School of Examples", with: "The School of Exemples").utf8).write(
            to: tampered
        )
        let bad = try await CLI.run(["verify", tampered.path])
        #expect(bad.status == 1, "\(bad)")
        #expect(
            bad.stdout.contains("FAIL W3C Data Integrity (eddsa-jcs-2022): the signature does not verify"),
            "\(bad)"
        )

        // The JSON output says the same, for scripts.
        let json = try await CLI.run(["verify", tampered.path, "--json"])
        #expect(json.status == 1, "\(json)")
        let report = try json.jsonObject()
        #expect(report["outcome"] as? String == "fail", "\(json)")
        let checks = try #require(report["checks"] as? [[String: Any]], "\(json)")
        #expect(
            checks.contains {
                $0["id"] as? String == "document.proof" && $0["outcome"] as? String == "fail"
                    && ($0["name"] as? String)?.hasPrefix("W3C") == true
            },
            "\(json)"
        )
    }
}
