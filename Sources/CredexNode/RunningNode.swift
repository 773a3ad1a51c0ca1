import Foundation
import Logging
import UnixSignals

/// `credex node run`: holds the directory lock, serves the admin socket, and stops cleanly on
/// SIGINT or SIGTERM. Peer and API listeners join it as the network layers arrive.
public struct RunningNode: Sendable {
    public let access: NodeAccess
    public let logger: Logger

    public init(access: NodeAccess, logger: Logger) {
        self.access = access
        self.logger = logger
    }

    /// Runs until SIGINT or SIGTERM; throws if the directory is locked or the socket cannot bind.
    public func run() async throws {
        let lock = try access.exclusiveLock()
        let issuing = try access.openIssuing(lock: lock)
        let server = AdminServer(
            socketURL: access.directory.adminSocketURL,
            writer: LocalNodeWriter(issuing: issuing),
            logger: logger
        )
        logger.info("node running", metadata: ["node.id": "\(access.configuration.nodeID)"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { await Self.waitForTerminationSignal() }
            _ = try await group.next()
            group.cancelAll()
        }
        logger.info("node stopped", metadata: ["node.id": "\(access.configuration.nodeID)"])
        withExtendedLifetime(lock) {}
    }

    /// Returns when the process receives SIGINT or SIGTERM.
    static func waitForTerminationSignal() async {
        for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { return }
    }
}
