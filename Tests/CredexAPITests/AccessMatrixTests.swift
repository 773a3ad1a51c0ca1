import CredexAccess
import CredexCore
import Foundation
import HTTPTypes
import Testing

/// Who may do what, the web session with its CSRF token, and every answer the OpenAPI document
/// promises for `/api/v1`, each exercised once.
@Suite struct AccessMatrixTests {
    /// One request of the matrix: what each role (nil: nobody signed in) gets.
    struct Row: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var nobody: Int
        var officer: Int
        var `operator`: Int
        var admin: Int
        var testDescription: String { "\(method) \(path)" }
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    /// The matrix; `SPEC`, `AWARD` and `REPORT` are replaced by ids of the harness.
    static let rows: [Row] = [
        Row(method: .get, path: "/api/v1/specs", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(method: .get, path: "/api/v1/awards?spec=SPEC", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(method: .get, path: "/api/v1/records/SPEC", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(method: .get, path: "/api/v1/federation", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(method: .get, path: "/api/v1/session", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(
            method: .get,
            path: "/api/v1/records/AWARD/recognition",
            nobody: 401,
            officer: 200,
            operator: 200,
            admin: 200
        ),
        Row(
            method: .post,
            path: "/api/v1/reports",
            body: #"{"record":"SPEC"}"#,
            nobody: 401,
            officer: 201,
            operator: 201,
            admin: 201
        ),
        Row(method: .get, path: "/api/v1/reports", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(method: .get, path: "/api/v1/records/SPEC/as/ob3", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(method: .post, path: "/api/v1/verify", body: "{}", nobody: 401, officer: 200, operator: 200, admin: 200),
        Row(
            method: .get,
            path: "/api/v1/learners?identifier=Aoife",
            nobody: 401,
            officer: 403,
            operator: 200,
            admin: 200
        ),
        Row(
            method: .get,
            path: "/api/v1/learners/export?identifier=Aoife",
            nobody: 401,
            officer: 403,
            operator: 200,
            admin: 200
        ),
    ]

    static func path(_ template: String, _ harness: APIHarness) -> String {
        template.replacingOccurrences(of: "SPEC", with: harness.ids["spec-maynooth-brewing"]!.rawValue)
            .replacingOccurrences(of: "AWARD", with: harness.ids["award-p"]!.rawValue)
    }

    @Test("each role gets what it may and nothing more", arguments: rows)
    func authorisation(row: Row) async throws {
        let harness = try await APIHarness.make()
        let path = Self.path(row.path, harness)
        let body = row.body.map { Array(Self.path($0, harness).utf8) }
        let expected: [(Role?, Int)] = [
            (nil, row.nobody), (.officer, row.officer), (.operator, row.`operator`), (.admin, row.admin),
        ]
        for (role, status) in expected {
            let answer = try await harness.call(row.method, path, as: role, headers: Self.json, body: body)
            #expect(answer.status == status, "\(role?.rawValue ?? "nobody"): \(answer.text.prefix(300))")
        }
        try await harness.checkAgainstOpenAPI()
    }

    /// The `__Host-credex-session=…` pair of a Set-Cookie value.
    static func cookie(_ answer: APIHarness.Answer) -> String? {
        answer.headers[.setCookie]?.split(separator: ";").first.map(String.init)
    }

    @Test("a web session needs its CSRF token for every change, and ends at sign-out")
    func sessionAndCSRF() async throws {
        let harness = try await APIHarness.make()
        let token = try #require(harness.tokens[.officer])
        let started = try await harness.call(
            .post,
            "/api/v1/session",
            as: nil,
            headers: Self.json,
            body: Array(#"{"token":"\#(token)"}"#.utf8)
        )
        #expect(started.status == 201, "\(started.text)")
        #expect(started.headers[.setCookie]?.contains("HttpOnly") == true)
        #expect(started.headers[.setCookie]?.contains("SameSite=Strict") == true)
        let cookie = try #require(Self.cookie(started))
        let csrf = try #require(started.json["csrfToken"] as? String)
        var withCookie = Self.json
        withCookie[.cookie] = cookie
        #expect(try await harness.call(.get, "/api/v1/specs", as: nil, headers: withCookie).status == 200)
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let save = Array(#"{"record":"\#(spec)"}"#.utf8)
        let forged = try await harness.call(.post, "/api/v1/reports", as: nil, headers: withCookie, body: save)
        #expect(forged.status == 403, "\(forged.text)")
        var wrong = withCookie
        wrong[HTTPField.Name("X-CSRF-Token")!] = String(csrf.reversed())
        #expect(try await harness.call(.post, "/api/v1/reports", as: nil, headers: wrong, body: save).status == 403)
        var right = withCookie
        right[HTTPField.Name("X-CSRF-Token")!] = csrf
        #expect(try await harness.call(.post, "/api/v1/reports", as: nil, headers: right, body: save).status == 201)
        #expect(try await harness.call(.delete, "/api/v1/session", as: nil, headers: withCookie).status == 403)
        #expect(try await harness.call(.delete, "/api/v1/session", as: nil, headers: right).status == 204)
        #expect(try await harness.call(.get, "/api/v1/specs", as: nil, headers: withCookie).status == 401)
        let refused = try await harness.call(
            .post,
            "/api/v1/session",
            as: nil,
            headers: Self.json,
            body: Array(#"{"token":"credex_wrong"}"#.utf8)
        )
        #expect(refused.status == 401)
        #expect(try await harness.call(.post, "/api/v1/session", as: nil, headers: Self.json, body: []).status == 400)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("every answer the OpenAPI document promises under /api/v1 is given and matches it")
    func everyDocumentedAnswer() async throws {
        let harness = try await APIHarness.make()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let orphan = harness.ids["award-orphan"]!.rawValue
        let missing = String(repeating: "1", count: 64)
        let json = Self.json
        func call(
            _ method: HTTPRequest.Method,
            _ path: String,
            _ body: String? = nil,
            as role: Role? = .officer
        )
            async throws -> APIHarness.Answer
        {
            try await harness.call(method, path, as: role, headers: json, body: body.map { Array($0.utf8) })
        }
        for path in [
            "/api/v1/specs", "/api/v1/awards?spec=\(spec)", "/api/v1/records/\(spec)", "/api/v1/federation",
            "/api/v1/session", "/api/v1/records/\(spec)/recognition", "/api/v1/reports",
            "/api/v1/records/\(spec)/as/elm", "/api/v1/learners?identifier=Aoife",
            "/api/v1/learners/export?identifier=Aoife",
        ] {
            _ = try await call(.get, path, as: nil)
            _ = try await call(.get, path, as: .operator)
        }
        _ = try await call(.get, "/api/v1/learners?identifier=Aoife")
        _ = try await call(.get, "/api/v1/learners/export?identifier=Aoife")
        for path in [
            "/api/v1/specs?limit=0", "/api/v1/awards", "/api/v1/records/x",
            "/api/v1/records/\(spec)/recognition?framework=X",
            "/api/v1/reports?limit=0", "/api/v1/records/x/as/elm", "/api/v1/learners", "/api/v1/learners/export",
        ] {
            _ = try await call(.get, path, as: .operator)
        }
        for path in [
            "/api/v1/records/\(missing)", "/api/v1/records/\(missing)/recognition", "/api/v1/reports/\(missing)",
        ] {
            _ = try await call(.get, path)
        }
        _ = try await call(.get, "/api/v1/records/\(missing)/as/elm")
        _ = try await call(.get, "/api/v1/records/\(orphan)/recognition")
        _ = try await call(.get, "/api/v1/records/\(harness.ids["award-a"]!.rawValue)/as/elm")
        // Changes: saved, refused, and forbidden without the CSRF token of a session.
        let saved = try await call(.post, "/api/v1/reports", #"{"record":"\#(spec)"}"#)
        let report = try #require(saved.json["id"] as? String)
        _ = try await call(.get, "/api/v1/reports/\(report)")
        _ = try await call(.get, "/api/v1/reports/\(report)", as: nil)
        _ = try await call(.post, "/api/v1/reports", "{}")
        _ = try await call(.post, "/api/v1/reports", #"{"record":"\#(missing)"}"#)
        _ = try await call(.post, "/api/v1/reports", #"{"record":"\#(orphan)"}"#)
        _ = try await call(.post, "/api/v1/reports", #"{"record":"\#(spec)"}"#, as: nil)
        _ = try await call(.put, "/api/v1/reports/\(report)/decision", #"{"result":"positive"}"#)
        _ = try await call(.put, "/api/v1/reports/\(report)/decision", #"{"result":"maybe"}"#)
        _ = try await call(.put, "/api/v1/reports/\(missing)/decision", #"{"result":"positive"}"#)
        _ = try await call(.put, "/api/v1/reports/\(report)/decision", #"{"result":"positive"}"#, as: nil)
        _ = try await call(.post, "/api/v1/verify", "{}")
        _ = try await call(.post, "/api/v1/verify", nil)
        _ = try await call(.post, "/api/v1/verify", "{}", as: nil)
        _ = try await call(.post, "/api/v1/verify", String(repeating: " ", count: (4 << 20) + 1))
        let example = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Schemas/examples/spec-maynooth-brewing.json"),
            encoding: .utf8
        )
        _ = try await call(.post, "/api/v1/map?to=elm", example)
        _ = try await call(.post, "/api/v1/map", example)
        _ = try await call(.post, "/api/v1/map?to=elm", "no credential")
        _ = try await call(.post, "/api/v1/map?to=elm", example, as: nil)
        _ = try await call(.post, "/api/v1/map?to=elm", String(repeating: " ", count: (4 << 20) + 1))
        // Sessions, and the CSRF refusal of a change made with a session cookie alone.
        let token = try #require(harness.tokens[.officer])
        let started = try await call(.post, "/api/v1/session", #"{"token":"\#(token)"}"#, as: nil)
        _ = try await call(.post, "/api/v1/session", #"{"token":"credex_wrong"}"#, as: nil)
        _ = try await call(.post, "/api/v1/session", "[]", as: nil)
        let sessionCookie = try #require(Self.cookie(started))
        var cookie = json
        cookie[.cookie] = sessionCookie
        let body = Array(#"{"record":"\#(spec)"}"#.utf8)
        _ = try await harness.call(.post, "/api/v1/reports", as: nil, headers: cookie, body: body)
        _ = try await harness.call(.put, "/api/v1/reports/\(report)/decision", as: nil, headers: cookie, body: body)
        _ = try await harness.call(.post, "/api/v1/verify", as: nil, headers: cookie, body: body)
        _ = try await harness.call(.post, "/api/v1/map?to=elm", as: nil, headers: cookie, body: body)
        _ = try await harness.call(.delete, "/api/v1/session", as: nil, headers: cookie)
        var signedOut = cookie
        let csrf = try #require(started.json["csrfToken"] as? String)
        signedOut[HTTPField.Name("X-CSRF-Token")!] = csrf
        _ = try await harness.call(.delete, "/api/v1/session", as: nil, headers: signedOut)
        try await harness.checkAgainstOpenAPI(all: true)
    }
}
