import CredexCore
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// The embedded record store: SQLite in WAL mode through GRDB.
///
/// Invariants are enforced by SQLite itself (NOT NULL, UNIQUE (issuer, seq), CHECKs) and by
/// `append`, which extends each issuer's hash chain inside one transaction.
public final class SQLiteRecordStore: RecordStore {
    /// How to open the database.
    public struct Options: Sendable {
        /// Open for reading only, as commands do while a node runs.
        public var readOnly = false
        /// SQLite's `max_page_count`: a ceiling on the file's size (tests use it to fill the disk).
        public var maximumPageCount: Int?
        /// The clock that stamps `receivedAt`.
        public var now: @Sendable () -> Date = { Date() }
        public init() {}
    }

    let writer: any DatabaseWriter
    let now: @Sendable () -> Date

    private init(writer: any DatabaseWriter, now: @escaping @Sendable () -> Date, migrate: Bool) throws {
        self.writer = writer
        self.now = now
        if migrate { try Self.mapErrors("migrating the database") { try StoreSchema.migrator.migrate(writer) } }
    }

    /// Opens (creating if needed) the database file at `url` as a WAL pool.
    public convenience init(at url: URL, options: Options = Options()) throws {
        let pool = try Self.mapErrors("opening \(url.path)") {
            try DatabasePool(path: url.path, configuration: Self.configuration(options))
        }
        try self.init(writer: pool, now: options.now, migrate: !options.readOnly)
    }

    /// A store in memory, through the same SQL: for tests.
    public convenience init(inMemory options: Options = Options()) throws {
        let queue = try DatabaseQueue(configuration: Self.configuration(options))
        try self.init(writer: queue, now: options.now, migrate: true)
    }

    private static func configuration(_ options: Options) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = options.readOnly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        let pageLimit = options.maximumPageCount
        configuration.prepareDatabase { db in
            // Deleted personal data is overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(pageLimit)") }
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        return configuration
    }

    /// Runs `body`, turning SQLite's errors into `StoreError`s that say what was being done.
    static func mapErrors<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw storeError(error, doing: doing)
        }
    }

    static func storeError(_ error: DatabaseError, doing: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_FULL:
            return StoreError(.diskFull, "\(doing): the disk or database is full; nothing was written", cause: error)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN:
            return StoreError(.readOnly, "\(doing): the data directory is not writable", cause: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.locked, "\(doing): the database is busy", cause: error)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(.corrupt, "\(doing): the database file is damaged", cause: error)
        default:
            return StoreError(
                .storage,
                "\(doing): \(error.message ?? "SQLite error \(error.resultCode)")",
                cause: error
            )
        }
    }

    /// An async write whose SQLite errors become `StoreError`s.
    func write<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, doing: doing)
        }
    }

    /// An async read whose SQLite errors become `StoreError`s.
    func read<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, doing: doing)
        }
    }

    /// The current time as stored in `received_at`.
    func timestamp() -> String {
        now().formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }

    public func state(_ key: NodeStateKey) async throws -> String? {
        try await read("reading node state") { db in
            try String.fetchOne(db, sql: "SELECT value FROM node_state WHERE key = ?", arguments: [key.rawValue])
        }
    }

    public func setState(_ key: NodeStateKey, _ value: String?) async throws {
        try await write("writing node state") { db in
            if let value {
                try db.execute(
                    sql:
                        "INSERT INTO node_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [key.rawValue, value]
                )
            } else {
                try db.execute(sql: "DELETE FROM node_state WHERE key = ?", arguments: [key.rawValue])
            }
        }
    }

    /// Closes the database; the store must not be used afterwards.
    public func close() throws {
        try Self.mapErrors("closing the database") {
            if let pool = writer as? DatabasePool {
                try pool.close()
            } else if let queue = writer as? DatabaseQueue {
                try queue.close()
            }
        }
    }

    /// Copies the whole database to a new file at `destination` with SQLite's online backup.
    public func backup(to destination: URL) async throws {
        // Created exclusively, and readable by its owner only: the backup holds personal data.
        let descriptor = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists" : String(cString: strerror(errno))
            throw StoreError(.storage, "cannot create backup \(destination.path): \(reason)")
        }
        Glibc.close(descriptor)
        let target = try Self.mapErrors("creating backup \(destination.path)") {
            try DatabaseQueue(path: destination.path)
        }
        try Self.mapErrors("writing backup \(destination.path)") {
            try writer.backup(to: target)
            try target.close()
        }
    }
}
