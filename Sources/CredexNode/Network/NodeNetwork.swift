import CredexAPI
import CredexCrypto
import CredexNet
import CredexStore
import CredexTrust
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A running node's listeners, all on Hummingbird (HTTP/1.1, keep-alive):
/// - the peer port: mutual TLS through `OpenSSLTLSHandler`, clients pinned by the trust list;
/// - the API port: server TLS for officers' browsers (a configured CA-issued chain, else the node's
///   own certificate);
/// - the proxy listener: plain HTTP on loopback or a unix socket, for a TLS-terminating proxy in
///   front; it serves only signed requests from `httpsig` members and signs its responses.
public struct NodeNetwork: Sendable {
    /// Which listener.
    public enum Listener: String, Sendable {
        case peer, api, proxy
    }

    /// Where each listener binds; nil leaves it off.
    public struct Addresses: Sendable, Hashable {
        public var peer: ListenAddress?
        public var api: ListenAddress?
        public var proxy: ListenAddress?

        public init(peer: ListenAddress? = nil, api: ListenAddress? = nil, proxy: ListenAddress? = nil) {
            self.peer = peer
            self.api = api
            self.proxy = proxy
        }
    }

    public let ownNodeID: String
    public let trust: NodeTrust
    /// The records the peer routes serve.
    public let store: any RecordStore
    public let addresses: Addresses
    /// The API port's TLS server context.
    public let apiTLS: TLSContext
    public let signingKey: Ed25519PrivateKey
    public let nonces: any NonceStore
    public let logger: Logger
    /// Called with each listener's bound address once it accepts connections.
    public let onListening: @Sendable (Listener, SocketAddress?) -> Void
    /// The clock signed requests are checked against.
    public var now: @Sendable () -> Date = { Date() }
    /// The revocation list the API port publishes; nil when the node has no `publicURL`.
    public var revocations: RevocationList?
    /// The Prometheus text the API port serves at `/metrics`; nil: not served.
    public var metricsText: (@Sendable () async throws -> String)?
    /// The officers' API the API port serves under `/api/v1`; nil: not served.
    public var officerAPI: OfficerAPI?

    /// - Throws: `NodeError(.configuration)` if the proxy listener is not local.
    public init(
        ownNodeID: String,
        trust: NodeTrust,
        store: any RecordStore,
        addresses: Addresses,
        apiTLS: TLSContext,
        signingKey: Ed25519PrivateKey,
        nonces: any NonceStore,
        logger: Logger,
        onListening: @escaping @Sendable (Listener, SocketAddress?) -> Void = { _, _ in }
    ) throws {
        if let proxy = addresses.proxy, !proxy.isLocal {
            throw NodeError(
                .configuration,
                "the plain-HTTP proxy listener must be on loopback or a unix socket, not \(proxy)"
            )
        }
        self.ownNodeID = ownNodeID
        self.trust = trust
        self.store = store
        self.addresses = addresses
        self.apiTLS = apiTLS
        self.signingKey = signingKey
        self.nonces = nonces
        self.logger = logger
        self.onListening = onListening
    }

    /// Runs every configured listener until the task is cancelled (then they shut down gracefully:
    /// requests in hand are answered, idle connections closed) or one fails.
    public func run() async throws {
        var services: [any Service] = []
        if let address = addresses.peer { services.append(peerApplication(address)) }
        if let address = addresses.api { services.append(apiApplication(address)) }
        if let address = addresses.proxy {
            try Self.removeStaleSocket(address)
            services.append(proxyApplication(address))
        }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        // Not a child task: cancelling it would cut connections; a graceful shutdown drains them.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    func peerApplication(_ address: ListenAddress) -> some ApplicationProtocol {
        let router = Router(context: PeerRequestContext.self)
        router.add(middleware: PeerProtocolVersion())
        router.add(middleware: PinnedPeerAuthentication(trust: trust))
        NodeRoutes.addPeerRoutes(to: router, ownNodeID: ownNodeID, trust: trust, store: store)
        return application(router, .peer, address)
    }

    func apiApplication(_ address: ListenAddress) -> some ApplicationProtocol {
        let router = Router(context: APIContext.self)
        officerAPI?.add(to: router)
        if let officerAPI {
            do {
                try WebPages(api: officerAPI).add(to: router)
            } catch {
                logger.error("the officers' pages are not served", metadata: ["error": "\(error)"])
            }
        }
        NodeRoutes.addAPIRoutes(
            to: router,
            ownNodeID: ownNodeID,
            trust: trust,
            revocations: revocations,
            trustLists: store as? any TrustListHistory
        )
        if let metricsText {
            router.get("/metrics") { _, _ -> Response in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4"],
                    body: .init(byteBuffer: ByteBuffer(string: try await metricsText()))
                )
            }
        }
        return application(router, .api, address)
    }

    func proxyApplication(_ address: ListenAddress) -> some ApplicationProtocol {
        let router = Router(context: PeerRequestContext.self)
        router.add(middleware: PeerProtocolVersion())
        router.add(
            middleware: SignedRequestAuthentication(
                trust: trust,
                ownNodeID: ownNodeID,
                nonces: nonces,
                responseSigner: HTTPResponseSigner(key: signingKey),
                now: now,
                maxBodyBytes: 16 << 20
            )
        )
        NodeRoutes.addPeerRoutes(to: router, ownNodeID: ownNodeID, trust: trust, store: store)
        return application(router, .proxy, address)
    }

    private func application<Context: RequestContext>(
        _ router: Router<Context>,
        _ listener: Listener,
        _ address: ListenAddress
    ) -> some ApplicationProtocol where Context.Source == ApplicationRequestContextSource {
        var listenerLogger = self.logger
        listenerLogger[metadataKey: "listener"] = "\(listener.rawValue)"
        let logger = listenerLogger
        let onListening = self.onListening
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in childChannel(for: listener, responder: responder) },
            configuration: ApplicationConfiguration(address: address.bindAddress),
            onServerRunning: { channel in
                logger.info(
                    "listening",
                    metadata: ["address": "\(Self.describe(channel.localAddress) ?? "\(address)")"]
                )
                onListening(listener, channel.localAddress)
            },
            logger: logger
        )
    }

    /// How each accepted connection of `listener` is set up: our TLS first on the peer and API
    /// ports, plain HTTP/1.1 (signed requests only) on the proxy listener.
    func childChannel(
        for listener: Listener,
        responder: @escaping HTTPChannelHandler.Responder
    ) -> any ServerChildChannel {
        let http = HTTP1Channel(responder: responder, configuration: .init(idleTimeout: .seconds(120)))
        switch listener {
        case .peer: return OpenSSLServerChannel(http, context: trust.peerServerTLS, connections: trust.connections)
        case .api: return OpenSSLServerChannel(http, context: apiTLS)
        case .proxy: return http
        }
    }

    /// `host:port` or `unix:PATH`, as `ListenAddress` writes it.
    static func describe(_ address: SocketAddress?) -> String? {
        guard let address else { return nil }
        if let path = address.pathname { return "unix:\(path)" }
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        return ListenAddress.tcp(host: ip, port: port).description
    }

    /// A unix socket left by a node that was killed; the directory lock says no other node runs.
    private static func removeStaleSocket(_ address: ListenAddress) throws {
        guard case .unix(let path) = address else { return }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw NodeError(.configuration, "\(path) exists and is not a socket: refusing to replace it")
        }
        unlink(path)
    }
}
