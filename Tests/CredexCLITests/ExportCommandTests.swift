import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// `credex export ID --to FORMAT`: this node's own specs and awards signed as OB 3.0, another
/// issuer's returned as signed or converted unsigned, and the refusals.
@Suite("CLI export of one record")
struct ExportCommandTests {
    static let brewing = Examples.path("spec-maynooth-brewing.json")

    @Test("a spec this node issued exports as OB 3.0 whose eddsa-jcs-2022 proof verifies; a tampered copy fails")
    func ownSpecAsSignedOpenBadge() async throws {
        let node = try await TestNode.create(nodeID: "did:web:credex.mu.ie", name: "Maynooth University")
        defer { node.remove() }
        let spec = try await node.issue("spec", Self.brewing)

        let exported = try await node.credex("export", spec.id, "--to", "ob3", "--report")
        #expect(exported.status == 0, "\(exported)")
        #expect(exported.stderr.contains("\"format\" : \"ob3\""), "\(exported)")
        let decoded = try OpenBadges.decode(Array(exported.stdoutData))
        #expect(decoded.proof == .verified(method: "eddsa-jcs-2022"))
        #expect(decoded.spec.title.text() == "Introduction to the Quality Aspects of Brewing & Distilling Science")
        let credential = try StrictJSON.parse(Array(exported.stdoutData), mode: .document)
        #expect(credential["id"]?.stringValue == "urn:credex:record:\(spec.id)")
        let method = credential["proof"]?.arrayValue?.first?["verificationMethod"]?.stringValue ?? ""
        #expect(method.hasPrefix("did:key:z6Mk"), "\(method)")
        // The signer is the issuer; the awarding body is the achievement's creator, and decodes as such.
        let did = String(method.prefix { $0 != "#" })
        #expect(credential["issuer"]?["id"]?.stringValue == did, "\(method)")
        #expect(credential["issuer"]?["name"]?.stringValue == "did:web:credex.mu.ie")
        let creator = credential["credentialSubject"]?["achievement"]?["creator"]
        #expect(creator?["id"]?.stringValue == "https://www.maynoothuniversity.ie")
        #expect(decoded.spec.awardingBodies.map(\.id) == ["https://www.maynoothuniversity.ie"])

        guard case .object(var members) = credential else { throw CLIError("not a JSON object:\n\(exported)") }
        members["name"] = "Advanced Brewing"
        let tampered = try OpenBadges.decode(JCS.canonicalBytes(.object(members)))
        #expect(tampered.proof == .failed(method: "eddsa-jcs-2022", reasons: ["the signature does not verify"]))

        // The credential is the same at every export; only the proof is new. -o writes the same.
        let file = node.file("brewing-ob3.json")
        let again = try await node.credex("export", spec.id, "--to", "ob3", "-o", file.path)
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again)")
        let written = try Data(contentsOf: file)
        #expect(try OpenBadges.decode(Array(written)).proof == .verified(method: "eddsa-jcs-2022"))
        #expect(try Self.withoutProof(Array(written)) == (try Self.withoutProof(Array(exported.stdoutData))))
    }

    @Test("a spec this node issued exports as a VC-JWT (EdDSA) that verifies")
    func ownSpecAsVCJWT() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let spec = try await node.issue("spec", Self.brewing)
        let exported = try await node.credex("export", spec.id, "--to", "ob3-jwt")
        #expect(exported.status == 0, "\(exported)")
        let token = exported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let opened = try VCJWT.open(token)
        #expect(opened.proof == .verified(method: VCJWT.method))
        #expect(opened.credential["id"]?.stringValue == "urn:credex:record:\(spec.id)")
        #expect(opened.credential["issuer"]?["id"]?.stringValue?.hasPrefix("did:key:z6Mk") == true)
        #expect(try OpenBadges.decode(Array(token.utf8)).proof == .verified(method: VCJWT.method))
    }

    @Test("an award exports as a signed OB 3.0 credential carrying the learner commitment, no personal data")
    func ownAwardAsSignedOpenBadge() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let spec = try await node.issue("spec", Self.brewing)
        let award = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )
        let exported = try await node.credex("export", award.id, "--to", "ob3", "--report")
        #expect(exported.status == 0, "\(exported)")
        #expect(try OpenBadges.decode(Array(exported.stdoutData)).proof == .verified(method: "eddsa-jcs-2022"))
        let credential = try StrictJSON.parse(Array(exported.stdoutData), mode: .document)
        #expect(credential["awardedDate"]?.stringValue == "2025-05-30T00:00:00Z")
        #expect(credential["validFrom"]?.stringValue == "2025-05-30T00:00:00Z")
        let identity = credential["credentialSubject"]?["identifier"]?.arrayValue?.first
        #expect(identity?["identityType"]?.stringValue == "ext:credexLearnerCommitment", "\(exported)")
        #expect(identity?["hashed"] == .bool(true))
        for personal in ["Aoife", "Bhriain", "1996-08-14", "25123456", "Pass"] {
            #expect(!exported.stdout.contains(personal), "\(personal) leaked:\n\(exported)")
        }
        #expect(exported.stderr.contains("the personal part never leaves this node"), "\(exported)")
        let jwt = try await node.credex("export", award.id, "--to", "ob3-jwt")
        #expect(try VCJWT.open(jwt.stdout.trimmingCharacters(in: .newlines)).proof == .verified(method: VCJWT.method))
        let ctdl = try await node.credex("export", award.id, "--to", "ctdl")
        #expect(ctdl.status == 3 && ctdl.stderr.contains("export its spec \(spec.id) instead"), "\(ctdl)")
    }

    @Test("another issuer's record: --to record is its original bytes, ob3 an unsigned conversion saying so")
    func otherIssuersRecord() async throws {
        let issuer = try await TestNode.create(nodeID: "did:web:credex.mu.ie", name: "Maynooth University")
        defer { issuer.remove() }
        let holder = try await TestNode.create(nodeID: "did:web:credex.holder.example", name: "Holder", country: "FR")
        defer { holder.remove() }
        let spec = try await issuer.issue("spec", Self.brewing)
        let log = issuer.file("issuer-log.jsonl")
        #expect(try await issuer.credex("export", "-o", log.path).status == 0)
        let imported = try await holder.credex("import", log.path)
        #expect(imported.status == 0, "\(imported)")
        let lines = String(decoding: try Data(contentsOf: log), as: UTF8.self).split(separator: "\n")
        let line = try #require(lines.first { $0.contains("\"credex.spec/1\"") })

        let original = try await holder.credex("export", spec.id)
        #expect(original.status == 0, "\(original)")
        #expect(original.stdoutData == Data((line + "\n").utf8))
        #expect(RecordID(canonicalBytes: Array(line.utf8)).rawValue == spec.id)

        let converted = try await holder.credex("export", spec.id, "--to", "ob3", "--report")
        #expect(converted.status == 0, "\(converted)")
        let credential = try StrictJSON.parse(Array(converted.stdoutData), mode: .document)
        #expect(credential["proof"] == nil)
        #expect(credential["id"]?.stringValue == "urn:credex:conversion:\(spec.id)")
        #expect(credential["issuer"]?["id"]?.stringValue == "https://www.maynoothuniversity.ie")
        #expect(credential["credentialSubject"]?["achievement"]?["creator"] == nil)
        let note = credential["description"]?.stringValue ?? ""
        #expect(
            note.hasPrefix(
                "Unsigned conversion by did:web:credex.holder.example of Credex record \(spec.id), "
                    + "issued and signed by did:web:credex.mu.ie."
            ),
            "\(converted)"
        )
        #expect(try OpenBadges.decode(Array(converted.stdoutData)).proof == OpenBadges.ProofResult.none)
        #expect(converted.stderr.contains("this rendition is unsigned"), "\(converted)")

        let ctdl = try await holder.credex("export", spec.id, "--to", "ctdl")
        #expect(ctdl.status == 0 && ctdl.stdout.contains("Unsigned conversion by did:web:credex.holder.example"))
        let jwt = try await holder.credex("export", spec.id, "--to", "ob3-jwt")
        #expect(jwt.status == 3 && jwt.stdout.isEmpty, "\(jwt)")
        #expect(jwt.stderr.contains("this node signs only its own records"), "\(jwt)")
    }

    @Test("an unknown id, a status record, a suspended award and a missing key are refused clearly")
    func refusals() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let unknown = String(repeating: "ab", count: 32)
        let missing = try await node.credex("export", unknown, "--to", "ob3")
        #expect(missing.status == 3 && missing.stderr.contains("no record \(unknown)"), "\(missing)")

        let spec = try await node.issue("spec", Self.brewing)
        let award = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )
        let suspend = try node.write("suspend.json", "{\"target\": \"\(award.id)\", \"action\": \"suspend\"}")
        let status = try await node.issue("status", suspend)
        let statusExport = try await node.credex("export", status.id, "--to", "ob3")
        #expect(statusExport.status == 3, "\(statusExport)")
        #expect(statusExport.stderr.contains("is a status record: only specs and awards export as ob3"))
        #expect(try await node.credex("export", status.id).status == 0)
        let suspended = try await node.credex("export", award.id, "--to", "ob3-jwt")
        #expect(suspended.status == 3 && suspended.stderr.contains("is suspended"), "\(suspended)")

        let key = node.url.appendingPathComponent("keys/signing-key.pem")
        try FileManager.default.moveItem(at: key, to: node.file("away.pem"))
        let keyless = try await node.credex("export", spec.id, "--to", "ob3")
        #expect(keyless.status == 3 && keyless.stderr.contains("signing key cannot be read"), "\(keyless)")
        #expect(try await node.credex("export", spec.id, "--to", "ctdl").status == 0)

        let noID = try await node.credex("export", "--to", "ob3")
        #expect(noID.status == 64 && noID.stderr.contains("--to and --report need a record ID"), "\(noID)")
    }

    /// Runs `Tests/ob3-schema-check.py` on a signed spec, a signed award and an unsigned conversion.
    @Test(
        "exported OB 3.0 credentials validate against the formal 1EdTech schema",
        .enabled(if: Self.schemaCheckAvailable, "needs ../shared/reference and python3 with jsonschema (always in CI)")
    )
    func exportsValidateAgainstTheFormalSchema() async throws {
        let issuer = try await TestNode.create(nodeID: "did:web:credex.mu.ie", name: "Maynooth University")
        defer { issuer.remove() }
        let holder = try await TestNode.create(nodeID: "did:web:credex.holder.example", name: "Holder")
        defer { holder.remove() }
        let spec = try await issuer.issue("spec", Self.brewing)
        let award = try await issuer.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )
        let log = issuer.file("issuer-log.jsonl")
        #expect(try await issuer.credex("export", "-o", log.path).status == 0)
        #expect(try await holder.credex("import", log.path).status == 0)
        let shared = try #require(Fixtures.sharedReference)
        var paths = [
            shared.appendingPathComponent("openbadges-clr/schemas/ob_v3p0_achievementcredential_schema.json").path
        ]
        for (node, id, name) in [(issuer, spec.id, "spec"), (issuer, award.id, "award"), (holder, award.id, "conv")] {
            let file = issuer.file("\(name)-ob3.json")
            let exported = try await node.credex("export", id, "--to", "ob3", "-o", file.path)
            #expect(exported.status == 0, "\(exported)")
            paths.append(file.path)
        }
        let result = try ExternalTool.run("python3", ["Tests/ob3-schema-check.py"] + paths)
        #expect(result.status == 0, "python3 Tests/ob3-schema-check.py exited with \(result.status):\n\(result.output)")
    }

    /// Always in CI; elsewhere when the shared reference tree and python3 with jsonschema are there.
    static var schemaCheckAvailable: Bool {
        guard Fixtures.sharedReference != nil else { return false }
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        return (try? ExternalTool.run("python3", ["-c", "import jsonschema"]))?.status == 0
    }

    /// The credential in `bytes` without its proof.
    static func withoutProof(_ bytes: [UInt8]) throws -> JSONValue {
        guard case .object(var members) = try StrictJSON.parse(bytes, mode: .document) else {
            throw CLIError("not a JSON object")
        }
        members["proof"] = nil
        return .object(members)
    }
}
