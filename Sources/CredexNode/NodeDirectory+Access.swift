import Foundation

extension NodeDirectory {
    /// The officers' tokens, sessions and audit log: a SQLite file of its own (mode 0600), so the
    /// command line can add or revoke a token while the node runs.
    public var accessDatabaseURL: URL { url.appendingPathComponent("access.sqlite") }

    /// The audit log's head (last seq and hash), mirrored outside the database so a truncated log
    /// is detected.
    public var auditHeadURL: URL { url.appendingPathComponent("audit-head.json") }
}
