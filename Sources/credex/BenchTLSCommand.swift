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

/// Our client and server on loopback.
enum TLSBench {
    struct Timeout: Error {}
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// A server that closes each connection once its handshake is done (after the session ticket
    /// it sends with the handshake).
    static func handshakeServer(group: EventLoopGroup, context: TLSContext) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addOpenSSLTLS(context: context, handshakeTimeout: .seconds(5))
                    try channel.pipeline.syncOperations.addHandler(CloseOnHandshake())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// Completed handshakes per second: `lanes` connections in flight, each lane connecting again as
    /// soon as its previous connection is closed, until `seconds` have passed (at least one
    /// connection per lane).
    static func handshakes(
        group: EventLoopGroup,
        port: Int,
        client: TLSContext,
        seconds: Double,
        lanes: Int,
        serverName: @escaping @Sendable (Int, Int) -> String
    ) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        let count = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for lane in 0..<lanes {
                tasks.addTask {
                    var index = 0
                    repeat {
                        try await connectOnce(group: group, port: port, client: client, name: serverName(lane, index))
                        index += 1
                    } while DispatchTime.now().uptimeNanoseconds < deadline
                    return index
                }
            }
            return try await tasks.reduce(0, +)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(count) / elapsed
    }

    /// One connection: the client's handshake completes, then the server closes it.
    static func connectOnce(group: EventLoopGroup, port: Int, client: TLSContext, name: String) async throws {
        let loop = group.next()
        let done = loop.makePromise(of: Bool.self)
        do {
            _ = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addOpenSSLTLS(
                            context: client,
                            serverName: name,
                            handshakeTimeout: .seconds(5)
                        )
                        try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(done: done))
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            done.fail(error)
            throw error
        }
        guard try await done.futureResult.get() else {
            throw Failed(description: "a benchmark TLS handshake did not complete")
        }
    }

    /// Bulk throughput in MB/s (10^6 bytes): one connection, the client writes `bytes` in 256 KiB
    /// writes (four in flight), from its handshake being done until the server has received all.
    static func bulk(group: EventLoopGroup, server: TLSContext, client: TLSContext, bytes: Int) async throws -> Double {
        let serverLoop = group.next()
        let received = serverLoop.makePromise(of: UInt64.self)
        let timeout = serverLoop.scheduleTask(in: .seconds(Int64(30 + bytes >> 24))) { received.fail(Timeout()) }
        defer { timeout.cancel() }
        let listener = try await ServerBootstrap(group: serverLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addOpenSSLTLS(context: server, handshakeTimeout: .seconds(5))
                    try channel.pipeline.syncOperations.addHandler(Sink(expected: bytes, done: received))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let clientLoop = group.any()
        let started = clientLoop.makePromise(of: UInt64.self)
        var channel: Channel?
        do {
            channel = try await ClientBootstrap(group: clientLoop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addOpenSSLTLS(
                            context: client,
                            serverName: "bulk.bench",
                            handshakeTimeout: .seconds(5)
                        )
                        try channel.pipeline.syncOperations.addHandler(Pump(total: bytes, started: started))
                    }
                }
                .connect(host: "127.0.0.1", port: listener.localAddress?.port ?? 0).get()
            let end = try await received.futureResult.get()
            let start = try await started.futureResult.get()
            try? await channel?.close()
            try await listener.close()
            return Double(bytes) / 1e6 / (Double(end - start) / 1e9)
        } catch {
            started.fail(error)
            received.fail(error)
            try? await channel?.close()
            try? await listener.close()
            throw error
        }
    }

    /// Two handshakes through a pair of `TLSEngine`s in memory from the given contexts, on a server
    /// name of its own: reports whether the second one resumed the first one's session.
    static func resumptionCheck(server: TLSContext, client: TLSContext) throws -> String {
        var reused: [Bool] = []
        for _ in 0..<2 {
            let clientEngine = try TLSEngine(context: client, serverName: "resumption-check.bench")
            let serverEngine = try TLSEngine(context: server, serverName: nil)
            var clientDone = false
            var serverDone = false
            for _ in 0..<10 {
                if case .established = try clientEngine.advance() { clientDone = true }
                try serverEngine.feed(clientEngine.drainCiphertext(maxBytes: 1 << 20))
                if case .established = try serverEngine.advance() { serverDone = true }
                try clientEngine.feed(serverEngine.drainCiphertext(maxBytes: 1 << 20))
            }
            _ = try clientEngine.advance()  // reads the session ticket
            guard clientDone, serverDone else { return "the in-memory handshake did not complete" }
            reused.append(clientEngine.sessionReused)
            // As the handler does on close: an `SSL` freed without `SSL_shutdown` marks its session
            // (the ticket just cached) not resumable.
            clientEngine.close()
            serverEngine.close()
        }
        return "first handshake sessionReused=\(reused[0]), second sessionReused=\(reused[1])"
    }

    /// Server side of the handshake measurements: closes once the handshake is done.
    final class CloseOnHandshake: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is TLSHandshakeCompleted { context.close(promise: nil) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // the TLS handler closes
    }

    /// Client side of the handshake measurements: reports, once the channel is closed, whether
    /// the handshake completed.
    final class HandshakeWaiter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let done: EventLoopPromise<Bool>
        private var completed = false

        init(done: EventLoopPromise<Bool>) { self.done = done }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is TLSHandshakeCompleted { completed = true }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {}  // the TLS handler closes

        func channelInactive(context: ChannelHandlerContext) {
            done.succeed(completed)
        }
    }

    /// Server side of the bulk measurement: counts and discards bytes.
    final class Sink: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let expected: Int
        private let done: EventLoopPromise<UInt64>
        private var count = 0

        init(expected: Int, done: EventLoopPromise<UInt64>) {
            self.expected = expected
            self.done = done
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            count += unwrapInboundIn(data).readableBytes
            if count >= expected { done.succeed(DispatchTime.now().uptimeNanoseconds) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { done.fail(error) }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(Failed(description: "the bulk connection closed after \(count) of \(expected) bytes"))
        }
    }

    /// Client side of the bulk measurement: once the handshake is done, writes `total` bytes in
    /// 256 KiB writes, keeping four in flight.
    final class Pump: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private static let chunkSize = 256 << 10
        private let started: EventLoopPromise<UInt64>
        private var remaining: Int
        private var inFlight = 0
        private var chunk = ByteBuffer()

        init(total: Int, started: EventLoopPromise<UInt64>) {
            remaining = total
            self.started = started
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard event is TLSHandshakeCompleted else { return }
            chunk = context.channel.allocator.buffer(repeating: 0x5a, count: Self.chunkSize)
            started.succeed(DispatchTime.now().uptimeNanoseconds)
            pump(context: context)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { started.fail(error) }

        func channelInactive(context: ChannelHandlerContext) {
            started.fail(Failed(description: "the bulk connection closed before its handshake"))
        }

        private func pump(context: ChannelHandlerContext) {
            while inFlight < 4 && remaining > 0 {
                var slice = chunk
                if remaining < Self.chunkSize { slice.moveWriterIndex(to: remaining) }
                remaining -= slice.readableBytes
                inFlight += 1
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.writeAndFlush(wrapOutboundOut(slice)).whenComplete { result in
                    let (pump, context) = bound.value
                    pump.inFlight -= 1
                    if case .success = result { pump.pump(context: context) }
                }
            }
        }
    }
}

