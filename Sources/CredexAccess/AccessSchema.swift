import GRDB

/// The access database's migrations. Append-only: never edit one that has shipped.
enum AccessSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE access_token (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 19 AND id LIKE 'tk\\_%' ESCAPE '\\'),
                        secret_hash BLOB NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
                        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                        role TEXT NOT NULL CHECK (role IN ('officer', 'operator', 'admin')),
                        created_ms INTEGER NOT NULL,
                        expires_ms INTEGER CHECK (expires_ms IS NULL OR expires_ms > created_ms),
                        revoked_ms INTEGER
                    ) STRICT;
                    CREATE TABLE access_session (
                        id_hash BLOB PRIMARY KEY NOT NULL CHECK (length(id_hash) = 32),
                        token_id TEXT NOT NULL REFERENCES access_token (id) ON DELETE CASCADE,
                        created_ms INTEGER NOT NULL,
                        last_seen_ms INTEGER NOT NULL CHECK (last_seen_ms >= created_ms),
                        expires_ms INTEGER NOT NULL CHECK (expires_ms > created_ms)
                    ) STRICT;
                    CREATE INDEX access_session_token ON access_session (token_id);
                    CREATE TABLE audit_entry (
                        seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
                        prev TEXT NOT NULL CHECK (length(prev) = 64),
                        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                        body BLOB NOT NULL
                    ) STRICT;
                    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """
            )
        }
        return migrator
    }
}
