import CredexCrypto
import CredexTesting
import Foundation
import Testing

/// `credex import` of credential documents: the node attests their specs and awards, keeping the
/// awarding bodies and the original's provenance; refused documents import nothing.
@Suite("CLI import of credential documents")
struct ImportDocumentTests {
    static let register = Fixtures.url("registers/nzqa-micro-credentials.csv").path
    static let elmo = Fixtures.url("elmo/micro-credential.xml").path
    static let ob3 = Fixtures.url("ob3/signed-eddsa-jcs-2022.json").path
    static let tamperedOB3 = Fixtures.url("ob3/signed-eddsa-jcs-2022-tampered.json").path

    /// The bodies of `kind` records in the node's own log, newest last.
    static func bodies(_ node: TestNode, kind: String) async throws -> [[String: Any]] {
        let log = try await node.credex("log", "--issuer", node.nodeID, "--json")
        #expect(log.status == 0, "\(log)")
        var bodies: [[String: Any]] = []
        for entry in try log.jsonArray() where entry["kind"] as? String == kind {
            let shown = try await node.credex("show", try #require(entry["id"] as? String), "--json")
            let record = try shown.jsonObject()
            bodies.append(try #require((record["record"] as? [String: Any])?["body"] as? [String: Any], "\(shown)"))
        }
        return bodies
    }

    static func sha256(_ path: String) throws -> String {
        SHA256.hex([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("a register, an ELMO transcript and an OB3 credential become attested specs and an award, with provenance")
    func attestsDocuments() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let imported = try await node.credex("import", Self.register, Self.elmo, Self.ob3)
        #expect(imported.status == 0, "\(imported)")
        #expect(
            imported.stdout.contains(
                "nzqa-micro-credentials.csv: Attested 5 specs and 0 awards from register; 0 specs and 0 awards already held."
            ),
            "\(imported)"
        )
        #expect(imported.stdout.contains("micro-credential.xml: Attested 2 specs and 1 award from elmo"), "\(imported)")
        #expect(imported.stdout.contains("signed-eddsa-jcs-2022.json: Attested 1 spec and 0 awards from ob3"))
        #expect(try await node.headSeq() == 1 + 5 + 3 + 1)

        let specs = try await Self.bodies(node, kind: "spec")
        #expect(specs.count == 8)
        let registerHash = try Self.sha256(Self.register)
        let fromRegister = specs.filter { ($0["provenance"] as? [String: Any])?["sha256"] as? String == registerHash }
        #expect(fromRegister.count == 5)
        for spec in fromRegister {
            #expect((spec["provenance"] as? [String: Any])?["format"] as? String == "register")
            #expect((spec["provenance"] as? [String: Any])?["proof"] as? String == "none")
            // The awarding body is the register's, never the attesting node.
            let body = try #require((spec["awardingBodies"] as? [[String: Any]])?.first)
            #expect(body["country"] as? String == "NZ")
        }
        let badge = try #require(specs.last)
        #expect((badge["provenance"] as? [String: Any])?["proof"] as? String == "verified")
        #expect((badge["provenance"] as? [String: Any])?["format"] as? String == "ob-3")

        let awards = try await Self.bodies(node, kind: "award")
        let award = try #require(awards.first)
        #expect(awards.count == 1)
        #expect((award["provenance"] as? [String: Any])?["sha256"] as? String == (try Self.sha256(Self.elmo)))
        #expect(award["learner"] is String, "the learner is a commitment, not a name")
        let awardLog = try await node.credex("log", "--issuer", node.nodeID, "--json")
        let awardID = try #require(
            try awardLog.jsonArray().first { $0["kind"] as? String == "award" }?["id"] as? String
        )
        let personal = try await node.credex("show", awardID, "--personal")
        #expect(personal.status == 0 && personal.stdout.contains("held"), "\(personal)")
    }

    @Test("importing the same documents again signs nothing new")
    func reimportIsIdempotent() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let first = try await node.credex("import", Self.register, Self.elmo)
        #expect(first.status == 0, "\(first)")
        let head = try await node.headSeq()
        let again = try await node.credex("import", Self.register, Self.elmo)
        #expect(again.status == 0, "\(again)")
        #expect(
            again.stdout.contains("Attested 0 specs and 0 awards from register; 5 specs and 0 awards already held.")
        )
        #expect(again.stdout.contains("Attested 0 specs and 0 awards from elmo; 2 specs and 1 award already held."))
        #expect(try await node.headSeq() == head)
    }

