import CredexAccess
import CredexCore
import Foundation
import HTTPTypes
import Testing

/// Recognition reports through the API: built, saved without personal data, reproduced, decided.
@Suite struct RecognitionRouteTests {
    @Test("the Maynooth spec for a Spanish officer: EQF 7, at the level of MECES 3 qualifications")
    func specReport() async throws {
        let harness = try await APIHarness.make()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let answer = try await harness.call(.get, "/api/v1/records/\(spec)/recognition?framework=MECES")
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.text.contains("at the level of MECES 3 qualifications"), "\(answer.text)")
        let level = answer.json["level"] as? [String: Any]
        #expect(level?["target"] as? String == "MECES-ES")
        #expect(answer.json["grade"] == nil)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("an award's report shows the grade only where the part is held, and the reading is audited")
    func awardReportWithGrade() async throws {
        let harness = try await APIHarness.make()
        let withPart = harness.ids["award-p"]!
        let answer = try await harness.call(.get, "/api/v1/records/\(withPart.rawValue)/recognition?framework=EQF")
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.text.contains("Distinction"))
        #expect(!answer.text.contains("Bhriain"), "names never enter a report")
        let entries = try await harness.access.audit.entries()
        let reads = entries.compactMap(\.entry).filter { $0.event.action == .personalRead }
        #expect(reads.count == 1 && reads.first?.event.targets.contains { $0.id == withPart.rawValue } == true)
        let without = try await harness.call(.get, "/api/v1/records/\(harness.ids["award-a"]!.rawValue)/recognition")
        #expect(without.status == 200 && without.json["grade"] == nil)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("a saved report holds no grade, reproduces byte for byte, and takes the officer's decision")
    func savedReports() async throws {
        let harness = try await APIHarness.make()
        let award = harness.ids["award-p"]!.rawValue
        let body = Array(#"{"record":"\#(award)","framework":"MECES-ES","programmeLevel":"3"}"#.utf8)
        let saved = try await harness.call(
            .post,
            "/api/v1/reports",
            headers: [.contentType: "application/json"],
            body: body
        )
        #expect(saved.status == 201, "\(saved.text)")
        #expect(!saved.text.contains("Distinction"), "a saved report holds no personal data")
        let id = try #require(saved.json["id"] as? String)
        let shown = try await harness.call(.get, "/api/v1/reports/\(id)")
        #expect(shown.json["reproduces"] as? Bool == true, "\(shown.text)")
        let listed = try await harness.call(.get, "/api/v1/reports")
        #expect(listed.text.contains(id))
        let decision = Array(#"{"result":"partially-positive","comment":"Recognised as 5 ECTS of electives."}"#.utf8)
        let decided = try await harness.call(
            .put,
            "/api/v1/reports/\(id)/decision",
            headers: [.contentType: "application/json"],
            body: decision
        )
        #expect(decided.status == 200, "\(decided.text)")
        #expect((decided.json["report"] as? [String: Any])?["decision"] != nil, "\(decided.text)")
        let audit = try await harness.access.audit.entries().compactMap(\.entry).map(\.event.action)
        #expect(audit.contains(.reportSave))
        try await harness.checkAgainstOpenAPI()
    }

    @Test("bad requests: an unknown framework, a record that is no spec or award, unknown reports")
    func badRequests() async throws {
        let harness = try await APIHarness.make()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        #expect(try await harness.call(.get, "/api/v1/records/\(spec)/recognition?framework=XYZ").status == 400)
        let missing = String(repeating: "1", count: 64)
        #expect(try await harness.call(.get, "/api/v1/records/\(missing)/recognition").status == 404)
        #expect(try await harness.call(.get, "/api/v1/reports/\(missing)").status == 404)
        let json: HTTPFields = [.contentType: "application/json"]
        let bad = try await harness.call(.post, "/api/v1/reports", headers: json, body: Array("{}".utf8))
        #expect(bad.status == 400, "\(bad.text)")
        let decision = Array(#"{"result":"maybe"}"#.utf8)
        #expect(
            try await harness.call(.put, "/api/v1/reports/\(missing)/decision", headers: json, body: decision).status
                == 404
        )
        try await harness.checkAgainstOpenAPI()
    }
}
