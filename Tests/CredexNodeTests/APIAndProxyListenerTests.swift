import CredexCrypto
import CredexJSON
import CredexNet
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Testing

@testable import CredexNode

/// The API port (server TLS, checked with curl) and the plain listener behind a proxy, which serves
/// only signed requests of `httpsig` members and signs its answers.
@Suite struct APIAndProxyListenerTests {
    @Test func curlReachesTheAPIPortOverTLS13AndTLS12IsRefused() async throws {
        let folder = try TemporaryDirectory()
        let certificate = folder.url.appendingPathComponent("home.pem")
        try Federation.home.tls.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let port = listeners.ports[.api]!
            let base = ["-s", "--cacert", certificate.path, "--resolve", "localhost:\(port):127.0.0.1"]
            let url = "https://localhost:\(port)/health"
            let ok = try await runProgram("/usr/bin/curl", base + ["--tlsv1.3", "-w", "\n%{http_code}", url])
            #expect(ok.status == 0)
            #expect(ok.output.hasSuffix("\n200"), "\(ok.output)")
            #expect(ok.output.contains("\"node\":\"\(Federation.home.id)\""))
            let old = try await runProgram("/usr/bin/curl", base + ["--tlsv1.2", "--tls-max", "1.2", url])
            #expect(old.status != 0)
        }
    }

    /// A request as the proxy forwards it: signed for the node's public endpoint, sent in plain
    /// HTTP to the proxy listener.
    struct ProxiedCall {
        var signer = HTTPRequestSigner(key: Federation.proxied.key)
        var signedBody: [UInt8] = []
        var sentBody: [UInt8]? = nil
        var signedAt = Date()
        var nonce = SecureRandom.bytes(16)
        var signed = true

        func send(
            to port: Int,
            in folder: TemporaryDirectory
        ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8], signature: [UInt8]) {
            let target = "/credex/v1/peer"
            let headers = try signer.sign(
                method: "GET",
                targetURI: Federation.homeProxyEndpoint + target,
                body: signedBody,
                now: signedAt,
                nonce: nonce
            )
            let bodyFile = folder.url.appendingPathComponent("body-\(UUID().uuidString)")
            let headerFile = folder.url.appendingPathComponent("headers-\(UUID().uuidString)")
            try Data(sentBody ?? signedBody).write(to: bodyFile)
            var arguments = ["-s", "-X", "GET", "--data-binary", "@\(bodyFile.path)", "-D", headerFile.path]
            arguments += ["-H", "content-type:", "-H", "host: proxy.home.example"]
            if signed { for field in headers.fields { arguments += ["-H", "\(field.name): \(field.value)"] } }
            let result = try await runProgram("/usr/bin/curl", arguments + ["http://127.0.0.1:\(port)\(target)"])
            let headerText = try String(contentsOf: headerFile, encoding: .utf8)
            let lines = headerText.components(separatedBy: "\r\n")
            let status = Int(lines[0].split(separator: " ")[1]) ?? 0
            let fields = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return (status, fields, Array(result.output.utf8), headers.signatureBytes)
        }
    }

    @Test func aSignedRequestIsServedAndItsAnswerSigned() async throws {
        let folder = try TemporaryDirectory()
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let reply = try await ProxiedCall().send(to: listeners.ports[.proxy]!, in: folder)
            #expect(reply.status == 200)
            let answer = try StrictJSON.parse(Data(reply.body), mode: .document)
            #expect(answer["peer"]?.stringValue == Federation.proxied.id)
            let home = Federation.home.key.publicKey
            let verifier = SignedResponseVerifier(keys: { $0 == HTTPSignatureKeyID.of(home) ? home : nil })
            let outcome = verifier.verify(
                status: reply.status,
                headers: reply.headers,
                body: reply.body,
                requestSignature: reply.signature,
                now: Date()
            )
            #expect(outcome == .accepted(keyID: HTTPSignatureKeyID.of(home)))
        }
    }

    @Test(arguments: [
        ("unsigned", "missing-header"),
        ("stranger's key", "unknown-key"),
        ("mutual-TLS member's key", "unknown-key"),
        ("expired", "expired"),
        ("body does not match its digest", "digest-mismatch"),
    ])
    func aBadRequestIsRefusedWithItsReason(_ case: String, _ code: String) async throws {
        let folder = try TemporaryDirectory()
        var call = ProxiedCall()
        switch `case` {
        case "unsigned": call.signed = false
        case "stranger's key": call.signer = HTTPRequestSigner(key: Federation.stranger.key)
        case "mutual-TLS member's key": call.signer = HTTPRequestSigner(key: Federation.partner.key)
        case "expired": call.signedAt = Date(timeIntervalSinceNow: -3_600)
        default:
            call.signedBody = Array("{\"a\":1}".utf8)
            call.sentBody = Array("{\"a\":2}".utf8)
        }
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let reply = try await call.send(to: listeners.ports[.proxy]!, in: folder)
            #expect(reply.status == 401, "\(`case`)")
            let reason = String(decoding: reply.body, as: UTF8.self)
            #expect(reason.contains(code), "\(`case`): \(reason)")
        }
    }

    @Test func aReplayedNonceIsRefused() async throws {
        let folder = try TemporaryDirectory()
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let call = ProxiedCall()
            #expect(try await call.send(to: listeners.ports[.proxy]!, in: folder).status == 200)
            let replay = try await call.send(to: listeners.ports[.proxy]!, in: folder)
            #expect(replay.status == 401)
            #expect(String(decoding: replay.body, as: UTF8.self).contains("replayed"))
        }
    }

    @Test func theProxyListenerMustBeLocal() throws {
        let trust = try NodeTrust(
            try Federation.trust(version: 1),
            identity: Federation.home.tls,
            logger: .init(label: "t")
        )
        let error = #expect(throws: NodeError.self) {
            try NodeNetwork(
                ownNodeID: Federation.home.id,
                trust: trust,
                store: try SQLiteRecordStore(inMemory: .init()),
                addresses: .init(proxy: .tcp(host: "0.0.0.0", port: 7080)),
                apiTLS: trust.peerServerTLS,
                signingKey: Federation.home.key,
                nonces: InMemoryNonceStore(),
                logger: .init(label: "t")
            )
        }
        #expect(error?.reason.contains("loopback or a unix socket") == true)
    }
}
