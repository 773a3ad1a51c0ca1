import CredexCore
import CredexCrypto
import CredexNet
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Logging
import NIOCore
import Testing

@testable import CredexNode

/// Members of a test federation: `home` runs the listeners; `partner` calls it over mutual TLS;
/// `proxied` sits behind a proxy (httpsig); `stranger` belongs to no one.
enum Federation {
    struct Party: Sendable {
        let id: String
        let tls: TLSIdentity
        let key: Ed25519PrivateKey

        init(_ id: String) {
            self.id = id
            tls = try! TLSIdentity.generate(commonName: "localhost", dnsNames: ["localhost"])
            key = Ed25519PrivateKey.generate()
        }

        func member(
            _ standing: Standing = .active,
            transport: TestTransport = .mtls,
            endpoint: String = "https://localhost:7443",
            version: Int64 = 1
        ) -> TrustListContent.Member {
            var status: [TrustListContent.StatusEntry] = [.init(status: "admitted", version: 1)]
            if standing != .active { status.append(.init(status: standing.rawValue, version: version)) }
            return TrustListFactory.member(
                id,
                signingKey: key.publicKey,
                tlsPin: tls.publicKeyPin,
                transport: transport.rawValue,
                endpoint: endpoint,
                status: status
            )
        }
    }

    enum Standing: String { case active, suspended, withdrawn }
    enum TestTransport: String { case mtls, httpsig }

    /// The federation's admin, who signs every test list.
    static let admin = Ed25519PrivateKey.generate()

    static let name = "urn:credex:federation:test"
    static let home = Party("did:web:home.example")
    static let partner = Party("did:web:partner.example")
    static let proxied = Party("did:web:proxied.example")
    static let stranger = Party("did:web:stranger.example")
    /// Where `home` says, in the trust list, that the proxy in front of it is reached.
    static let homeProxyEndpoint = "https://proxy.home.example/node"

    /// A trust list at `version`; `partner` entry as given.
    static func trust(
        version: Int64,
        partner partnerEntry: TrustListContent.Member = partner.member()
    ) throws -> FederationTrust {
        try FederationTrust(
            signed: TestList(
                federation: name,
                version: version,
                members: [
                    home.member(endpoint: homeProxyEndpoint),
                    partnerEntry,
                    proxied.member(transport: .httpsig, endpoint: "https://proxy.proxied.example"),
                ]
            )
        )
    }

    static func client(_ party: Party, trust: FederationTrust) throws -> TLSContext {
        try TLSContext(
            role: .client,
            identity: party.tls,
            alpn: [PeerProtocol.alpn],
            requirePeerCertificate: true,
            trust: trust.tlsSnapshot
        )
    }
}

/// A trust list's version and members, signed by `Federation.admin` when made into trust.
struct TestList {
    var federation: String
    var version: Int64
    var members: [TrustListContent.Member]
}

extension FederationTrust {
    /// The trust of `list` as version `list.version` of a list signed by the test admin.
    init(signed list: TestList) throws {
        let content = TrustListFactory.content(admins: [Federation.admin], threshold: 1, members: list.members)
        let record = try TrustListFactory.version(
            list.version,
            of: list.federation,
            content: content,
            signers: [Federation.admin]
        )
        try self.init(TrustListVersion(record))
    }
}

/// `home`'s listeners, running on loopback ports the system chose.
struct RunningListeners {
    let trust: NodeTrust
    let network: NodeNetwork
    let ports: [NodeNetwork.Listener: Int]

    var peer: PeerHTTPClient.Endpoint { .init(host: "127.0.0.1", port: ports[.peer]!, serverName: "localhost") }

    /// Runs `body` while all three listeners serve; stops them after.
    static func with<T: Sendable>(
        trust initial: FederationTrust,
        now: @escaping @Sendable () -> Date = { Date() },
        store: (any RecordStore)? = nil,
        _ body: (RunningListeners) async throws -> T
    ) async throws -> T {
        let store = try store ?? SQLiteRecordStore(inMemory: .init())
        let logger = Logger(label: "test")
        let trust = try NodeTrust(initial, identity: Federation.home.tls, logger: logger)
        let (bound, continuation) = AsyncStream.makeStream(of: (NodeNetwork.Listener, Int).self)
        var network = try NodeNetwork(
            ownNodeID: Federation.home.id,
            trust: trust,
            store: store,
            addresses: .init(
                peer: .tcp(host: "127.0.0.1", port: 0),
                api: .tcp(host: "127.0.0.1", port: 0),
                proxy: .tcp(host: "127.0.0.1", port: 0)
            ),
            apiTLS: try TLSContext(
                role: .server,
                identity: Federation.home.tls,
                alpn: ["http/1.1"],
                requirePeerCertificate: false,
                trust: TLSTrustSnapshot(pins: [:], version: 0)
            ),
            signingKey: Federation.home.key,
            nonces: InMemoryNonceStore(),
            logger: logger,
            onListening: { listener, address in continuation.yield((listener, address?.port ?? 0)) }
        )
        network.now = now
        let running = network
        let task = Task { try await running.run() }
        defer { task.cancel() }
        var ports: [NodeNetwork.Listener: Int] = [:]
        for await (listener, port) in bound {
            ports[listener] = port
            if ports.count == 3 { break }
        }
        let result = try await body(RunningListeners(trust: trust, network: network, ports: ports))
        task.cancel()
        _ = await task.result
        return result
    }
}

/// Runs a program and returns its exit status and standard output. It waits on a thread of its
/// own: blocking the few cooperative threads would starve the servers under test.
func runProgram(_ path: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    return await withCheckedContinuation { continuation in
        Thread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
        }.start()
    }
}
