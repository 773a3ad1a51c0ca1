import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// The embedded access store: its own SQLite file (`access.sqlite`, mode 0600) in WAL mode, so the
/// command line can add or revoke a token while a running node reads.
///
/// It is a separate file from the record store because the record store has one writer (the
/// node), while tokens are written by the command line whether or not the node runs.
/// Appends are `synchronous=FULL`: an audit entry or a revocation that was reported is on disk.
public final class SQLiteAccessStore: AccessStore {
    /// How to open the database.
    public struct Options: Sendable {
        /// Open for reading only (`credex audit`, `credex token list`).
        public var readOnly = false
        /// SQLite's `max_page_count`: a ceiling on the file's size (tests use it to fill the disk).
        public var maximumPageCount: Int?
        public init() {}
    }

    let writer: any DatabaseWriter

    private init(writer: any DatabaseWriter, migrate: Bool) throws {
        self.writer = writer
        if migrate { try Self.mapErrors("preparing the access database") { try AccessSchema.migrator.migrate(writer) } }
    }

    /// Opens, creating it with mode 0600 if needed, the database file at `url` as a WAL pool.
    public convenience init(at url: URL, options: Options = Options()) throws {
        if !options.readOnly && !FileManager.default.fileExists(atPath: url.path) {
            // Created exclusively and for the owner only; SQLite gives its WAL the same mode.
            let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                Glibc.close(descriptor)
            } else if errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw AccessError(
                    errno == EROFS || errno == EACCES ? .readOnly : .storage,
                    "cannot create \(url.path): \(reason)"
                )
            }
        }
        let pool = try Self.mapErrors("opening \(url.path)") {
            try DatabasePool(path: url.path, configuration: Self.configuration(options))
        }
        try self.init(writer: pool, migrate: !options.readOnly)
    }

    /// A store in memory, through the same SQL: for tests.
    public convenience init(inMemory options: Options = Options()) throws {
        try self.init(writer: try DatabaseQueue(configuration: Self.configuration(options)), migrate: true)
    }

    private static func configuration(_ options: Options) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = options.readOnly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        // Statement arguments (hashes, names) stay out of error messages.
        configuration.publicStatementArguments = false
        let pageLimit = options.maximumPageCount
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(pageLimit)") }
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        return configuration
    }

    /// Closes the database; the store must not be used afterwards.
    public func close() throws {
        try Self.mapErrors("closing the access database") {
            if let pool = writer as? DatabasePool {
                try pool.close()
            } else if let queue = writer as? DatabaseQueue {
                try queue.close()
            }
        }
    }

    // MARK: Errors

    static func mapErrors<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw accessError(error, doing: doing)
        }
    }

    /// SQLite's errors as `AccessError`s that say what was being done. The message never quotes
    /// statement arguments; a failed write rolls its transaction back, so nothing is half-written.
    static func accessError(_ error: DatabaseError, doing: String) -> AccessError {
        switch error.resultCode {
        case .SQLITE_FULL:
            return AccessError(.diskFull, "\(doing): the disk or database is full; nothing was written", cause: error)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return AccessError(.readOnly, "\(doing): the access database is not writable", cause: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return AccessError(.locked, "\(doing): the access database is busy; try again", cause: error)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return AccessError(.corrupt, "\(doing): the access database file is damaged", cause: error)
        case .SQLITE_CONSTRAINT:
            return AccessError(.invalid, "\(doing): refused by the database's constraints", cause: error)
        default:
            return AccessError(.storage, "\(doing): SQLite error \(error.resultCode)", cause: error)
        }
    }

    func write<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw Self.accessError(error, doing: doing)
        }
    }

    func read<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as DatabaseError {
            throw Self.accessError(error, doing: doing)
        }
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
