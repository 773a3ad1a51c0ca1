import CredexCore
import CredexStore
import Foundation
import Logging

/// How a command reaches a node directory: reads open the database (read-only while a node
/// runs), writes take the directory lock or, when a node runs, go through its admin socket.
public struct NodeAccess: Sendable {
    public let directory: NodeDirectory
    public let configuration: NodeConfiguration

    public init(directory: NodeDirectory) throws {
        self.directory = directory
        configuration = try directory.configuration()
    }

    /// A store for reading, opened read-only: it never takes the lock, so a read cannot stand in
    /// the way of a write, and WAL lets it read while a node writes.
    public func reader() throws -> SQLiteRecordStore {
        try directory.openStore(configuration, readOnly: true)
    }

    /// Runs `body` with the node's writer: this process's own when it can take the lock, else
    /// the running node's admin socket.
    public func withWriter<T: Sendable>(_ body: (any NodeWriter) async throws -> T) async throws -> T {
        if let lock = try DirectoryLock.tryAcquire(directory.lockURL) {
            return try await body(LocalNodeWriter(issuing: try openIssuing(lock: lock)))
        }
        let client = AdminClient(socketURL: directory.adminSocketURL)
        if FileManager.default.fileExists(atPath: directory.adminSocketURL.path),
            (try? await client.perform(AdminRequest(operation: .ping))) != nil
        {
            return try await body(client)
        }
        // Another command holds the lock for a moment, or a node is stopping: wait a little.
        guard let lock = try DirectoryLock.acquire(directory.lockURL, waiting: DirectoryLock.patience) else {
            throw NodeError(
                .locked,
                "another process holds \(directory.lockURL.path) and no node answers on \(directory.adminSocketURL.path); "
                    + "wait for it to finish"
            )
        }
        return try await body(LocalNodeWriter(issuing: try openIssuing(lock: lock)))
    }

    /// Takes the lock for a command that must run with no node running (restore).
    public func exclusiveLock() throws -> DirectoryLock {
        guard let lock = try DirectoryLock.acquire(directory.lockURL, waiting: DirectoryLock.patience) else {
            throw NodeError(.locked, "a node or another command is using \(directory.url.path); stop it first")
        }
        return lock
    }

    /// The issuing service of this process, which holds `lock`.
    public func openIssuing(lock: DirectoryLock) throws -> IssuingService {
        IssuingService(
            store: try directory.openStore(configuration, readOnly: false),
            key: try directory.signingKey(configuration),
            configuration: configuration,
            lock: lock
        )
    }
}
