import CredexTesting
import Foundation
import Testing

@testable import CredexAccess

@Suite("Tokens")
struct TokenTests {
    @Test(
        "a created token signs in with its role; others, garbage and other schemes do not",
        arguments: Backend.allCases
    )
    func createAndAuthenticate(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana García (UAB)", role: .operator)
        #expect(issued.secret.hasPrefix("credex_") && issued.secret.utf8.count == 50)
        #expect(issued.record.name == "Ana García (UAB)" && issued.record.role == .operator)

        let principal = try await fixture.access.authenticate(authorization: "Bearer \(issued.secret)")
        #expect(
            principal
                == Principal(tokenID: issued.record.id, name: "Ana García (UAB)", role: .operator, method: .bearer)
        )
        #expect(try await fixture.access.authenticate(authorization: "bearer  \(issued.secret) ") == principal)

        let other = try await fixture.access.createToken(name: "Jan", role: .officer)
        #expect(other.secret != issued.secret && other.record.id != issued.record.id)
        #expect(try await fixture.access.authenticate(token: other.secret)?.role == .officer)

        var flipped = Array(issued.secret.utf8)
        flipped[20] = flipped[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try await fixture.access.authenticate(token: String(decoding: flipped, as: UTF8.self)) == nil)
        for header in [nil, "", "Bearer", "Basic \(issued.secret)", "Bearer credex_short", issued.secret] {
            #expect(try await fixture.access.authenticate(authorization: header) == nil, "\(header ?? "nil")")
        }
    }

    @Test("a token stops at its expiry", arguments: Backend.allCases)
    func expiry(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(
            name: "Ana",
            role: .officer,
            expiresAt: fixture.clock.now.addingTimeInterval(3600)
        )
        fixture.clock.advance(3599)
        #expect(try await fixture.access.authenticate(token: issued.secret) != nil)
        fixture.clock.advance(1)
        #expect(try await fixture.access.authenticate(token: issued.secret) == nil)
        let listed = try await fixture.access.tokens()
        #expect(listed.map { $0.state(at: fixture.clock.now) } == ["expired"])

        await #expect(throws: AccessError.self) {
            try await fixture.access.createToken(name: "Late", role: .officer, expiresAt: fixture.clock.now)
        }
    }

    @Test(
        "a revoked token stops at once; revoking an unknown id is an error that names it",
        arguments: Backend.allCases
    )
    func revocation(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .admin)
        let kept = try await fixture.access.createToken(name: "Jan", role: .officer)
        let revoked = try await fixture.access.revokeToken(issued.record.id)
        #expect(revoked.isRevoked && revoked.revokedAt == fixture.clock.now.flooredToMilliseconds)
        #expect(try await fixture.access.authenticate(token: issued.secret) == nil)
        #expect(try await fixture.access.authenticate(token: kept.secret) != nil)
        // Revoking again keeps the first time.
        fixture.clock.advance(60)
        #expect(try await fixture.access.revokeToken(issued.record.id).revokedAt == revoked.revokedAt)

        let unknown = TokenID(unsafeTestID: "tk_ffffffffffffffff")
        let error = await #expect(throws: AccessError.self) { try await fixture.access.revokeToken(unknown) }
        #expect(error?.code == .notFound && error?.description.contains("tk_ffffffffffffffff") == true)
        let actions = try await fixture.access.audit.entries().compactMap { $0.entry?.event.action }
        #expect(actions == [.tokenCreate, .tokenCreate, .tokenRevoke, .tokenRevoke, .tokenRevoke])
    }

    @Test("names and ids are checked")
    func validation() async throws {
        let fixture = try AccessFixture(.memory)
        defer { fixture.remove() }
        for name in ["", "   ", String(repeating: "a", count: 201), "Ana\u{0}García", "Ana\nGarcía"] {
            await #expect(throws: AccessError.self, "\(name.debugDescription)") {
                try await fixture.access.createToken(name: name, role: .officer)
            }
        }
        for id in ["", "tk_", "tk_0123456789ABCDEF", "tk_0123456789abcde", "xx_0123456789abcdef"] {
            #expect(throws: AccessError.self, "\(id)") { try TokenID(validating: id) }
        }
    }

    @Test("only the token's hash is stored: its bytes are in no file of the folder")
    func hashOnly() async throws {
        let fixture = try AccessFixture(.disk)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana García (UAB)", role: .officer)
        let ticket = try #require(try await fixture.access.startSession(token: issued.secret))
        #expect(try await fixture.access.authenticate(token: issued.secret) != nil)
        let folder = try #require(fixture.folder).url
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.contains("access.sqlite") && files.contains("audit-head.json"))
        var searched = 0
        for file in files {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            for secret in [issued.secret, ticket.sessionID, ticket.csrfToken] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "a secret is in \(file)")
            }
            searched += bytes.count
        }
        #expect(searched > 0)
        // The search can find what is there: the token's id and the person's name are stored.
        let all = try files.map { try Data(contentsOf: folder.appendingPathComponent($0)) }.reduce(Data(), +)
        #expect(all.range(of: Data(issued.record.id.rawValue.utf8)) != nil)
        #expect(all.range(of: Data("Ana García (UAB)".utf8)) != nil)
        #expect(try mode(folder.appendingPathComponent("access.sqlite")) == 0o600)
        #expect(try mode(folder.appendingPathComponent("audit-head.json")) == 0o600)
    }

    @Test("a full disk and a read-only database give clear errors and lose nothing")
    func storageFailures() async throws {
        let folder = try TemporaryDirectory(prefix: "credex-access")
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("access.sqlite")
        let mirror = FileAuditHeadMirror(url: folder.url.appendingPathComponent("audit-head.json"))
        let first: IssuedToken
        do {
            let store = try SQLiteAccessStore(at: url)
            first = try await AccessControl(store: store, auditMirror: mirror).createToken(name: "Ana", role: .admin)
            try store.close()
        }
        var options = SQLiteAccessStore.Options()
        // Room for a page or two more than the file holds now.
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        options.maximumPageCount = size / 4096 + 2
        let full = try SQLiteAccessStore(at: url, options: options)
        let fullAccess = AccessControl(store: full, auditMirror: mirror)
        var lastError: AccessError?
        for index in 0..<200 {
            do {
                _ = try await fullAccess.createToken(
                    name: String(repeating: "n", count: 190) + "\(index)",
                    role: .officer
                )
            } catch let error as AccessError {
                lastError = error
                break
            }
        }
        let error = try #require(lastError)
        #expect(error.code == .diskFull && error.description.contains("full"), "\(error)")
        #expect(!error.description.contains("nnnnnnnn"), "no statement arguments in the message")
        try full.close()

        options = SQLiteAccessStore.Options()
        options.readOnly = true
        let readOnly = try SQLiteAccessStore(at: url, options: options)
        defer { try? readOnly.close() }
        let readOnlyAccess = AccessControl(store: readOnly, auditMirror: mirror)
        let refused = await #expect(throws: AccessError.self) {
            try await readOnlyAccess.createToken(name: "Jan", role: .officer)
        }
        #expect(refused?.code == .readOnly, "\(String(describing: refused))")
        #expect(try await readOnlyAccess.authenticate(token: first.secret)?.role == .admin)
        let report = try await readOnlyAccess.audit.verify()
        #expect(report.isValid, "\(String(describing: report.problem))")
    }
}

func mode(_ url: URL) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int ?? -1) & 0o777
}

extension Date {
    var flooredToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
