import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// CTDL credentials in and out of the canonical model (no official CTDL schema exists here: the
/// Credential Engine examples are the reference).
@Suite struct CTDLTests {
    static func example(_ name: String) throws -> JSONValue {
        let root = try #require(Fixtures.sharedReference)
        return try StrictJSON.parse(
            try Data(contentsOf: root.appendingPathComponent("ctdl/examples/\(name)")),
            mode: .document
        )
    }

    static func spec(_ example: String) throws -> CredentialSpec {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/\(example)")
        let spec = try JSONValueDecoder().decode(
            CredentialSpec.self,
            from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record)
        )
        try spec.validate()
        return spec
    }

    static func entries(_ report: MappingReport, _ field: String) -> [MappingReport.Entry] {
        report.entries.filter { $0.field == field }
    }

    @Test(
        "the Credential Engine examples decode, saying what CTDL does not state",
        .enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository"),
        arguments: [
            "Credential-1-BachelorDegree.json", "Credential-1-graph.json", "lifeCycleExample-Certificate.json",
            "handbook-credentialLevel-Certificate.json",
        ]
    )
    func referenceExampleDecodes(name: String) throws {
        let document = try Self.example(name)
        #expect(CTDL.detect(document))
        let decoded = try CTDL.decode(document)
        #expect(!decoded.spec.title.values.isEmpty)
        #expect(decoded.report.entries.contains { $0.field == "learningOutcomes" && $0.outcome == .unknown })
        #expect(decoded.report.entries.contains { $0.field == "assessment" && $0.outcome == .unknown })
    }

    @Test(.enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository"))
    func theBachelorDegreeKeepsItsFacts() throws {
        let decoded = try CTDL.decode(try Self.example("Credential-1-BachelorDegree.json"))
        #expect(decoded.spec.title.values == ["en-US": "Bachelor of Science in Cybersecurity"])
        #expect(decoded.spec.credentialType == "degree")
        #expect(decoded.spec.awardingBodies.count == 1)
        #expect(decoded.spec.awardingBodies[0].country.rawValue == "ZZ")
        #expect(decoded.spec.qualityAssurance.type == "external")
        #expect(decoded.spec.identifiers?.first?.value == "ce-edc318c1-aa67-47e2-9638-a8529e6612d4")
        let levels = Self.entries(decoded.report, "levels")
        #expect(levels.contains { $0.outcome == .lost && $0.detail.contains("audLevel:BachelorsDegreeLevel") })
    }

    @Test func maynoothRoundTripsWithItsLossesReported() throws {
        let spec = try Self.spec("spec-maynooth-brewing.json")
        let (document, encodeReport) = try CTDL.encode(spec, id: "https://example.org/specs/brewing")
        #expect(Self.entries(encodeReport, "levels").contains { $0.detail.contains("NFQ-IE 9") })
        #expect(Self.entries(encodeReport, "learningOutcomes").first?.outcome == .lost)
        let decoded = try CTDL.decode(document)
        #expect(decoded.spec.title == spec.title)
        #expect(decoded.spec.credentialType == "micro-credential")
        #expect(decoded.spec.awardingBodies == spec.awardingBodies)
        #expect(decoded.spec.workload.credits == spec.workload.credits)
        #expect(decoded.spec.workload.duration == "P12W")
        #expect(decoded.spec.participation.mode == .blended)
        #expect(decoded.spec.levels == nil)
    }

    @Test func aCreditWithoutAUnitStaysUnitLessAndIsFlagged() throws {
        let document: JSONValue = [
            "@context": "https://credreg.net/ctdl/schema/context/json", "@type": "ceterms:Certificate",
            "ceterms:name": ["en": "NPTEL course"],
            "ceterms:creditValue": [["@type": "schema:QuantitativeValue", "schema:value": 3]],
        ]
        let decoded = try CTDL.decode(document)
        #expect(decoded.spec.workload.credits?.first?.system == "unit-less")
        #expect(decoded.spec.workload.credits?.first?.value.rawValue == "3")
        #expect(Self.entries(decoded.report, "workload.credits").first?.outcome == .unknown)
    }

    @Test func unstatedQualityAssuranceIsNoneStatedAsInTheOtherDecoders() throws {
        let document: JSONValue = [
            "@context": "https://credreg.net/ctdl/schema/context/json", "@type": "ceterms:Certificate",
            "ceterms:name": ["en": "Food safety"],
        ]
        let decoded = try CTDL.decode(document)
        #expect(decoded.spec.qualityAssurance.type == "none-stated")
        #expect(Self.entries(decoded.report, "qualityAssurance").map(\.outcome) == [.unknown])
    }

    @Test func aDocumentWithoutACredentialIsRefused() throws {
        let organisation: JSONValue = ["@type": "ceterms:CredentialOrganization", "ceterms:name": ["en": "X"]]
        let error = #expect(throws: CredexError.self) { try CTDL.decode(organisation) }
        #expect(error?.reason.contains("no CTDL credential") == true)
        let noName: JSONValue = ["@type": "ceterms:Badge"]
        #expect(throws: CredexError.self) { try CTDL.decode(noName) }
        #expect(!CTDL.detect(["type": "AchievementCredential"]))
    }
}
