import CredexCore
import CredexJSON
import CredexNet
import CredexNode
import CredexReplication
import CredexStore
import Foundation
import Logging

/// The receiver's side of in-sync rounds, run in this process against the running sender: the
/// receiver's store (read-only) and trust, its TLS identity and signing key.
struct InSyncRounds {
    let replicator: PeerReplicator

    init(receiver directory: URL, sender: String) async throws {
        let access = try NodeAccess(directory: NodeDirectory(directory))
        let configuration = access.configuration
        let store = try access.directory.openStore(configuration, readOnly: true)
        let current = try await TrustListArchive(
            store: store,
            federation: configuration.federation,
            pin: configuration.trustListPin
        )
        .current()
        var logger = Logger(label: "credex.bench")
        logger.logLevel = .warning
        let trust = try NodeTrust(current, identity: try access.directory.tlsIdentity(configuration), logger: logger)
        let caller = try PeerCaller(trust: trust, signingKey: try access.directory.signingKey(configuration))
        replicator = PeerReplicator(
            source: PeerCallerSource(peer: try NodeID(validating: sender), caller: caller),
            store: store,
            trust: { trust.current },
            metrics: ReplicationMetrics(),
            logger: logger
        )
    }

    /// Runs one round and returns its wall time; throws if it stored anything (it should be in sync).
    func timedRound() async throws -> Duration {
        let clock = ContinuousClock()
        let started = clock.now
        let report = try await replicator.round()
        let time = clock.now - started
        guard report.stored == 0, report.refusals.isEmpty else {
            throw NodeError(.refused, "the in-sync round stored \(report.stored) and refused \(report.refusals.count)")
        }
        return time
    }
}
