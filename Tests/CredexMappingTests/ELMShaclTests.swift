import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Runs `Tests/elm-shacl-check.py` on encoded ELM credentials: the EC's SHACL shapes of the
/// converted profile (`Tests/Fixtures/elm/`, offline) must find nothing wrong with them, and must
/// find what is wrong with a broken one.
@Suite struct ELMShaclTests {
    static let specs = [
        "spec-maynooth-brewing", "spec-nzqa-4571-basic-construction", "spec-futurelearn-fashion",
        "spec-nptel-c-programming", "spec-hogent-sustainability", "spec-taltech-microdegree",
        "spec-anu-microcredential", "spec-google-it-support",
    ]

    static func encoded(_ name: String) throws -> JSONValue {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/\(name).json")
        let spec = try JSONValueDecoder().decode(
            CredentialSpec.self,
            from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record)
        )
        return try ELM.encode(spec, id: "urn:credex:test:\(name)", validFrom: "2026-01-01T00:00:00Z").document
    }

    @Test(.enabled(if: ELMShaclCheck.shouldRun, "needs python3 with pyshacl (always in CI)"))
    func encodedSpecsConformToTheConvertedProfile() throws {
        let result = try ELMShaclCheck.run(Self.specs.map { ($0, try Self.encoded($0)) })
        #expect(result.status == 0, "python3 Tests/elm-shacl-check.py exited with \(result.status):\n\(result.output)")
        #expect(result.output.contains("\(Self.specs.count) passed, 0 failed"))
    }

    @Test(
        .enabled(
            if: Fixtures.sharedReference != nil && ELMShaclCheck.shouldRun,
            "needs ../shared/reference and python3 with pyshacl (always in CI)"
        )
    )
    func theDecodedAnnexISampleConformsOnceEncoded() throws {
        let decoded = try ELM.decode(try ELMTests.example(ELMTests.annex1))
        let document = try ELM.encode(decoded.spec, validFrom: "2026-01-01T00:00:00Z").document
        let result = try ELMShaclCheck.run([("annex1", document)])
        #expect(result.status == 0, "python3 Tests/elm-shacl-check.py exited with \(result.status):\n\(result.output)")
    }

    /// The checker fails a document the profile refuses (an evidence without its type), and one with
    /// a member no context defines, which JSON-LD would otherwise drop unseen.
    @Test(.enabled(if: ELMShaclCheck.shouldRun, "needs python3 with pyshacl (always in CI)"))
    func aBrokenDocumentFails() throws {
        var document = try #require(try Self.encoded("spec-maynooth-brewing").objectValue)
        var evidence = try #require(document["evidence"]?.objectValue)
        var issuer = try #require(document["issuer"]?.objectValue)
        evidence["dcType"] = nil
        document["evidence"] = .object(evidence)
        issuer["eIDASIdentifer"] = issuer.removeValue(forKey: "eIDASIdentifier")
        document["issuer"] = .object(issuer)
        let result = try ELMShaclCheck.run([("broken", .object(document))])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("#evidence>, path dc:type"), "\(result.output)")
        #expect(result.output.contains("/issuer/eIDASIdentifer: no JSON-LD context defines"), "\(result.output)")
        #expect(result.output.contains("0 passed, 1 failed"))
    }
}

/// Runs the SHACL checker from the repository root, as `OB3SchemaCheck` does for the OB 3.0 schema.
enum ELMShaclCheck {
    /// Always in CI (where a missing python3 or pyshacl fails the test); elsewhere when both are there.
    static var shouldRun: Bool {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        return (try? ExternalTool.run("python3", ["-c", "import pyshacl"]))?.status == 0
    }

    /// Writes each named document to a temporary folder and checks them all in one run.
    static func run(_ documents: [(name: String, document: JSONValue)]) throws -> (status: Int32, output: String) {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var paths = [Fixtures.url("elm").path]
        for (name, document) in documents {
            let url = folder.url.appendingPathComponent(name + ".jsonld")
            try Data(JCS.canonicalBytes(document)).write(to: url)
            paths.append(url.path)
        }
        return try ExternalTool.run("python3", ["Tests/elm-shacl-check.py"] + paths)
    }
}