/// The `openssl` binary as the comparison: `s_server` and `s_time`, and `speed` for the cipher.
enum OpenSSLTLSBench {
    /// What one `s_time` run printed, and the connections per second of wall-clock time around it.
    struct TimeResult: CustomStringConvertible {
        var connections: Int
        var userRate: Double?
        var realSeconds: Double?
        var wallSeconds: Double
        /// How many connections s_time marked `r` (session reused) on its progress line.
        var reusedMarks = 0
        var wallRate: Double { Double(connections) / wallSeconds }

        var description: String {
            var parts = [
                String(format: "%d connections, %.0f/s over %.2f s wall clock", connections, wallRate, wallSeconds)
            ]
            if let userRate { parts.append(String(format: "s_time \"%.0f connections/user sec\"", userRate)) }
            if let realSeconds {
                parts.append(
                    String(
                        format: "s_time \"connections in %.0f real seconds\": %.0f/s",
                        realSeconds,
                        Double(connections) / realSeconds
                    )
                )
            }
            parts.append("\(reusedMarks) marked reused (\"r\")")
            return parts.joined(separator: "; ")
        }
    }

    /// The client's key and certificate, for mutual TLS.
    struct ClientAuth {
        var key: String
        var certificate: String
    }

    /// Starts `s_server` on a free port (requiring a client certificate when `clientAuth` is given),
    /// runs `s_time -new` and `-reuse` against it, kills it.
    static func handshakes(
        key: String,
        certificate: String,
        clientAuth: ClientAuth?
    ) async throws -> (full: TimeResult?, reused: TimeResult?) {
        guard let port = freePort() else { return (nil, nil) }
        guard
            let server = ChildProcess(
                [
                    "openssl", "s_server", "-accept", "\(port)", "-cert", certificate, "-key", key, "-tls1_3", "-www",
                    "-quiet",
                ] + (clientAuth.map { ["-Verify", "1", "-CAfile", $0.certificate, "-verify_return_error"] } ?? [])
            )
        else { return (nil, nil) }
        defer { server.kill() }
        var ready = false
        for _ in 0..<100 where !ready {
            ready = canConnect(port: port)
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard ready else { return (nil, nil) }
        func sTime(_ mode: [String]) -> TimeResult? {
            let start = DispatchTime.now().uptimeNanoseconds
            let output = runWithDefaultSignals(
                ["openssl", "s_time", "-connect", "127.0.0.1:\(port)", "-time", "3"] + mode
                    + (clientAuth.map { ["-cert", $0.certificate, "-key", $0.key] } ?? [])
            )
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return output.flatMap { parse($0, wallSeconds: wall) }
        }
        // Under TLS 1.3 the ticket comes after the handshake: without `-www` s_time never reads it
        // and every `-reuse` connection is a full handshake, so `-reuse` fetches `/` (a small page).
        return (sTime(["-new"]), sTime(["-reuse", "-www", "/"]))
    }

    /// Reads `N connections in Xs; R connections/user sec` and `N connections in S real seconds`.
    static func parse(_ output: String, wallSeconds: Double) -> TimeResult? {
        var result: TimeResult?
        for line in output.split(separator: "\n") where line.contains("connections in") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "," })
            guard let connections = words.first.flatMap({ Int($0) }) else { continue }
            if result == nil { result = TimeResult(connections: connections, wallSeconds: wallSeconds) }
            if let index = words.firstIndex(of: "connections/user"), index > 0 {
                result?.userRate = Double(words[index - 1])
            }
            if let index = words.firstIndex(of: "real"), index > 0 {
                result?.realSeconds = Double(words[index - 1])
            }
        }
        let progress = output.split(separator: "\n").filter { line in
            !line.isEmpty && line.allSatisfy { "*rt123".contains($0) }
        }
        result?.reusedMarks = progress.reduce(0) { $0 + $1.filter { $0 == "r" }.count }
        return result
    }

    /// `openssl speed -seconds 3 -evp cipher -bytes 16384` in MB/s (10^6 bytes).
    static func speed(_ cipher: String) -> Double? {
        guard
            let output = runWithDefaultSignals(["openssl", "speed", "-seconds", "3", "-evp", cipher, "-bytes", "16384"]
            ),
            let line = output.split(separator: "\n").last(where: { $0.lowercased().hasPrefix(cipher) }),
            let last = line.split(separator: " ").last, last.hasSuffix("k"),
            let kilobytes = Double(last.dropLast())
        else { return nil }
        return kilobytes * 1000 / 1e6
    }

    /// A port that was free a moment ago on 127.0.0.1.
    static func freePort() -> Int? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, length) == 0 && getsockname(socket, address, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted (closed at once).
    static func canConnect(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