    @Test("a tampered credential and a hostile document are refused whole; the good file beside them is imported")
    func refusalsAreSummarised() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let hostile = try node.write(
            "laughs.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">&lol2;</elmo>
            """
        )
        let truncated = try node.write(
            "truncated.csv",
            String(try String(contentsOfFile: Self.register, encoding: .utf8).prefix(200))
        )
        let result = try await node.credex("import", Self.tamperedOB3, hostile, Self.register, truncated)
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout.contains("nzqa-micro-credentials.csv: Attested 5 specs"), "\(result)")
        #expect(result.stderr.contains("Refused 3 of 4 files; nothing of them was imported:"), "\(result)")
        #expect(result.stderr.contains("signed-eddsa-jcs-2022-tampered.json: "), "\(result)")
        #expect(result.stderr.contains("own proof does not verify"), "\(result)")
        #expect(
            result.stderr.contains(
                "laughs.xml: malformed: not a document Credex reads: the ELMO document has a DOCTYPE"
            )
        )
        #expect(
            result.stderr.contains("truncated.csv: malformed: not a document Credex reads: the CSV is refused: row 2")
        )
        #expect(try await node.headSeq() == 1 + 5, "only the register's specs were signed")

        let alone = try await node.credex("import", Self.tamperedOB3)
        #expect(alone.status == 3 && alone.stderr.contains("own proof does not verify"), "\(alone)")
        #expect(!alone.stderr.contains("Refused"), "one file needs no summary: \(alone)")
    }

    @Test("--format names the format; a document in another one is refused")
    func explicitFormat() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let wrong = try await node.credex("import", Self.register, "--format", "elmo")
        #expect(wrong.status == 3, "\(wrong)")
        #expect(try await node.headSeq() == 1)
        let right = try await node.credex("import", Self.register, "--format", "register", "--json")
        #expect(right.status == 0, "\(right)")
        let outcome = try #require(try right.jsonArray().first)
        #expect((outcome["attested"] as? [String: Any])?["specs"] as? Int == 5, "\(right)")
    }

    @Test("bulk files show a progress bar on request: records batch by batch, documents part by part")
    func progressBar() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let chain = try RecordChainFile.write(count: 300, seed: 17, to: node.file("chain.jsonl"))
        let records = try await node.credex("import", chain.url.path, "--batch", "100", "--progress")
        #expect(records.status == 0, "\(records)")
        #expect(records.stdout.contains("Read 300 records: 300 appended, 0 already held."), "\(records)")
        #expect(records.stderr.contains("chain.jsonl [##############################] 100% 300 records"), "\(records)")
        #expect(try await node.headSeq(of: chain.issuer) == 300)

        let documents = try await node.credex("import", Self.register, "--progress")
        #expect(documents.stderr.contains("100% 5 of 5 specs"), "\(documents)")
        let quiet = try await node.credex("import", Self.elmo)
        #expect(!quiet.stderr.contains("["), "no bar when standard error is not a terminal: \(quiet)")
    }

    @Test("a running node attests through its admin socket")
    func throughRunningNode() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let child = try await node.startNode()
        let imported = try await node.credex("import", Self.elmo, Self.ob3)
        let stopped = await node.stopNode(child)
        #expect(imported.status == 0, "\(imported)\n\(stopped)")
        #expect(try await node.headSeq() == 1 + 3 + 1)
    }
}
