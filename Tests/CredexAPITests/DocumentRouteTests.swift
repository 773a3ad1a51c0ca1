import CredexCore
import CredexTesting
import Foundation
import HTTPTypes
import Testing

/// Verifying and mapping uploaded documents and held records, and operators' learner requests.
@Suite struct DocumentRouteTests {
    static func checks(_ answer: APIHarness.Answer) -> [String: String] {
        var outcomes: [String: String] = [:]
        for check in answer.json["checks"] as? [[String: Any]] ?? [] {
            if let id = check["id"] as? String { outcomes[id] = check["outcome"] as? String }
        }
        return outcomes
    }

    @Test("a presented record file verifies; one changed byte fails its signature check, with the reason")
    func verifyRecordFiles() async throws {
        let harness = try await APIHarness.make()
        let stored = try #require(try await harness.store.record(id: harness.ids["spec-maynooth-brewing"]!))
        let good = try await harness.call(.post, "/api/v1/verify", body: stored.record.canonicalBytes)
        #expect(good.status == 200, "\(good.text)")
        #expect(Self.checks(good)["record.signature"] == "pass", "\(good.text)")
        var tampered = stored.record.canonicalBytes
        let at = try #require(String(decoding: tampered, as: UTF8.self).range(of: "Brewing"))
        let offset = String(decoding: tampered, as: UTF8.self).utf8.distance(
            from: String(decoding: tampered, as: UTF8.self).startIndex,
            to: at.lowerBound
        )
        tampered[offset] = UInt8(ascii: "b")
        let bad = try await harness.call(.post, "/api/v1/verify", body: tampered)
        #expect(bad.status == 200)
        #expect(bad.json["outcome"] as? String == "fail", "\(bad.text)")
        let failing = (bad.json["checks"] as? [[String: Any]] ?? []).first { $0["outcome"] as? String == "fail" }
        #expect((failing?["reason"] as? String)?.isEmpty == false, "\(bad.text)")
        #expect(try await harness.call(.post, "/api/v1/verify").status == 400)
        let huge = [UInt8](repeating: 0x20, count: (4 << 20) + 1)
        #expect(try await harness.call(.post, "/api/v1/verify", body: huge).status == 413)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("a record this node issued maps to OB3 signed here, and the signed export verifies as that record")
    func mapAndVerifyAnExport() async throws {
        let harness = try await APIHarness.make()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let mapped = try await harness.call(.get, "/api/v1/records/\(spec)/as/ob3")
        #expect(mapped.status == 200, "\(mapped.text)")
        #expect(mapped.json["signedHere"] as? Bool == true)
        let document = try #require((mapped.json["documents"] as? [String])?.first)
        let verified = try await harness.call(.post, "/api/v1/verify", body: Array(document.utf8))
        #expect(Self.checks(verified)["document.proof"] == "pass", "\(verified.text)")
        let changed = document.replacingOccurrences(of: "Brewing", with: "Brewling")
        let tampered = try await harness.call(.post, "/api/v1/verify", body: Array(changed.utf8))
        #expect(Self.checks(tampered)["document.proof"] == "fail", "\(tampered.text)")
        #expect(try await harness.call(.get, "/api/v1/records/\(spec)/as/elm").status == 200)
        #expect(try await harness.call(.get, "/api/v1/records/\(spec)/as/pdf").status == 400)
        let award = harness.ids["award-a"]!.rawValue
        #expect(try await harness.call(.get, "/api/v1/records/\(award)/as/elm").status == 422)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("an uploaded document is translated with its report; garbage and a missing format are refused")
    func mapDocuments() async throws {
        let harness = try await APIHarness.make()
        let example = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/spec-maynooth-brewing.json")
        let bytes = Array(try Data(contentsOf: example))
        let mapped = try await harness.call(.post, "/api/v1/map?to=ob3", body: bytes)
        #expect(mapped.status == 200, "\(mapped.text)")
        #expect(((mapped.json["reports"] as? [Any]) ?? []).isEmpty == false)
        #expect(try await harness.call(.post, "/api/v1/map?to=ob3", body: Array("not a credential".utf8)).status == 422)
        #expect(try await harness.call(.post, "/api/v1/map", body: bytes).status == 400)
        #expect(try await harness.call(.post, "/api/v1/map?to=pdf", body: bytes).status == 400)
        try await harness.checkAgainstOpenAPI()
    }

    @Test("operators see and export a learner's data, audited; officers may not")
    func learnerRequests() async throws {
        let harness = try await APIHarness.make()
        let award = harness.ids["award-p"]!.rawValue
        let access = try await harness.call(.get, "/api/v1/learners?identifier=Aoife", as: .operator)
        #expect(access.status == 200, "\(access.text)")
        #expect(access.text.contains(award) && access.text.contains("Distinction"))
        let export = try await harness.call(.get, "/api/v1/learners/export?identifier=Aoife", as: .admin)
        #expect(export.status == 200)
        #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
        let records = ((export.json["awards"] as? [[String: Any]])?.first?["records"] as? [Any]) ?? []
        #expect(records.count == 2, "the award and its spec")
        let none = try await harness.call(.get, "/api/v1/learners?identifier=Nobody", as: .operator)
        #expect((none.json["awards"] as? [Any])?.isEmpty == true)
        #expect(try await harness.call(.get, "/api/v1/learners?identifier=Aoife", as: .officer).status == 403)
        #expect(try await harness.call(.get, "/api/v1/learners", as: .operator).status == 400)
        let actions = try await harness.access.audit.entries().compactMap(\.entry).map(\.event.action)
        #expect(actions.contains(.personalRead) && actions.contains(.personalExport))
        #expect(!(try await harness.access.audit.entries()).contains { String(describing: $0).contains("Aoife") })
        try await harness.checkAgainstOpenAPI()
    }
}
