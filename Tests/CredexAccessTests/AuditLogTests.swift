import CredexCrypto
import CredexJSON
import CredexTesting
import Foundation
import Testing

@testable import CredexAccess

@Suite("Audit log")
struct AuditLogTests {
    /// A log of `count` reads.
    private static func filled(_ backend: Backend, count: Int = 5) async throws -> AccessFixture {
        let fixture = try AccessFixture(backend)
        for n in 1...count { try await fixture.access.audit.record(try readEvent(n)) }
        return fixture
    }

    @Test("entries chain from the genesis; each hash is SHA-256 of its canonical JSON", arguments: Backend.allCases)
    func appendAndVerify(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend)
        defer { fixture.remove() }
        #expect(try await fixture.access.audit.verify() == AuditReport(entries: 0, mirrored: nil, problem: nil))
        var previous = AuditEntry.genesis
        for n in 1...3 {
            fixture.clock.advance(1.5)
            let entry = try await fixture.access.audit.record(try readEvent(n))
            #expect(entry.seq == Int64(n) && entry.prev == previous)
            #expect(entry.hash == SHA256.hex(entry.canonicalBody))
            #expect(try StrictJSON.parseCanonical(entry.canonicalBody)["seq"]?.int64Value == Int64(n))
            previous = entry.hash
        }
        let report = try await fixture.access.audit.verify()
        #expect(report.isValid && report.entries == 3 && report.head == AuditHead(seq: 3, hash: previous))
        #expect(try fixture.mirror.read() == AuditHead(seq: 3, hash: previous))

