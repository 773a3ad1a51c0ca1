import CredexStore
import Foundation

extension NodeAccess {
    /// What a restore did.
    public struct RestoreSummary: Sendable {
        public let records: Int
        /// Where the replaced database was kept, WAL and all.
        public let kept: URL
    }

    /// Replaces the node's database with the backup at `source`, with no node running.
    ///
    /// The backup is checked first; erasures made since it was taken are applied to it, so a
    /// restore never brings erased personal data back, and it takes over the replaced database's
    /// record of where personal parts went (`adoptPersonalBookkeeping`); the replaced database is kept whole
    /// beside it; and the node then refuses to issue until its head is confirmed.
    public func restore(from source: URL, now: Date = Date()) async throws -> RestoreSummary {
        let lock = try exclusiveLock()
        defer { withExtendedLifetime(lock) {} }
        var readOnly = SQLiteRecordStore.Options()
        readOnly.readOnly = true
        let backup = try SQLiteRecordStore(at: source, options: readOnly)
        let report = try await backup.check()
        try backup.close()
        guard report.isClean else {
            throw StoreError(
                .corrupt,
                "the backup \(source.path) fails its check: " + report.problems.prefix(3).joined(separator: "; ")
            )
        }
        let database = directory.file(configuration.database)
        let live = try SQLiteRecordStore(at: database)
        let erasures = try await live.erasures()
        try live.close()

        let manager = FileManager.default
        let staged = database.appendingPathExtension("restoring")
        for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: staged.path + suffix) }
        do {
            try manager.copyItem(at: source, to: staged)
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staged.path)
            let restored = try SQLiteRecordStore(at: staged)
            try await restored.apply(erasures)
            try await restored.adoptPersonalBookkeeping(of: database)
            try await restored.setState(.headConfirmed, "no")
            try restored.close()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: staged.path + suffix) }
            throw error
        }

        let kept = database.appendingPathExtension("before-restore-\(Int(now.timeIntervalSince1970))")
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: database.path + suffix) {
            try manager.moveItem(atPath: database.path + suffix, toPath: kept.path + suffix)
        }
        try manager.moveItem(at: staged, to: database)
        return RestoreSummary(records: report.recordsChecked, kept: kept)
    }
}
