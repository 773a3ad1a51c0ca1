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

    /// A store for reading. While another process holds the lock it is opened read-only.
    public func reader() throws -> SQLiteRecordStore {
        let lock = try DirectoryLock.tryAcquire(directory.lockURL)
        return try directory.openStore(configuration, readOnly: lock == nil)
    }

    /// Runs `body` with the node's writer: this process's own when it can take the lock, else
    /// the running node's admin socket.
    public func withWriter<T: Sendable>(_ body: (any NodeWriter) async throws -> T) async throws -> T {
        if let lock = try DirectoryLock.tryAcquire(directory.lockURL) {
            let issuing = try openIssuing(lock: lock)
            return try await body(LocalNodeWriter(issuing: issuing))
        }
        guard FileManager.default.fileExists(atPath: directory.adminSocketURL.path) else {
            throw NodeError(
                .locked,
                "another process holds \(directory.lockURL.path) and no node is serving \(directory.adminSocketURL.path); "
                    + "wait for it to finish")
        }
        return try await body(AdminClient(socketURL: directory.adminSocketURL))
    }

    /// Takes the lock for a command that must run with no node running (restore).
    public func exclusiveLock() throws -> DirectoryLock {
        guard let lock = try DirectoryLock.tryAcquire(directory.lockURL) else {
            throw NodeError(.locked, "a node or another command is using \(directory.url.path); stop it first")
        }
        return lock
    }

    /// The issuing service of this process, which holds `lock`.
    public func openIssuing(lock: DirectoryLock) throws -> IssuingService {
        IssuingService(
            store: try directory.openStore(configuration, readOnly: false),
            key: try directory.signingKey(configuration), configuration: configuration, lock: lock)
    }
}
