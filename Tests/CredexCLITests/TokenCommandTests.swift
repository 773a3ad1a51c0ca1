import CredexTesting
import Foundation
import GRDB
import Testing

/// `credex token` and `credex audit` end to end with the real binary.
@Suite("CLI token and audit")
struct TokenCommandTests {
    /// Creates a token with `credex token create --json`; returns its id and secret.
    private static func create(
        _ node: TestNode,
        role: String = "officer",
        name: String = "Ana García (UAB)",
        extra: [String] = []
    ) async throws -> (id: String, token: String) {
        let made = try await node.credex(["token", "create", "--role", role, "--name", name, "--json"] + extra)
        #expect(made.status == 0, "\(made)")
        let object = try made.jsonObject()
        guard let id = object["id"] as? String, let token = object["token"] as? String else {
            throw CLIError("token create printed no id and token:\n\(made)")
        }
        return (id, token)
    }

    /// Runs SQL on the node's access database past its triggers, as someone holding the file could.
    private static func tamper(_ node: TestNode, _ sql: String) throws {
        let queue = try DatabaseQueue(path: node.url.appendingPathComponent("access.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entry_no_update")
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entry_no_delete")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    @Test("create prints the token once, list shows no secret, revoke works once; no file holds the token")
    func lifecycle() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let text = try await node.credex(
            "token",
            "create",
            "--role",
            "admin",
            "--name",
            "Jan Novák",
            "--expires-days",
            "30"
        )
        #expect(text.status == 0, "\(text)")
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("id: tk_") && lines[1].hasPrefix("token: credex_"), "\(text)")
        #expect(text.stderr.contains("shown only this once"))
        let (id, token) = try await Self.create(node)

        let list = try await node.credex("token", "list", "--json")
        #expect(list.status == 0, "\(list)")
        let tokens = try list.jsonArray()
        #expect(tokens.count == 2 && tokens.allSatisfy { $0["token"] == nil && $0["state"] as? String == "active" })
        #expect(tokens.compactMap { $0["role"] as? String }.sorted() == ["admin", "officer"])
        #expect(tokens.first { $0["role"] as? String == "admin" }?["expiresAt"] != nil)
        let listText = try await node.credex("token", "list")
        #expect(listText.status == 0 && listText.stdout.contains(id) && listText.stdout.contains("Ana García (UAB)"))
        #expect(!list.output.contains(token) && !listText.output.contains(token))

        for (path, bytes) in try node.files() {
            #expect(!bytes.contains(bytes: Array(token.utf8)), "the token is in \(path)")
        }
        #expect(try mode(of: node.url.appendingPathComponent("access.sqlite")) == 0o600)

        let revoked = try await node.credex("token", "revoke", id)
        #expect(revoked.status == 0 && revoked.stdout.contains("Revoked \(id)"), "\(revoked)")
        let after = try await node.credex("token", "list", "--json")
        #expect(try after.jsonArray().first { $0["id"] as? String == id }?["state"] as? String == "revoked")

        let unknown = try await node.credex("token", "revoke", "tk_0000000000000000")
        #expect(unknown.status == 3 && unknown.stderr.contains("no token tk_0000000000000000"), "\(unknown)")
        let malformed = try await node.credex("token", "revoke", "ana")
        #expect(malformed.status == 64, "\(malformed)")
        let badRole = try await node.credex("token", "create", "--role", "root", "--name", "Ana")
        #expect(badRole.status == 64 && badRole.stderr.contains("officer, operator or admin"), "\(badRole)")
        let badDays = try await node.credex(
            "token",
            "create",
            "--role",
            "officer",
            "--name",
            "Ana",
            "--expires-days",
            "0"
        )
        #expect(badDays.status == 64, "\(badDays)")
    }

    @Test("audit lists ids only and --check passes on a whole log")
    func auditWhole() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let empty = try await node.credex("audit", "--check")
        #expect(empty.status == 0 && empty.stdout.contains("0 entries"), "\(empty)")
        #expect(!FileManager.default.fileExists(atPath: node.url.appendingPathComponent("access.sqlite").path))

