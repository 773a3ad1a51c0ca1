import CredexNet
import CredexTesting
import Foundation
import Testing

/// What a person does in a browser, done by headless Chromium through Selenium
/// (`Tests/browser-check.py`) against two real nodes: an Irish issuer and a Spanish officer's node.
@Suite("Officers' pages in a real browser", .serialized)
struct BrowserTests {
    /// Chromium, its driver and Selenium, as `.ci/run` installs them.
    static var canRun: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
            && (try? ExternalTool.run("python3", ["-c", "import selenium"]))?.status == 0
    }

    @Test(
        "sign in at the Spanish node, search, open the Maynooth micro-credential, save the report, upload a tampered file",
        .enabled(if: canRun, "browser test skipped: needs chromium, chromium-driver and `pip install selenium`")
    )
    func officersVisit() async throws {
        let federation = try await LocalFederation.make(count: 2, countries: [1: "ES"])
        defer { federation.remove() }
        let (issuer, officer) = (federation.nodes[0], federation.nodes[1])
        let spec = try await issuer.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let apiPort = try #require(LoopbackPort.free())
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        running.append(try await federation.start(0))
        running.append(try await federation.start(1, extra: ["--api-listen", "127.0.0.1:\(apiPort)"]))
        let listening = await poll(timeout: .seconds(20)) {
            running[1].stderrText.components(separatedBy: "] listening").count > 2
        }
        #expect(listening, "\(running[1].stderrText)")
        #expect(try await federation.waitForHead(issuer.nodeID, spec.seq, at: [1]))

        let created = try LocalFederation.succeed(
            try await officer.credex("token", "create", "--role", "officer", "--name", "Ana García (UAB)")
        )
        let token = try #require(created.stdout.firstMatch(of: /token: (\S+)/)?.1)
        // The browser trusts the node's own certificate by its SPKI hash, as the trust list pins it.
        let shown = try LocalFederation.succeed(try await officer.credex("trust", "show", "--json")).jsonObject()
        let members = shown["members"] as? [[String: Any]] ?? []
        let pins = members.first { $0["nodeId"] as? String == officer.nodeID }?["tlsPins"] as? [String] ?? []
        let pin = try #require(pins.first?.split(separator: "/", maxSplits: 1).last.map(String.init))
        let exported = try LocalFederation.succeed(try await officer.credex("export", spec.id, "--to", "record"))
        let tampered = officer.file("tampered-spec.json")
        try Data(exported.stdout.replacingOccurrences(of: "Brewing", with: "Brewling").utf8).write(to: tampered)

        let result = try ExternalTool.run(
            "python3",
            [
                "Tests/browser-check.py", "--url", "https://127.0.0.1:\(apiPort)", "--token", String(token),
                "--spki", pin, "--tampered", tampered.path,
            ]
        )
        print(result.output)
        #expect(result.status == 0, "browser-check.py:\n\(result.output)\nnode:\n\(running[1].stderrText.suffix(3000))")
    }
}
