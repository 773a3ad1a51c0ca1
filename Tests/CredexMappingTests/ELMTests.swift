import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// European Digital Credentials (ELM 3 JSON-LD) in and out of the canonical model, checked
/// against the EC's Annex I micro-credential sample.
@Suite struct ELMTests {
    static let annex1 = "Sample-MC-Annex1-unsigned.jsonld"

    static func example(_ name: String) throws -> JSONValue {
        let root = try #require(Fixtures.sharedReference)
        let data = try Data(contentsOf: root.appendingPathComponent("elm/examples/\(name)"))
        return try StrictJSON.parse(data, mode: .document)
    }

    static func has(_ report: MappingReport, _ field: String, _ outcome: MappingReport.Outcome) -> Bool {
        report.entries.contains { $0.field == field && $0.outcome == outcome }
    }

    @Test(.enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository"))
    func theAnnexISampleMapsEveryElement() throws {
        let document = try Self.example(Self.annex1)
        #expect(ELM.detect(document))
        let decoded = try ELM.decode(document)
        let spec = decoded.spec
        #expect(spec.title.values == ["en": "Digital micro-credential creation"])
        let body = try #require(spec.awardingBodies.first)
        #expect(body.id == "urn:epass:org:1")
        #expect(body.name.values == ["en": "University of Zed"])
        #expect(body.country.rawValue == "IE")
        #expect(body.identifiers?.contains(Identifier(scheme: "vat", value: "654321")) == true)
        #expect(body.identifiers?.contains(Identifier(scheme: "Research Alliance", value: "Res1818")) == true)
        #expect(spec.levels == [Level(framework: "EQF", level: "6"), Level(framework: "RQF-UK", level: "6")])
        #expect(spec.workload.credits == [Credit(system: "ECTS", value: try DecimalString(validating: "2"))])
        #expect(spec.workload.hours?.rawValue == "60")
        #expect(spec.workload.duration == "PT60H")
        #expect(spec.learningOutcomes.count == 2)
        #expect(spec.learningOutcomes[1].text.values == ["en": "Developing digital content", "es": "Contento digital"])
        #expect(spec.learningOutcomes[0].framework == "ESCO")
        #expect(spec.assessment.type == "artefact-assessment")
        #expect(spec.assessment.description?.values == ["en": "Digital artefact assessment"])
        #expect(spec.participation.mode == .blended)
        #expect(spec.participation.duration == "P1M")
        #expect(spec.qualityAssurance.type == "none-stated")
        #expect(spec.identityVerification?.supervision == .unsupervised)
        #expect(spec.identityVerification?.identityCheck == IdentityVerification.IdentityCheck.none)
        #expect(spec.prerequisites?.text().hasPrefix("The learner needs") == true)
        #expect(spec.gradingScheme != nil)
        #expect(spec.stackability?.values == ["en": "Not a partial qualification."])
        #expect(spec.languages == ["en"])
        let report = decoded.report
        #expect(report.entries.contains { $0.field == "dateOfIssue" && $0.detail.hasPrefix("2022-12-31T23:00:00Z") })
        #expect(Self.has(report, "qualityAssurance", .unknown))
        #expect(Self.has(report, "learner", .lost))
        #expect(Self.has(report, "learningOutcomes.uri", .lost))
        #expect(report.entries.contains { $0.field == "spec" && $0.detail.contains("thematicArea") })
        #expect(report.entries.contains { $0.detail.contains("grade") })
        #expect(report.entries.contains { $0.detail == "assessment mode Online" })
        #expect(report.entries.contains { $0.field == "credential" && $0.detail.contains("displayParameter") })
    }

    @Test(.enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository"))
    func theAnnexISampleRoundTrips() throws {
        let first = try ELM.decode(try Self.example(Self.annex1))
        let encoded = try ELM.encode(first.spec, validFrom: "2026-01-01T00:00:00Z")
        #expect(ELM.detect(encoded.document))
        #expect(encoded.report.entries.contains { $0.field == "proof" && $0.detail.contains("unsealed") })
        let claim = try #require(encoded.document["credentialSubject"]?["hasClaim"]?[0])
        #expect(claim["specifiedBy"]?["type"]?.stringValue == "Qualification")
        #expect(claim["specifiedBy"]?["eqfLevel"]?["id"]?.stringValue == "http://data.europa.eu/snb/eqf/6")
        #expect(
            claim["specifiedBy"]?["nqfLevel"]?[0]?["id"]?.stringValue == "http://data.europa.eu/snb/qdr/c_c392e7a2"
        )
        let second = try ELM.decode(encoded.document)
        #expect(second.spec == first.spec)
    }

    @Test(.enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository"))
    func otherSamplesDecode() throws {
        for name in ["Sample-CertOfPart-unsigned.jsonld", "Sample-MastersDegree-unsigned.json"] {
            let decoded = try ELM.decode(try Self.example(name))
            #expect(!decoded.spec.title.values.isEmpty, "\(name)")
        }
    }

    /// ELM's "AQF" levels are Albania's: a label is never resolved through the crosswalks' aliases,
    /// where "AQF" names Australia's framework.
    @Test func anAlbanianLevelIsNotReadAsAustralian() throws {
        let value = try StrictJSON.parse(
            #"""
            {"credentialSubject": {"hasClaim": {"awardedBy": {"awardingBody": {"id": "urn:o", "legalName": {"en": "O"}}},
              "specifiedBy": {"title": {"en": "T"}, "volumeOfLearning": "PT40H",
                "learningOutcome": {"title": {"en": ["Can weld"]}},
                "nqfLevel": {"id": "urn:x:al-level", "prefLabel": {"en": "AQF Level 3"}}}}}}
            """#,
            mode: .document
        )
        let decoded = try ELM.decode(value)
        #expect(decoded.spec.levels == [Level(framework: "AQF (ELM label)", level: "3")])
        let conversions = try Crosswalks.load().conversions(of: decoded.spec).entries
        #expect(conversions.allSatisfy { $0.outcome == .unknown && !$0.detail.contains("EQF 4") }, "\(conversions)")
    }

    @Test func anUnknownNationalLevelIsReadFromItsLabel() throws {
        let value = try StrictJSON.parse(
            #"""
            {"credentialSubject": {"hasClaim": {"awardedBy": {"awardingBody": {"id": "urn:o", "legalName": {"en": "O"}}},
              "specifiedBy": {"title": [{"@language": "fr", "@value": "Titre"}], "volumeOfLearning": "PT40H",
                "learningOutcome": {"title": {"en": ["Can weld"]}},
                "nqfLevel": {"id": "urn:x:level", "prefLabel": {"en": "SCQF Level 7"}}}}}}
            """#,
            mode: .document
        )
        let decoded = try ELM.decode(value)
        #expect(decoded.spec.title.values == ["fr": "Titre"])
        #expect(decoded.spec.levels == [Level(framework: "SCQF", level: "7")])
        #expect(decoded.spec.workload.hours?.rawValue == "40")
        #expect(decoded.spec.awardingBodies[0].country.rawValue == "ZZ")
        #expect(Self.has(decoded.report, "levels", .converted))
        #expect(Self.has(decoded.report, "awardingBodies.country", .unknown))
    }

    @Test func aSpecEncodesAndDecodesBack() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/spec-maynooth-brewing.json")
        let spec = try JSONValueDecoder().decode(
            CredentialSpec.self,
            from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record)
        )
        let encoded = try ELM.encode(spec, validFrom: "2026-01-01T00:00:00Z")
        let back = try ELM.decode(encoded.document)
        #expect(back.spec.title == spec.title)
        #expect(back.spec.levels == spec.levels)
        #expect(back.spec.workload.credits == spec.workload.credits)
        #expect(back.spec.participation.mode == spec.participation.mode)
        #expect(back.spec.furtherInformation == spec.furtherInformation)
        #expect(Self.has(encoded.report, "qualityAssurance", .lost))
        #expect(Self.has(encoded.report, "workload.note", .lost))
    }

    /// What the converted profile requires and a spec lacks is written and reported, never silent.
    @Test func whatTheProfileRequiresIsReported() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent(
            "Schemas/examples/spec-nzqa-4571-basic-construction.json"
        )
        var spec = try JSONValueDecoder().decode(
            CredentialSpec.self,
            from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record)
        )
        spec.assessment.type = "exam"
        spec.identityVerification = try JSONValueDecoder().decode(
            IdentityVerification.self,
            from: ["supervision": "supervised"]
        )
        let encoded = try ELM.encode(spec, id: "urn:x", validFrom: "2026-01-01T00:00:00Z")
        let document = encoded.document
        let issuer = try #require(document["issuer"])
        #expect(issuer["eIDASIdentifier"]?["notation"] == document["issuer"]?["id"])
        #expect(
            issuer["eIDASIdentifier"]?["spatial"]?["id"]
                == "http://publications.europa.eu/resource/authority/country/NZL"
        )
        #expect(document["issued"] == "2026-01-01T00:00:00Z")
        #expect(document["credentialProfiles"]?[0]?["id"] == "http://data.europa.eu/snb/credential/c_7e400154")
        #expect(document["evidence"]?["dcType"]?["id"] == "http://data.europa.eu/snb/evidence-type/c_c4f849d7")
        let display = try #require(document["displayParameter"])
        #expect(display["primaryLanguage"]?["id"] == "http://publications.europa.eu/resource/authority/language/ENG")
        let image = try #require(
            display["individualDisplay"]?[0]?["displayDetail"]?[0]?["image"]?["content"]?.stringValue
        )
        let svg = String(decoding: try #require(Data(base64Encoded: image)), as: UTF8.self)
        #expect(svg.contains(spec.title.text()))
        #expect(Self.has(encoded.report, "display", .estimated))
        #expect(Self.has(encoded.report, "dateOfIssue", .estimated))
        #expect(Self.has(encoded.report, "awardingBodies.identifiers", .unknown))
        #expect(Self.has(encoded.report, "assessment.description", .unknown))
        let assessment = try #require(document["credentialSubject"]?["hasClaim"]?[0]?["specifiedBy"]?["provenBy"])
        #expect(assessment["title"] == ["en": "exam"])
        #expect(
            assessment["additionalNote"]?[0]?["subject"]?["id"]
                == "http://data.europa.eu/snb/supervision-verification/70be69aaf9"
        )
        let back = try ELM.decode(document)
        #expect(back.spec.awardingBodies == spec.awardingBodies)
        #expect(back.spec.assessment == spec.assessment)
        #expect(back.spec.identityVerification == spec.identityVerification)

        // A body's own eIDAS identifier is the legal identifier, and nothing is reported missing.
        spec.awardingBodies[0].identifiers = [Identifier(scheme: "eidas", value: "NZ-9429041234567")]
        let withEIDAS = try ELM.encode(spec, id: "urn:x", validFrom: "2026-01-01T00:00:00Z")
        #expect(withEIDAS.document["issuer"]?["eIDASIdentifier"]?["notation"] == "NZ-9429041234567")
        #expect(!Self.has(withEIDAS.report, "awardingBodies.identifiers", .unknown))
        #expect(try ELM.decode(withEIDAS.document).spec.awardingBodies == spec.awardingBodies)
    }

    @Test(
        "hostile input fails with a clear CredexError",
        arguments: [
            (#"{"type": ["VerifiableCredential", "EuropeanDigitalCredential"]}"#, "credentialSubject"),
            (#"{"credentialSubject": {"hasClaim": "x"}}"#, "claim"),
            (#"{"credentialSubject": "urn:x"}"#, "claim"),
            (#"{"credentialSubject": {"hasClaim": {"title": 7}}}"#, "title"),
            (#"["not", "an", "object"]"#, "object"),
        ]
    )
    func hostileInputFails(json: String, mention: String) throws {
        let value = try StrictJSON.parse(Array(json.utf8), mode: .document)
        let error = try #require(throws: CredexError.self) { try ELM.decode(value) }
        #expect(error.reason.contains(mention))
    }
}