        let (id, _) = try await Self.create(node)
        _ = try await node.credex("token", "revoke", id)
        let listing = try await node.credex("audit", "--json")
        #expect(listing.status == 0, "\(listing)")
        let object = try listing.jsonObject()
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.compactMap { $0["action"] as? String } == ["token.create", "token.revoke"])
        #expect(entries.allSatisfy { $0["actor"] as? String == "local" })
        #expect(!listing.stdout.contains("Ana"), "no names in the audit log")
        #expect((object["check"] as? [String: Any])?["valid"] as? Bool == true)
        let text = try await node.credex("audit")
        #expect(
            text.status == 0 && text.stdout.contains("token.revoke") && text.stdout.contains("2 entries"),
            "\(text)"
        )
    }

    @Test("audit --check exits 1 naming the first bad entry: altered, removed, truncated")
    func auditDamaged() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        for _ in 0..<3 { _ = try await Self.create(node) }
        try Self.tamper(
            node,
            "UPDATE audit_entry SET body = CAST(replace(CAST(body AS TEXT), 'token.create', 'token.revoke') AS BLOB) WHERE seq = 2"
        )
        let altered = try await node.credex("audit", "--check", "--json")
        #expect(altered.status == 1, "\(altered)")
        #expect(
            try altered.jsonObject()["firstBadSeq"] as? Int == 2
                && altered.jsonObject()["problem"] as? String == "altered"
        )
        let alteredText = try await node.credex("audit", "--check")
        #expect(alteredText.status == 1 && alteredText.stderr.contains("audit entry 2"), "\(alteredText)")

        try Self.tamper(node, "DELETE FROM audit_entry WHERE seq = 2")
        let removed = try await node.credex("audit", "--check")
        #expect(removed.status == 1 && removed.stderr.contains("entry 2 is missing"), "\(removed)")

        try Self.tamper(node, "DELETE FROM audit_entry WHERE seq >= 2")
        let truncated = try await node.credex("audit", "--check", "--json")
        #expect(truncated.status == 1, "\(truncated)")
        #expect(try truncated.jsonObject()["problem"] as? String == "truncated")
        #expect(try truncated.jsonObject()["firstBadSeq"] as? Int == 2)

        try FileManager.default.removeItem(at: node.url.appendingPathComponent("access.sqlite"))
        let deleted = try await node.credex("audit", "--check")
        #expect(deleted.status == 1 && deleted.stderr.contains("entries 1 to 3 are missing"), "\(deleted)")
    }

    @Test(
        "on a read-only file system token create and revoke exit 3 and say so; nothing changes",
        .enabled(if: TemporaryMount.available, "needs mount -t tmpfs (root with CAP_SYS_ADMIN)")
    )
    func readOnlyFileSystem() async throws {
        let outer = try TemporaryDirectory(prefix: "credex-cli-ro")
        defer { outer.remove() }
        let mount = try TemporaryMount(at: outer.url, size: "4m")
        defer { mount.unmount() }
        let node = try await TestNode.create(folder: mount.url)
        defer { node.remove() }
        let (id, _) = try await Self.create(node)
        let before = try node.files().map { ($0.path, $0.bytes) }
        try mount.makeReadOnly()

        for arguments in [["token", "create", "--role", "officer", "--name", "Jan"], ["token", "revoke", id]] {
            let refused = try await node.credex(arguments)
            let clear = refused.stderr.contains("not writable") || refused.stderr.contains("Read-only file system")
            #expect(refused.status == 3 && clear, "\(refused)")
            #expect(!refused.output.contains("credex_"), "no token was shown")
        }
        let after = try node.files().map { ($0.path, $0.bytes) }
        #expect(after.map(\.0) == before.map(\.0) && after.map(\.1) == before.map(\.1), "no file changed")
    }

    @Test("tokens are created and revoked while the node runs")
    func whileRunning() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let child = try await node.startNode()
        defer { child.stop() }
        let (id, _) = try await Self.create(node)
        let revoked = try await node.credex("token", "revoke", id)
        #expect(revoked.status == 0, "\(revoked)")
        let check = try await node.credex("audit", "--check")
        #expect(check.status == 0, "\(check)")
        let stopped = await node.stopNode(child)
        #expect(stopped.status == 0, "\(stopped)")
    }
}
