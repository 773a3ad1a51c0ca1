import CredexTesting
import Foundation
import GRDB
import Testing

/// Damage on disk that `credex check` must find, and a signing key others can read.
@Suite("CLI stored-data integrity")
struct IntegrityTests {
    /// A node with a spec (#2), a second spec (#3) and an award (#4) with its personal part.
    static func populated() async throws -> (node: TestNode, spec: String, next: String, award: String) {
        let node = try await TestNode.create()
        do {
            let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
            let next = try await node.issue("spec", Examples.path("spec-anu-microcredential.json"))
            let award = try await node.issue(
                "award",
                Examples.path("award-maynooth-aoife.json"),
                extra: ["--spec", spec.id]
            )
            return (node, spec.id, next.id, award.id)
        } catch {
            node.remove()
            throw error
        }
    }

    /// Changes the database behind the node's back, as damage on disk would; no credex runs meanwhile.
    static func tamper(_ node: TestNode, _ change: @escaping @Sendable (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: node.database.path)
        try queue.write(change)
        try queue.close()
    }

    /// The bytes with the first occurrence of `word` changed in its last character.
    static func flip(_ bytes: Data, in word: String) throws -> Data {
        guard let range = bytes.range(of: Data(word.utf8)) else { throw CLIError("\(word) is not in the bytes") }
        var changed = bytes
        changed[range.upperBound - 1] ^= 0x01
        return changed
    }

    @Test("a byte flipped in a stored record's body: check exits 1 naming the record; verify ID fails")
    func flippedBodyByte() async throws {
        let (node, spec, _, _) = try await Self.populated()
        defer { node.remove() }
        let clean = try await node.credex("check")
        #expect(clean.status == 0 && clean.stdout.contains("No problems found."), "\(clean)")

        try Self.tamper(node) { db in
            let bytes = try #require(
                try Data.fetchOne(db, sql: "SELECT bytes FROM record WHERE id = ?", arguments: [spec])
            )
            try db.execute(
                sql: "UPDATE record SET bytes = ? WHERE id = ?",
                arguments: [try Self.flip(bytes, in: "Brewing"), spec]
            )
        }
        let check = try await node.credex("check")
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("PROBLEM did:web:credex.test.example #2 (\(spec)): bytes hash to "), "\(check)")
        #expect(check.stdout.contains("not the stored id"), "\(check)")
        #expect(check.stdout.contains("PROBLEM did:web:credex.test.example #2 (\(spec)): signature 0 by"), "\(check)")
        #expect(!check.stdout.contains("No problems found."), "\(check)")
        #expect(check.stdout.components(separatedBy: "PROBLEM").count - 1 == 2, "only the damaged record:\n\(check)")

        let verify = try await node.credex("verify", spec)
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stdout.contains("FAIL stored bytes"), "\(verify)")
        #expect(verify.stdout.contains("FAIL signature"), "\(verify)")

        let json = try await node.credex("check", "--json")
        #expect(json.status == 1, "\(json)")
        #expect((try json.jsonObject()["problems"] as? [String])?.contains { $0.contains(spec) } == true, "\(json)")
    }

    @Test("a stored prev column rewritten: check exits 1 naming the record")
    func rewrittenPrev() async throws {
        let (node, _, next, _) = try await Self.populated()
        defer { node.remove() }
        try Self.tamper(node) { db in
            try db.execute(
                sql: "UPDATE record SET prev = ? WHERE id = ?",
                arguments: [String(repeating: "f", count: 64), next]
            )
        }
        let check = try await node.credex("check")
        #expect(check.status == 1, "\(check)")
        #expect(
            check.stdout.contains(
                "PROBLEM did:web:credex.test.example #3 (\(next)): indexed columns disagree with the signed bytes"
            ),
            "\(check)"
        )
    }

    @Test("a record deleted from the middle of the log: check exits 1 with the gap")
    func deletedRecord() async throws {
        let (node, _, next, award) = try await Self.populated()
        defer { node.remove() }
        try Self.tamper(node) { db in
            try db.execute(sql: "DELETE FROM spec_text WHERE record_id = ?", arguments: [next])
            try db.execute(sql: "DELETE FROM record WHERE id = ?", arguments: [next])
        }
        let check = try await node.credex("check")
        #expect(check.status == 1, "\(check)")
        #expect(
            check.stdout.contains("PROBLEM did:web:credex.test.example #4 (\(award)): gap in the log, expected #3"),
            "\(check)"
        )
        #expect(
            check.stdout.contains(
                "PROBLEM did:web:credex.test.example #4 (\(award)): prev does not link to the record before it"
            ),
            "\(check)"
        )
    }

    @Test("a stored personal part changed: check exits 1 naming its award")
    func changedPersonalPart() async throws {
        let (node, _, _, award) = try await Self.populated()
        defer { node.remove() }
        try Self.tamper(node) { db in
            let bytes = try #require(
                try Data.fetchOne(db, sql: "SELECT bytes FROM personal_part WHERE award_id = ?", arguments: [award])
            )
            try db.execute(
                sql: "UPDATE personal_part SET bytes = ? WHERE award_id = ?",
                arguments: [try Self.flip(bytes, in: "Pass"), award]
            )
        }
        let check = try await node.credex("check")
        #expect(check.status == 1, "\(check)")
        #expect(
            check.stdout.contains("PROBLEM personal part of \(award): does not match the award's learner commitment"),
            "\(check)"
        )
    }

    @Test("a signing key group or others can read: issue and node run exit 3 and say chmod 600")
    func looseKeyPermissions() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let key = node.url.appendingPathComponent("keys/signing-key.pem")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)

        let issue = try await node.credex("issue", "spec", Examples.path("spec-maynooth-brewing.json"))
        #expect(issue.status == 3, "\(issue)")
        #expect(issue.stderr.contains("chmod 600 \(key.path)"), "\(issue)")
        #expect(issue.stderr.contains("0644"), "\(issue)")

        let run = try await node.credex(["node", "run"], timeout: .seconds(20))
        #expect(run.status == 3, "\(run)")
        #expect(run.stderr.contains("chmod 600"), "\(run)")
        #expect(!FileManager.default.fileExists(atPath: node.adminSocket.path))

        // Reading needs no key.
        let log = try await node.credex("log")
        #expect(log.status == 0, "\(log)")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        let issued = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        #expect(issued.seq == 2)
    }
}
