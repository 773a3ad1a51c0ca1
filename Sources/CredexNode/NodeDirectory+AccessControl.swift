import CredexAccess

extension NodeDirectory {
    /// The officers' sign-in and audit log of this node (`accessDatabaseURL`, `auditHeadURL`),
    /// opened for writing: the running node and `credex token` share it.
    public func openAccessControl() throws -> AccessControl {
        AccessControl(
            store: try SQLiteAccessStore(at: accessDatabaseURL),
            auditMirror: FileAuditHeadMirror(url: auditHeadURL)
        )
    }
}
