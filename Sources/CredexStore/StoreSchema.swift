import CredexCore
import Foundation
import GRDB

/// The database schema. Migrations are append-only: never edit one that has shipped.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-logs-personal-parts-search") { db in
            try db.execute(
                sql: """
                    CREATE TABLE record (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
                        issuer TEXT NOT NULL,
                        seq INTEGER NOT NULL CHECK (seq >= 1),
                        kind TEXT NOT NULL,
                        prev TEXT CHECK ((seq = 1) = (prev IS NULL)),
                        claimed_at TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        bytes BLOB NOT NULL,
                        UNIQUE (issuer, seq)
                    );
                    CREATE INDEX record_by_kind ON record (kind);
                    CREATE TABLE record_flag (
                        record_id TEXT NOT NULL REFERENCES record (id),
                        code TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        PRIMARY KEY (record_id, code)
                    );
                    CREATE TABLE status_target (
                        record_id TEXT PRIMARY KEY NOT NULL REFERENCES record (id),
                        target TEXT NOT NULL
                    );
                    CREATE INDEX status_by_target ON status_target (target);
                    CREATE TABLE fork (
                        conflicting_id TEXT PRIMARY KEY NOT NULL,
                        issuer TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        held_id TEXT NOT NULL REFERENCES record (id),
                        bytes BLOB NOT NULL,
                        received_at TEXT NOT NULL
                    );
                    CREATE INDEX fork_by_issuer ON fork (issuer);
                    CREATE TABLE personal_part (
                        award_id TEXT PRIMARY KEY NOT NULL REFERENCES record (id),
                        commitment TEXT NOT NULL CHECK (length(commitment) = 64),
                        bytes BLOB NOT NULL,
                        stored_at TEXT NOT NULL
                    );
                    CREATE TABLE erasure (
                        award_id TEXT PRIMARY KEY NOT NULL,
                        commitment TEXT NOT NULL,
                        erased_at TEXT NOT NULL
                    );
                    CREATE TABLE node_state (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE VIRTUAL TABLE spec_text USING fts5 (
                        record_id UNINDEXED, language UNINDEXED, text,
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    """
            )
        }
        migrator.registerMigration("v2-issuer-profiles-by-position") { db in
            try db.execute(sql: "CREATE INDEX record_by_issuer_kind ON record (issuer, kind, seq)")
        }
        migrator.registerMigration("v3-request-nonces") { db in
            try db.execute(
                sql: """
                    CREATE TABLE request_nonce (
                        key_id TEXT NOT NULL CHECK (length(key_id) > 0),
                        nonce TEXT NOT NULL CHECK (length(nonce) > 0),
                        expires_at INTEGER NOT NULL,
                        PRIMARY KEY (key_id, nonce)
                    ) WITHOUT ROWID;
                    CREATE INDEX request_nonce_by_expiry ON request_nonce (expires_at);
                    """
            )
        }
        migrator.registerMigration("v4-trust-list-versions") { db in
            // The federation's trust-list log: every valid version, conflicting ones kept as evidence.
            try db.execute(
                sql: """
                    CREATE TABLE trust_list_version (
                        federation TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        content_id TEXT NOT NULL CHECK (length(content_id) = 64),
                        bytes BLOB NOT NULL,
                        received_at TEXT NOT NULL,
                        PRIMARY KEY (federation, version, content_id)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v5-personal-delivery") { db in
            // Who was sent what (the issuer's outbox and its log), the grant a delivered part
            // came with, legal holds, and the erasure notices a receiver was sent.
            try db.execute(
                sql: """
                    ALTER TABLE personal_part ADD COLUMN grant_bytes BLOB;
                    CREATE TABLE personal_outbox (
                        kind TEXT NOT NULL CHECK (kind IN ('deliver', 'erase')),
                        award_id TEXT NOT NULL CHECK (length(award_id) = 64),
                        recipient TEXT NOT NULL,
                        commitment TEXT NOT NULL CHECK (length(commitment) = 64),
                        reason TEXT,
                        queued_at TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'refused', 'cancelled')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt REAL NOT NULL DEFAULT 0,
                        last_error TEXT,
                        settled_at TEXT,
                        answer TEXT,
                        PRIMARY KEY (kind, award_id, recipient)
                    ) WITHOUT ROWID;
                    CREATE INDEX personal_outbox_due ON personal_outbox (state, next_attempt);
                    CREATE TABLE personal_hold (
                        award_id TEXT PRIMARY KEY NOT NULL,
                        reason TEXT NOT NULL CHECK (length(reason) > 0),
                        held_at TEXT NOT NULL
                    );
                    CREATE TABLE erasure_notice (
                        award_id TEXT NOT NULL,
                        issuer TEXT NOT NULL,
                        bytes BLOB NOT NULL,
                        received_at TEXT NOT NULL,
                        outcome TEXT NOT NULL CHECK (outcome IN ('erased', 'kept')),
                        reason TEXT
                    );
                    CREATE INDEX erasure_notice_by_award ON erasure_notice (award_id);
                    """
            )
        }
        migrator.registerMigration("v6-record-facets") { db in
            // What searches filter on (`SQLiteRecordStore.indexFacets`), filled for records held. A
            // rowid table with one index per lookup: rows are appended in arrival order, so indexing
            // costs replication little.
            try db.execute(
                sql: """
                    CREATE TABLE record_facet (
                        record_id TEXT NOT NULL,
                        facet TEXT NOT NULL,
                        value TEXT NOT NULL,
                        number REAL
                    );
                    CREATE INDEX record_facet_by_value ON record_facet (facet, value);
                    CREATE INDEX record_facet_by_ects ON record_facet (number) WHERE facet = 'ects';
                    """
            )
            let rows = try Row.fetchCursor(db, sql: "SELECT bytes FROM record WHERE kind IN ('spec', 'award')")
            while let row = try rows.next() {
                guard let record = try? Record(canonicalBytes: [UInt8](row["bytes"] as Data)) else { continue }
                try SQLiteRecordStore.indexFacets(of: RecordBody(of: record), record: record.id, db: db)
            }
        }
        migrator.registerMigration("v7-recognition-reports") { db in
            // Reports officers saved: local, never replicated, never holding personal data.
            try db.execute(
                sql: """
                    CREATE TABLE recognition_report (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 64),
                        record_id TEXT NOT NULL CHECK (length(record_id) = 64),
                        framework TEXT NOT NULL,
                        author TEXT NOT NULL,
                        saved_at TEXT NOT NULL,
                        report BLOB NOT NULL,
                        decision BLOB,
                        decided_by TEXT,
                        decided_at TEXT
                    );
                    CREATE INDEX recognition_report_by_time ON recognition_report (saved_at);
                    """
            )
        }
        return migrator
    }
}
