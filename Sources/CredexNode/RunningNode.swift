import CredexAPI
import CredexCore
import CredexCrypto
import CredexMapping
import CredexNet
import CredexReplication
import CredexStore
import CredexTrust
import Foundation
import Logging
import NIOCore
import UnixSignals

extension SQLiteNonceStore: NonceStore {}

/// `credex node run`: holds the directory lock, serves the admin socket and the configured
/// listeners (`NodeNetwork`) under the trust list in force, reloads it on SIGHUP, and stops cleanly
/// on SIGINT or SIGTERM.
public struct RunningNode: Sendable {
    public let access: NodeAccess
    public let logger: Logger
    /// Listen addresses that override `node.json`'s.
    public var listen: NodeConfiguration.Listen
    /// The members to pull records from, overriding `node.json`'s `pullFrom`.
    public var pullFrom: [NodeID]?
    /// Called with each listener's bound address once it accepts connections.
    public var onListening: @Sendable (NodeNetwork.Listener, SocketAddress?) -> Void = { _, _ in }

    public init(access: NodeAccess, logger: Logger, listen: NodeConfiguration.Listen = .init()) {
        self.access = access
        self.logger = logger
        self.listen = listen
    }

    /// Runs until SIGINT or SIGTERM; throws if the directory is locked, the configuration or trust
    /// list is invalid, or a socket cannot bind.
    public func run() async throws {
        let lock = try access.exclusiveLock()
        let issuing = try access.openIssuing(lock: lock)
        var network = try await makeNetwork(store: issuing.store)
        // A trust-list version published or imported through the admin socket is put in force at once.
        var trustChanged: (@Sendable (FederationTrust) throws -> Void)?
        if let trust = network?.trust {
            trustChanged = { newer in _ = try trust.update(to: newer) }
        }
        let metrics = ReplicationMetrics()
        let replication = try network.map { try makeReplication($0, issuing: issuing, metrics: metrics) }
        network?.metricsText = { [store = issuing.store] in
            try await NodeMetrics.text(store: store, replication: metrics)
        }
        if let trust = network?.trust {
            var api = OfficerAPI(
                nodeID: access.configuration.nodeID,
                store: issuing.store,
                trust: { trust.current },
                crosswalks: try Crosswalks.load(),
                access: try access.directory.openAccessControl()
            )
            if let replication { api.peers = { await replication.states() } }
            let directory = access.directory
            let configuration = access.configuration
            api.exporter = CredentialExport(
                nodeID: configuration.nodeID,
                revocationList: configuration.publicURL.map(RevocationList.url(publicURL:))
            ) { try directory.signingKey(configuration) }
            network?.officerAPI = api
        }
        let delivery = try network.map { network in
            let caller = try PeerCaller(trust: network.trust, signingKey: network.signingKey)
            return PersonalDelivery(issuing: issuing, send: { try await caller.call($0.rawValue, $1) }, logger: logger)
        }
        let server = AdminServer(
            socketURL: access.directory.adminSocketURL,
            writer: LocalNodeWriter(
                issuing: issuing,
                trustChanged: trustChanged,
                replication: replication,
                delivery: delivery
            ),
            logger: logger
        )
        logger.info("node running", metadata: ["node.id": "\(access.configuration.nodeID)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { await Self.waitForTerminationSignal() }
            let checkpoints = CheckpointSchedule(
                issuing: issuing,
                interval: .seconds(access.configuration.checkpointInterval ?? 3_600),
                logger: logger
            )
            group.addTask { await checkpoints.run() }
            if let network {
                group.addTask { try await network.run() }
                group.addTask { await reloadTrustOnHangup(network.trust, store: issuing.store) }
            }
            if let replication { group.addTask { await replication.run() } }
            if let delivery { group.addTask { await delivery.run() } }
            _ = try await group.next()
            group.cancelAll()
        }
        logger.info("node stopped", metadata: ["node.id": "\(access.configuration.nodeID)"])
        withExtendedLifetime(lock) {}
    }

    /// Pulling from the members `pullFrom` (else node.json's, else all) names, over `network`'s trust.
    private func makeReplication(
        _ network: NodeNetwork,
        issuing: IssuingService,
        metrics: ReplicationMetrics
    ) throws -> NodeReplication {
        let alerts = AlertHook(
            command: access.configuration.alertCommand,
            nodeID: access.configuration.nodeID.rawValue,
            logger: logger
        )
        return NodeReplication(
            ownNodeID: access.configuration.nodeID,
            trust: network.trust,
            store: issuing.store,
            caller: try PeerCaller(trust: network.trust, signingKey: network.signingKey),
            pullFrom: pullFrom ?? access.configuration.pullFrom,
            metrics: metrics,
            logger: logger,
            confirmation: HeadConfirmation(
                ownNodeID: access.configuration.nodeID,
                store: issuing.store,
                issuing: issuing,
                required: 2,
                logger: logger
            ),
            follower: TrustListFollower(issuing: issuing, trust: network.trust, logger: logger, alerts: alerts),
            alerts: alerts
        )
    }

    /// The listeners `node.json` and the overrides configure, or nil when there are none.
    func makeNetwork(store: SQLiteRecordStore) async throws -> NodeNetwork? {
        let configuration = access.configuration
        let directory = access.directory
        let configured = configuration.listen ?? .init()
        func address(_ override: String?, _ configured: String?) throws -> ListenAddress? {
            try (override ?? configured).map { try ListenAddress($0, relativeTo: directory.url) }
        }
        let addresses = NodeNetwork.Addresses(
            peer: try address(listen.peer, configured.peer),
            api: try address(listen.api, configured.api),
            proxy: try address(listen.proxy, configured.proxy)
        )
        guard addresses.peer != nil || addresses.api != nil || addresses.proxy != nil else { return nil }
        let identity = try directory.tlsIdentity(configuration)
        let trust = try NodeTrust(try await archive(store).current(), identity: identity, logger: logger)
        let signingKey = try directory.signingKey(configuration)
        var network = try NodeNetwork(
            ownNodeID: configuration.nodeID.rawValue,
            trust: trust,
            store: store,
            addresses: addresses,
            apiTLS: try apiContext(configured, identity: identity),
            signingKey: signingKey,
            nonces: SQLiteNonceStore(store: store),
            logger: logger,
            onListening: onListening
        )
        network.revocations = configuration.publicURL.map {
            RevocationList(store: store, nodeID: configuration.nodeID, key: signingKey, publicURL: $0)
        }
        return network
    }

    /// The API port's server context: the configured CA-issued chain, else the node's certificate.
    private func apiContext(_ listen: NodeConfiguration.Listen, identity: TLSIdentity) throws -> TLSContext {
        var apiIdentity = identity
        if let chain = listen.apiCertificateChain {
            guard let key = listen.apiKey else {
                throw NodeError(.configuration, "listen.apiCertificateChain is set but listen.apiKey is not")
            }
            apiIdentity = try TLSIdentity(
                keyFile: access.directory.file(key),
                certificateFile: access.directory.file(chain)
            )
        }
        return try TLSContext(
            role: .server,
            identity: apiIdentity,
            alpn: ["http/1.1"],
            requirePeerCertificate: false,
            trust: TLSTrustSnapshot(pins: [:], version: 0)
        )
    }

    /// The node's trust-list log in `store`.
    func archive(_ store: SQLiteRecordStore) -> TrustListArchive {
        TrustListArchive(
            store: store,
            federation: access.configuration.federation,
            pin: access.configuration.trustListPin
        )
    }

    /// Re-reads the trust list on every SIGHUP (after `credex trust import` or `publish`) and puts a
    /// newer version in force; a failure is logged and the version in force stays.
    private func reloadTrustOnHangup(_ trust: NodeTrust, store: SQLiteRecordStore) async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            do {
                let newest = try await archive(store).current()
                guard newest.version != trust.current.version else {
                    logger.info("trust list unchanged", metadata: ["trust.version": "\(newest.version)"])
                    continue
                }
                try trust.update(to: newest)
            } catch {
                logger.error("trust list not reloaded", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Returns when the process receives SIGINT or SIGTERM.
    static func waitForTerminationSignal() async {
        for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { return }
    }
}