        let listed = try await fixture.access.audit.entries()
        let first = try #require(listed.first?.entry)
        #expect(listed.map(\.seq) == [1, 2, 3])
        #expect(first.event == (try readEvent(1)) && first.time == "2026-09-21T14:13:21.500Z")
        let body = String(decoding: first.canonicalBody, as: UTF8.self)
        #expect(body.hasPrefix(#"{"action":"personal.read","actor":{"id":"tk_0123456789abcdef","role":"officer"},"#))
    }

    @Test("the log refuses UPDATE and DELETE")
    func appendOnly() async throws {
        let fixture = try await Self.filled(.memory, count: 2)
        defer { fixture.remove() }
        for sql in ["UPDATE audit_entry SET prev = prev", "DELETE FROM audit_entry WHERE seq = 2"] {
            await #expect(throws: (any Error).self, "\(sql)") {
                try await fixture.store.writer.write { try $0.execute(sql: sql) }
            }
        }
        #expect(try await fixture.access.audit.verify().isValid)
    }

    @Test("an altered entry is named", arguments: Backend.allCases)
    func alteredEntry(_ backend: Backend) async throws {
        let fixture = try await Self.filled(backend)
        defer { fixture.remove() }
        try await fixture.tamper(
            "UPDATE audit_entry SET body = CAST(replace(CAST(body AS TEXT), '\"ok\"', '\"denied\"') AS BLOB) WHERE seq = 3"
        )
        let report = try await fixture.access.audit.verify()
        #expect(report.problem?.kind == .altered && report.problem?.seq == 3, "\(String(describing: report.problem))")
        #expect(report.entries == 2)
    }

    @Test("an entry altered with its hash recomputed is named by the link after it", arguments: Backend.allCases)
    func alteredEntryWithNewHash(_ backend: Backend) async throws {
        let fixture = try await Self.filled(backend)
        defer { fixture.remove() }
        let stored = try #require(try await fixture.store.auditEntries(afterSeq: 1, limit: 1).first)
        let forged = AuditEntry(seq: 2, prev: stored.prev, date: TestClock.reference, event: try readEvent(99))
        try await fixture.tamper(
            "UPDATE audit_entry SET hash = '\(forged.hash)', body = CAST('\(String(decoding: forged.canonicalBody, as: UTF8.self))' AS BLOB) WHERE seq = 2"
        )
        let report = try await fixture.access.audit.verify()
        #expect(report.problem?.kind == .altered && report.problem?.seq == 2, "\(String(describing: report.problem))")
    }

    @Test("a removed middle entry is named", arguments: Backend.allCases)
    func removedMiddle(_ backend: Backend) async throws {
        let fixture = try await Self.filled(backend)
        defer { fixture.remove() }
        try await fixture.tamper("DELETE FROM audit_entry WHERE seq = 3")
        let report = try await fixture.access.audit.verify()
        #expect(report.problem?.kind == .missing && report.problem?.seq == 3, "\(String(describing: report.problem))")
        #expect(report.problem?.reason == "entry 3 is missing: the log goes from 2 to 4")
    }

    @Test("a removed middle entry with the rest renumbered is named", arguments: Backend.allCases)
    func removedAndRenumbered(_ backend: Backend) async throws {
        let fixture = try await Self.filled(backend)
        defer { fixture.remove() }
        try await fixture.tamper("DELETE FROM audit_entry WHERE seq = 3")
        try await fixture.tamper("UPDATE audit_entry SET seq = seq - 1 WHERE seq > 3")
        let report = try await fixture.access.audit.verify()
        #expect(report.problem?.kind == .altered && report.problem?.seq == 3, "\(String(describing: report.problem))")
    }

    @Test("a truncated tail is named through the head mirror", arguments: Backend.allCases)
    func truncatedTail(_ backend: Backend) async throws {
        let fixture = try await Self.filled(backend)
        defer { fixture.remove() }
        try await fixture.tamper("DELETE FROM audit_entry WHERE seq >= 4")
        let report = try await fixture.access.audit.verify()
        #expect(report.problem?.kind == .truncated && report.problem?.seq == 4, "\(String(describing: report.problem))")
        #expect(report.problem?.reason == "entries 4 to 5 are missing: the log ends at 3 but its head mirror records 5")

        try await fixture.tamper("DELETE FROM audit_entry")
        let emptied = try await fixture.access.audit.verify()
        #expect(emptied.problem?.kind == .truncated && emptied.problem?.seq == 1)
    }

    @Test("the last entry replaced is caught by the mirror's hash; a lost mirror is reported")
    func tailReplacedAndMirrorLost() async throws {
        let fixture = try await Self.filled(.memory, count: 3)
        defer { fixture.remove() }
        let stored = try #require(try await fixture.store.auditEntries(afterSeq: 2, limit: 1).first)
        let forged = AuditEntry(seq: 3, prev: stored.prev, date: TestClock.reference, event: try readEvent(99))
        try await fixture.tamper(
            "UPDATE audit_entry SET hash = '\(forged.hash)', body = CAST('\(String(decoding: forged.canonicalBody, as: UTF8.self))' AS BLOB) WHERE seq = 3"
        )
        let report = try await fixture.access.audit.verify()
        #expect(report.problem?.kind == .altered && report.problem?.seq == 3, "\(String(describing: report.problem))")

        let memory = try #require(fixture.mirror as? MemoryAuditHeadMirror)
        memory.overwrite(nil)
        let lost = try await fixture.access.audit.verify()
        #expect(lost.problem?.kind == .headMirror && lost.problem?.seq == nil)
    }

    @Test("a mirror one entry behind (a crash before its write) is not an error, and the next append levels it")
    func laggingMirror() async throws {
        let fixture = try await Self.filled(.memory, count: 3)
        defer { fixture.remove() }
        let memory = try #require(fixture.mirror as? MemoryAuditHeadMirror)
        let second = try #require(try await fixture.store.auditEntries(afterSeq: 1, limit: 1).first)
        memory.overwrite(AuditHead(seq: 2, hash: second.hash))
        let report = try await fixture.access.audit.verify()
        #expect(report.isValid && report.mirrorLags)
        try await fixture.access.audit.record(try readEvent(4))
        #expect(try memory.read()?.seq == 4)
        memory.overwrite(AuditHead(seq: 2, hash: String(repeating: "1", count: 64)))
        #expect(try await fixture.access.audit.verify().problem?.seq == 2)
    }

    @Test("two connections appending at once (a node and the command line) keep one whole chain")
    func concurrentWriters() async throws {
        let folder = try TemporaryDirectory(prefix: "credex-access")
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("access.sqlite")
        let mirror = FileAuditHeadMirror(url: folder.url.appendingPathComponent("audit-head.json"))
        let stores = [try SQLiteAccessStore(at: url), try SQLiteAccessStore(at: url)]
        defer { for store in stores { try? store.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    let log = AuditLog(store: store, mirror: mirror)
                    for n in 0..<20 { try await log.record(try readEvent(index * 100 + n)) }
                }
            }
            try await group.waitForAll()
        }
        let report = try await AuditLog(store: stores[0], mirror: mirror).verify()
        #expect(report.isValid && report.entries == 40, "\(String(describing: report.problem))")
        #expect(try mirror.read()?.seq == 40)
    }

    @Test("the file mirror never moves back and survives the database")
    func fileMirror() throws {
        let folder = try TemporaryDirectory(prefix: "credex-access")
        defer { folder.remove() }
        let mirror = FileAuditHeadMirror(url: folder.url.appendingPathComponent("audit-head.json"))
        #expect(try mirror.read() == nil)
        try mirror.advance(to: AuditHead(seq: 5, hash: String(repeating: "a", count: 64)))
        try mirror.advance(to: AuditHead(seq: 4, hash: String(repeating: "b", count: 64)))
        #expect(try mirror.read() == AuditHead(seq: 5, hash: String(repeating: "a", count: 64)))
        try Data("not json".utf8).write(to: mirror.url)
        #expect(throws: AccessError.self) { try mirror.read() }
    }

    @Test("events hold ids only: names, e-mail addresses and free text are refused")
    func idsOnly() throws {
        for text in ["Ana García", "ana@uab.cat", "", String(repeating: "a", count: 201), "a\"b", "x\u{0}"] {
            #expect(throws: AccessError.self, "\(text.debugDescription)") { try AuditTarget(type: "award", id: text) }
            #expect(throws: AccessError.self, "\(text.debugDescription)") {
                try AuditEvent(actor: .local, action: .personalRead, outcome: .ok, requestID: text)
            }
        }
        for action in ["personal", "Personal.read", "personal..read", "personal.read ", "1x.read"] {
            #expect(throws: AccessError.self, "\(action)") { try AuditAction(action) }
        }
        #expect(try AuditAction("report.save") == .reportSave)
        #expect(try AuditTarget(type: "record", id: "urn:uuid:1f0e-aa").id == "urn:uuid:1f0e-aa")
    }
}
