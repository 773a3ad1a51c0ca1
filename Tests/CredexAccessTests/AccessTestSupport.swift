import CredexCore
import CredexTesting
import Foundation
import GRDB
import Synchronization
import Testing

@testable import CredexAccess

/// A clock the tests move by hand, from one fixed reference time.
final class TestClock: Sendable {
    static let reference = Date(timeIntervalSince1970: 1_790_000_000)
    private let current = Mutex(TestClock.reference)

    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { [self] in now } }
}

/// The stores every test body runs against: GRDB's in-memory queue and an on-disk WAL pool.
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory
    case disk

    var description: String { rawValue }
}

/// An access control over a fresh store, its clock and (on disk) its folder.
struct AccessFixture: Sendable {
    let store: SQLiteAccessStore
    let mirror: any AuditHeadMirror
    let clock = TestClock()
    let folder: TemporaryDirectory?
    let access: AccessControl

    init(_ backend: Backend, policy: AccessControl.SessionPolicy = .init()) throws {
        switch backend {
        case .memory:
            folder = nil
            store = try SQLiteAccessStore(inMemory: .init())
            mirror = MemoryAuditHeadMirror()
        case .disk:
            let folder = try TemporaryDirectory(prefix: "credex-access")
            self.folder = folder
            store = try SQLiteAccessStore(at: folder.url.appendingPathComponent("access.sqlite"))
            mirror = FileAuditHeadMirror(url: folder.url.appendingPathComponent("audit-head.json"))
        }
        access = AccessControl(store: store, auditMirror: mirror, policy: policy, now: clock.function)
    }

    /// Runs SQL on the store's own connection, past its triggers, as someone holding the file could.
    func tamper(_ sql: String) async throws {
        try await store.writer.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entry_no_update")
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entry_no_delete")
            try db.execute(sql: sql)
        }
    }

    func remove() {
        try? store.close()
        folder?.remove()
    }
}

/// An officer's token id, for events that need an actor.
let officerID = AuditActor.token(TokenID(unsafeTestID: "tk_0123456789abcdef"), role: .officer)

extension TokenID {
    init(unsafeTestID: String) {
        do {
            try self.init(validating: unsafeTestID)
        } catch {
            preconditionFailure("bad test token id \(unsafeTestID)")
        }
    }
}

/// An officer reading award `n`'s personal part.
func readEvent(_ n: Int, outcome: AuditOutcome = .ok) throws -> AuditEvent {
    try AuditEvent(
        actor: officerID,
        action: .personalRead,
        targets: [.award(RecordID(canonicalBytes: Array("award \(n)".utf8)))],
        outcome: outcome
    )
}
