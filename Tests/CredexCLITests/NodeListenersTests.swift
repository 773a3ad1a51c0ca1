import CredexTesting
import Foundation
import Testing

/// `credex node run` with its listeners, as an operator runs it: curl on the API port, an unsigned
/// request on the proxy socket, and the trust list reloaded on SIGHUP.
@Suite("CLI node listeners")
struct NodeListenersTests {
    /// The port a listener logged, e.g. `address=127.0.0.1:43125 listener=api [CredexNode] listening`.
    static func port(of listener: String, in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.hasSuffix("] listening") {
            let fields = line.split(separator: " ")
            guard fields.contains("listener=\(listener)"),
                let address = fields.first(where: { $0.hasPrefix("address=") }),
                let colon = address.lastIndex(of: ":")
            else { continue }
            return Int(address[address.index(after: colon)...])
        }
        return nil
    }

    static func curl(_ arguments: [String]) async throws -> String {
        let child = try ChildProcess(["-s", "-w", "\n%{http_code}"] + arguments, executable: "/usr/bin/curl")
        defer { child.stop() }
        guard await child.waitForExit(timeout: .seconds(20)) else { throw CLIError("curl did not finish") }
        return child.result().stdout
    }

    @Test(
        "API port answers curl over TLS, the proxy socket refuses unsigned requests, published trust lists take effect"
    )
    func listeners() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let admin = try await node.foundSoloFederation()
        let running = try ChildProcess([
            "node", "run", "--dir", node.path, "--peer-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
            "--proxy-listen", "unix:proxy.sock",
        ])
        defer { running.stop() }
        let ready = await poll(timeout: .seconds(20)) {
            running.stderrText.components(separatedBy: "] listening\n").count == 4 || !running.isRunning
        }
        try #require(ready && running.isRunning, "\(running.stderrText)")
        let api = try #require(Self.port(of: "api", in: running.stderrText))
        #expect(Self.port(of: "peer", in: running.stderrText) != nil)

        let certificate = node.url.appendingPathComponent("keys/tls-certificate.pem").path
        let host = "credex.test.example"  // the did:web host, which `init` put in the certificate
        let health = [
            "--cacert", certificate, "--resolve", "\(host):\(api):127.0.0.1", "https://\(host):\(api)/health",
        ]
        let first = try await Self.curl(health)
        #expect(first.hasSuffix("\n200") && first.contains("\"trustVersion\":2"), "\(first)")

        let socket = node.url.appendingPathComponent("proxy.sock").path
        let unsigned = try await Self.curl(["--unix-socket", socket, "http://localhost/credex/v1/peer"])
        #expect(unsigned.hasSuffix("\n401") && unsigned.contains("missing-header"), "\(unsigned)")

        // A newer version published to the running node is in force at once ...
        let third = node.file("trust-v3.json").path
        let propose = try await node.credex(["trust", "propose", "--threshold", "1", "--out", third])
        #expect(propose.status == 0, "\(propose)")
        #expect(try await CLI.run(["trust", "sign", third, "--key", admin]).status == 0)
        let published = try await node.credex(["trust", "publish", third])
        #expect(published.status == 0, "\(published)")
        #expect(
            await poll(timeout: .seconds(10)) { running.stderrText.contains("trust.version=3") },
            "\(running.stderrText)"
        )
        let second = try await Self.curl(health)
        #expect(second.contains("\"trustVersion\":3"), "\(second)")

        // ... an older one is refused, the node keeping the version in force ...
        let replay = try await node.credex(["trust", "publish", node.file("trust-v2.json").path])
        #expect(replay.status == 3 && replay.stderr.contains("not newer than version 3"), "\(replay)")
        #expect(try await Self.curl(health).contains("\"trustVersion\":3"))

        // ... and SIGHUP re-reads the list from the database.
        running.send(SIGHUP)
        #expect(
            await poll(timeout: .seconds(10)) { running.stderrText.contains("trust list unchanged") },
            "\(running.stderrText)"
        )

        let stopped = await node.stopNode(running)
        #expect(stopped.status == 0 && !stopped.signalled, "\(stopped)")
    }
}
