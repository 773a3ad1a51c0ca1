import CredexCore
import Foundation
import Testing

/// Searching specs and awards, reading records and the federation view, every answer checked
/// against the OpenAPI document.
@Suite struct SearchAndRecordTests {
    static func ids(_ answer: APIHarness.Answer) -> [String] {
        (answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("specs are found by text, EQF level through the crosswalks, country, type and ECTS")
    func searchSpecs() async throws {
        let harness = try await APIHarness.make()
        let brewing = harness.ids["spec-maynooth-brewing"]!.rawValue
        let nzqa = harness.ids["spec-nzqa-4571-basic-construction"]!.rawValue
        #expect(Self.ids(try await harness.call(.get, "/api/v1/specs")).count == 4)
        #expect(Self.ids(try await harness.call(.get, "/api/v1/specs?q=brewing%20distilling")) == [brewing])
        // Irish NFQ 9 is EQF 7: the spec states only its national level.
        let eqf7 = try await harness.call(.get, "/api/v1/specs?eqf=7")
        #expect(Self.ids(eqf7) == [brewing], "\(eqf7.text)")
        let item = (eqf7.json["items"] as? [[String: Any]])?.first
        let level = (item?["levels"] as? [[String: Any]])?.first
        #expect(level?["framework"] as? String == "NFQ-IE" && level?["eqf"] as? [String] == ["7"])
        #expect(
            Self.ids(try await harness.call(.get, "/api/v1/specs?eqf=7&eqf=3")).sorted() == [brewing, nzqa].sorted()
        )
        #expect(Self.ids(try await harness.call(.get, "/api/v1/specs?country=nz")) == [nzqa])
        #expect(
            Self.ids(try await harness.call(.get, "/api/v1/specs?level=NFQ-IE:9&minEcts=1&maxEcts=10")) == [brewing]
        )
        #expect(Self.ids(try await harness.call(.get, "/api/v1/specs?type=micro-degree")).count == 2)
        #expect(Self.ids(try await harness.call(.get, "/api/v1/specs?limit=2&offset=2")).count == 2)
        try await harness.checkAgainstOpenAPI()
    }

    @Test(
        "a bad search parameter is a 400 problem naming it",
        arguments: [
            ("limit=0", "limit"), ("limit=x", "limit"), ("offset=-1", "offset"), ("eqf=9", "eqf"),
            ("country=IRL", "country"), ("minEcts=5&maxEcts=1", "minEcts"), ("minEcts=-1", "minEcts"),
            ("issuer=somebody", "issuer"), ("level=EQF", "level"),
        ]
    )
    func badSearchParameters(query: String, parameter: String) async throws {
        let harness = try await APIHarness.make()
        let answer = try await harness.call(.get, "/api/v1/specs?\(query)")
        #expect(answer.status == 400)
        #expect(answer.contentType == "application/problem+json")
        #expect((answer.json["detail"] as? String)?.hasPrefix(parameter) == true, "\(answer.text)")
        try await harness.checkAgainstOpenAPI()
    }

    @Test("awards are listed per spec or issuer with their standing and never a learner")
    func searchAwards() async throws {
        let harness = try await APIHarness.make()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let answer = try await harness.call(.get, "/api/v1/awards?spec=\(spec)")
        let items = answer.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 3)
        let revoked = items.first { $0["id"] as? String == harness.ids["award-b"]!.rawValue }
        #expect(revoked?["status"] as? String == "revoked")
        #expect(!answer.text.contains("learner"))
        #expect(try await harness.call(.get, "/api/v1/awards").status == 400)
        #expect(try await harness.call(.get, "/api/v1/awards?spec=abc").status == 400)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("a record is served whole; a bad or unknown id is a problem")
    func records() async throws {
        let harness = try await APIHarness.make()
        let id = harness.ids["award-a"]!.rawValue
        let answer = try await harness.call(.get, "/api/v1/records/\(id)")
        #expect(answer.status == 200)
        #expect(answer.json["kind"] as? String == "award" && answer.json["personalPartHeld"] as? Bool == false)
        #expect((answer.json["record"] as? [String: Any])?["signatures"] != nil)
        let unknown = try await harness.call(.get, "/api/v1/records/\(String(repeating: "0", count: 64))")
        #expect(unknown.status == 404 && unknown.contentType == "application/problem+json")
        #expect(try await harness.call(.get, "/api/v1/records/not-an-id").status == 400)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("the federation view names the trust list in force and every member")
    func federation() async throws {
        let harness = try await APIHarness.make()
        let answer = try await harness.call(.get, "/api/v1/federation")
        #expect(answer.status == 200)
        #expect((answer.json["trustList"] as? [String: Any])?["version"] as? Int == 1)
        #expect((answer.json["members"] as? [Any])?.count == 2)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("a route the API does not have is a problem too, after sign-in")
    func unknownRoutes() async throws {
        let harness = try await APIHarness.make()
        let answer = try await harness.call(.get, "/api/v1/nothing/here")
        #expect(answer.status == 404 && answer.contentType == "application/problem+json", "\(answer.text)")
        #expect(try await harness.call(.delete, "/api/v1/specs").status == 404)
        #expect(try await harness.call(.get, "/api/v1/nothing", as: nil).status == 401)
    }
}
