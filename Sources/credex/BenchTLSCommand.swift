import ArgumentParser
import CredexCrypto
import CredexNet
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

extension BenchCommand {
    struct TLS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tls",
            abstract:
                "Mutual TLS 1.3 on 127.0.0.1 through our NIO handler: full and resumed handshakes/s and bulk MB/s, "
                + "beside `openssl s_server`/`s_time` in the same run."
        )

        @Option(help: "Runs to take the median of.") var runs = 3
        @Option(help: "Seconds per handshake measurement.") var seconds = 3.0
        @Option(help: "Mebibytes the bulk measurement sends over one connection.") var megabytes = 256
        @Option(help: "Connections in flight during the handshake measurements.") var concurrency = 8

        func validate() throws {
            guard runs > 0, seconds > 0, megabytes > 0, (1...64).contains(concurrency) else {
                throw ValidationError("--runs, --seconds and --megabytes must be positive, --concurrency 1 to 64")
            }
        }

        func run() async throws {
            let serverIdentity = try TLSIdentity.generate(commonName: "bench-server", dnsNames: ["server.bench"])
            let clientIdentity = try TLSIdentity.generate(commonName: "bench-client", dnsNames: ["client.bench"])
            let trust = TLSTrustSnapshot(
                pins: [serverIdentity.publicKeyPin: "bench-server", clientIdentity.publicKeyPin: "bench-client"],
                version: 1
            )
            let serverContext = try TLSContext(
                role: .server,
                identity: serverIdentity,
                alpn: ["credex/1"],
                requirePeerCertificate: true,
                trust: trust
            )
            func clientContext() throws -> TLSContext {
                try TLSContext(
                    role: .client,
                    identity: clientIdentity,
                    alpn: ["credex/1"],
                    requirePeerCertificate: true,
                    trust: trust
                )
            }

            let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
            var full: [Double] = []
            var resumed: [Double] = []
            var bulk: [Double] = []
            var resumption = "not checked"
            do {
                let server = try await TLSBench.handshakeServer(group: group, context: serverContext)
                do {
                    let port = server.localAddress?.port ?? 0
                    for run in 1...runs {
                        // Full: a fresh client context, and a new server name per connection, so no
                        // ticket is ever offered.
                        let fullClient = try clientContext()
                        full.append(
                            try await TLSBench.handshakes(
                                group: group,
                                port: port,
                                client: fullClient,
                                seconds: seconds,
                                lanes: concurrency
                            ) { lane, index in "full-\(lane)-\(index).bench" }
                        )
                        // Resumed: one server name per lane, so each connection takes the ticket the
                        // previous connection of its lane received; one warm-up connection per lane.
                        let resumeClient = try clientContext()
                        _ = try await TLSBench.handshakes(
                            group: group,
                            port: port,
                            client: resumeClient,
                            seconds: 0,
                            lanes: concurrency
                        ) { lane, _ in "resume-\(lane).bench" }
                        resumed.append(
                            try await TLSBench.handshakes(
                                group: group,
                                port: port,
                                client: resumeClient,
                                seconds: seconds,
                                lanes: concurrency
                            ) { lane, _ in "resume-\(lane).bench" }
                        )
                        if run == 1 {
                            resumption = try TLSBench.resumptionCheck(server: serverContext, client: resumeClient)
                        }
                        bulk.append(
                            try await TLSBench.bulk(
                                group: group,
                                server: serverContext,
                                client: try clientContext(),
                                bytes: megabytes << 20
                            )
                        )
                        print(
                            String(
                                format: "run %d: full %.0f handshakes/s, resumed %.0f handshakes/s, bulk %.0f MB/s",
                                run,
                                full.last!,
                                resumed.last!,
                                bulk.last!
                            )
                        )
                    }
                } catch {
                    try? await server.close()
                    throw error
                }
                try await server.close()
            } catch {
                try? await group.shutdownGracefully()
                throw error
            }
            try await group.shutdownGracefully()

            print(
                String(
                    format:
                        "credex (NIO + OpenSSLTLSHandler, mutual TLS 1.3, %d in flight, %d event loops): "
                        + "full %.0f handshakes/s, resumed %.0f handshakes/s, bulk %.0f MB/s (%d MiB in 256 KiB "
                        + "writes) (medians of %d)",
                    concurrency,
                    System.coreCount,
                    median(full),
                    median(resumed),
                    median(bulk),
                    megabytes,
                    runs
                )
            )
            print("resumption check (TLSEngine pair on the resumed run's contexts): \(resumption)")

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credex-bench-tls-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let keyURL = folder.appendingPathComponent("server.key")
            let certificateURL = folder.appendingPathComponent("server.crt")
            try serverIdentity.write(keyTo: keyURL, certificateTo: certificateURL)
            let clientKeyURL = folder.appendingPathComponent("client.key")
            let clientCertificateURL = folder.appendingPathComponent("client.crt")
            try clientIdentity.write(keyTo: clientKeyURL, certificateTo: clientCertificateURL)
            let setups: [(String, OpenSSLTLSBench.ClientAuth?)] = [
                ("openssl s_server -tls1_3 -www (server authentication only) and s_time -time 3:", nil),
                (
                    "openssl s_server -tls1_3 -www -Verify 1 -CAfile client.crt and s_time -time 3 -cert -key "
                        + "(mutual, like credex):",
                    OpenSSLTLSBench.ClientAuth(key: clientKeyURL.path, certificate: clientCertificateURL.path)
                ),
            ]
            for (title, clientAuth) in setups {
                let openssl = try await OpenSSLTLSBench.handshakes(
                    key: keyURL.path,
                    certificate: certificateURL.path,
                    clientAuth: clientAuth
                )
                print(title)
                for (label, result, ours) in [
                    ("full (-new)", openssl.full, full), ("resumed (-reuse -www /)", openssl.reused, resumed),
                ] {
                    guard let result else {
                        print("  \(label): s_time could not be run or its output not parsed")
                        continue
                    }
                    print(String(format: "  %@: %@", label, result.description))
                    print(
                        String(
                            format:
                                "  ratio credex/openssl %@: %.2f (credex median / openssl connections per wall-clock "
                                + "second)",
                            label,
                            median(ours) / result.wallRate
                        )
                    )
                }
            }
            print("bulk: no openssl TLS bulk comparison; cipher ceiling from openssl speed instead:")
            for cipher in ["aes-128-gcm", "aes-256-gcm"] {
                if let rate = OpenSSLTLSBench.speed(cipher) {
                    let note = cipher == "aes-256-gcm" ? " (TLS_AES_256_GCM_SHA384 is the default TLS 1.3 suite)" : ""
                    print(
                        String(
                            format:
                                "  openssl speed -seconds 3 -evp %@ -bytes 16384: %.0f MB/s%@; credex bulk is %.2f of it",
                            cipher,
                            rate,
                            note,
                            median(bulk) / rate
                        )
                    )
                } else {
                    print("  openssl speed -evp \(cipher) could not be run")
                }
            }
        }
    }
}
