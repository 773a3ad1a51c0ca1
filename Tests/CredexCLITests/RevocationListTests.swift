import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// The node's W3C Bitstring Status List of revocations: served on the API port, signed by the
/// node's did:key, and pointed at by the node's signed OB 3.0 exports.
@Suite("CLI revocation list")
struct RevocationListTests {
    static let publicURL = "https://credex.test.example:8443"

    /// Sets `key` in the node's node.json, as an operator edits it.
    static func setConfiguration(_ node: TestNode, _ key: String, _ value: Any) throws {
        let url = node.url.appendingPathComponent("node.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        object[key] = value
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .withoutEscapingSlashes])
            .write(to: url)
    }

    static func setPublicURL(_ node: TestNode, _ value: String) throws {
        try setConfiguration(node, "publicURL", value)
    }

    @Test("a revoked award's bit is set in the list the API port serves, at the index its OB 3.0 export names")
    func revokedAwardIsPublished() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        try Self.setPublicURL(node, Self.publicURL)
        try await node.foundSoloFederation()
        let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let award = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )
        let kept = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )

        let exported = try await node.credex("export", award.id, "--to", "ob3")
        #expect(exported.status == 0, "\(exported)")
        let credential = try StrictJSON.parse(Array(exported.stdoutData), mode: .document)
        let status = try #require(credential["credentialStatus"], "\(exported.stdout)")
        #expect(status["type"]?.stringValue == "BitstringStatusListEntry")
        #expect(status["statusPurpose"]?.stringValue == "revocation")
        #expect(status["statusListIndex"]?.stringValue == "\(award.seq)")
        #expect(status["statusListCredential"]?.stringValue == Self.publicURL + "/credex/v1/status/revocation")

        let revoke = try node.write("revoke.json", "{\"target\": \"\(award.id)\", \"action\": \"revoke\"}")
        _ = try await node.issue("status", revoke)

        let running = try ChildProcess(["node", "run", "--dir", node.path, "--api-listen", "127.0.0.1:0"])
        defer { running.stop() }
        let ready = await poll(timeout: .seconds(20)) {
            running.stderrText.contains("] listening\n") || !running.isRunning
        }
        try #require(ready && running.isRunning, "\(running.stderrText)")
        let api = try #require(NodeListenersTests.port(of: "api", in: running.stderrText))
        let certificate = node.url.appendingPathComponent("keys/tls-certificate.pem").path
        let host = "credex.test.example"
        let answer = try await NodeListenersTests.curl([
            "--cacert", certificate, "--resolve", "\(host):\(api):127.0.0.1",
            "https://\(host):\(api)/credex/v1/status/revocation",
        ])
        #expect(answer.hasSuffix("\n200"), "\(answer)")
        let body = String(answer.dropLast(4))
        let list = try StrictJSON.parse(Array(body.utf8), mode: .document)
        #expect(list["id"]?.stringValue == Self.publicURL + "/credex/v1/status/revocation")
        #expect(EddsaJcs2022.verify(list).isValid, "the list's proof verifies")
        let method = try #require(list["proof"]?.arrayValue?.first?["verificationMethod"]?.stringValue)
        #expect(list["issuer"]?.stringValue == method.components(separatedBy: "#")[0])
        let bits = try BitstringStatusList(
            encoded: try #require(list["credentialSubject"]?["encodedList"]?.stringValue)
        )
        #expect(bits[award.seq], "the revoked award's bit is set")
        #expect(!bits[kept.seq] && !bits[spec.seq], "the others are clear")
        #expect((0..<bits.count).filter { bits[$0] } == [award.seq])
    }

    @Test("without publicURL the list is not served and exports carry no status; a bad publicURL is refused")
    func noPublicURL() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let award = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )
        let exported = try await node.credex("export", award.id, "--to", "ob3", "--report")
        #expect(exported.status == 0, "\(exported)")
        #expect(!exported.stdout.contains("credentialStatus"), "\(exported)")
        #expect(exported.stderr.contains("publicURL"), "the report says why there is no status: \(exported)")

        try Self.setPublicURL(node, "http://insecure.example")
        let refused = try await node.credex("log")
        #expect(refused.status == 3 && refused.stderr.contains("is not an https URL"), "\(refused)")
    }
}
