import CredexCore
import CredexCrypto
import CredexMapping
import CredexTesting
import Foundation
import Testing

@Suite struct ELMODecodeTests {
    @Test("detects ELMO by its root element and namespace")
    func detect() throws {
        #expect(ELMO.detect(try ELMOTest.fixture("example.xml")))
        #expect(ELMO.detect(try ELMOTest.fixture("micro-credential.xml")))
        #expect(!ELMO.detect(Array(#"{"type": "credex.spec/1"}"#.utf8)))
        #expect(!ELMO.detect(Array("<elmo><learner/></elmo>".utf8)))
        #expect(!ELMO.detect(Array("<?xml version=\"1.0\"?><!DOCTYPE elmo><elmo/>".utf8)))
    }

    @Test("decodes the official example: the tree, issuer, learner, credits, levels and results")
    func officialExample() throws {
        let bytes = try ELMOTest.fixture("example.xml")
        let decoded = try ELMO.decode(bytes)
        let titles = decoded.entries.map { $0.spec.title.text() }
        #expect(
            titles == [
                "Master of Science in Biology", "Identifying ectomycorrhizal fungi (University of Copenhagen)",
                "Compiler construction", "Lecture", "Lab classes", "The importance of <br> in HTML",
            ]
        )
        #expect(decoded.entries.map(\.parent) == [nil, 0, nil, 2, 2, nil])

        let master = decoded.entries[0]
        #expect(master.spec.title.values == ["no": "Master i biologi", "en": "Master of Science in Biology"])
        #expect(master.spec.credentialType == "Degree Programme")
        #expect(master.spec.workload.credits == [Credit(system: "ECTS", value: try DecimalString(validating: "120"))])
        #expect(master.spec.identifiers?.last == Identifier(scheme: "ISCED-F", value: "0511"))
        #expect(master.spec.identifiers?.first == Identifier(scheme: "local", value: "MNM2-BIO"))
        #expect(master.spec.url == "http://www.uio.no/studier/program/biologi-master/")
        #expect(master.spec.provenance?.format == "elmo")
        #expect(master.spec.provenance?.sha256 == SHA256.hex(bytes))
        #expect(master.spec.provenance?.proof == Provenance.ProofStatus.none)
        let body = try #require(master.spec.awardingBodies.first)
        #expect(body.id == "http://www.uw.edu.pl" && body.country.rawValue == "PL")
        #expect(body.name.values == ["pl": "Uniwersytet Warszawski", "en": "University of Warsaw"])
        #expect(body.identifiers?.map(\.scheme) == ["pic", "erasmus", "schac"])

        let award = try #require(master.award)
        #expect(award.issuedOn.rawValue == "2015-10-31")
        #expect(award.learner.names == LearnerDetails.Names(given: "Wojciech Łukasz", family: "Rygielski"))
        #expect(award.learner.birthDate?.rawValue == "1983-04-12")
        #expect(award.learner.identifiers?.map(\.value) == ["83041200000", "ABC000000"])
        #expect(award.learner.activityStart?.rawValue == "2009-01-15")
        #expect(award.learner.activityEnd?.rawValue == "2009-06-15")

        let compilers = decoded.entries[2].spec
        #expect(compilers.levels == [Level(framework: "EQF", level: "5"), Level(framework: "NQF", level: "5")])
        #expect(compilers.languages == ["pl"])
        #expect(compilers.description?.values["en"]?.hasPrefix("This can contain a multiline description.\n\n") == true)
        #expect(compilers.gradingScheme?.values["en"]?.hasPrefix("A number of the scale from 0.0") == true)
        #expect(decoded.entries[2].award?.learner.grade == "45.1")
        #expect(decoded.entries[3].spec.workload.credits == nil && decoded.entries[3].spec.workload.note != nil)
        #expect(decoded.entries[5].spec.title.values == ["und": "The importance of <br> in HTML"])
        #expect(decoded.entries[5].award?.learner.grade == "C")
        #expect(decoded.entries[5].spec.gradingScheme?.values["en"] == "American grading scale")
        for entry in decoded.entries { try entry.spec.validate() }

        let lost = Set(decoded.report.entries.filter { $0.outcome == .lost }.map(\.field))
        for field in [
            "elmo/attachment", "elmo/groups", "elmo/Signature", "report/attachment", "learner/citizenship",
            "learningOpportunitySpecification/descriptionHtml", "learningOpportunitySpecification/subjectArea",
            "learningOpportunityInstance/academicTerm", "learningOpportunityInstance/diplomaSupplement",
            "credit/level", "level/description", "workload.hours",
        ] {
            #expect(lost.contains(field), "\(field) is not reported lost")
        }
        #expect(decoded.report.format == "elmo")
        #expect(decoded.report.entries.contains { $0.field == "provenance.proof" && $0.outcome == .unknown })
    }

    @Test("keeps the learner out of every spec")
    func learnerOnlyInPersonalFacts() throws {
        let decoded = try ELMO.decode(try ELMOTest.fixture("example.xml"))
        for entry in decoded.entries {
            let json = String(decoding: try JSONValueEncoder().canonicalBytes(entry.spec), as: UTF8.self)
            for personal in ["Rygielski", "Wojciech", "1983-04-12", "83041200000", "45.1"] {
                #expect(!json.contains(personal), "a spec carries learner data")
            }
        }
    }

    @Test("decodes a written fixture: token names, decimal credits, EQF level, a failed part")
    func writtenFixture() throws {
        let decoded = try ELMO.decode(try ELMOTest.fixture("micro-credential.xml"))
        #expect(decoded.entries.count == 2)
        let module = decoded.entries[0]
        #expect(module.spec.workload.credits == [Credit(system: "ECTS", value: try DecimalString(validating: "7.5"))])
        #expect(module.spec.levels == [Level(framework: "EQF", level: "6")])
        #expect(module.spec.description?.values == ["en": "Fermentation, malting and quality control.\nTwo lines."])
        #expect(module.spec.gradingScheme?.values == ["en": "Percentage, 40 to pass"])
        #expect(module.spec.awardingBodies[0].name.values["ga"] == "Ollscoil Mhá Nuad")
        let award = try #require(module.award)
        #expect(award.learner.names == LearnerDetails.Names(given: "Aoife Máire", family: "Ní Bhriain"))
        #expect(award.learner.grade == "72")
        #expect(award.issuedOn.rawValue == "2026-06-30")
        #expect(award.credits == module.spec.workload.credits)
        #expect(decoded.entries[1].parent == 0)
        #expect(decoded.entries[1].award == nil)
        #expect(decoded.report.entries.contains { $0.field == "award" && $0.outcome == .lost })
    }

    @Test("reports the Annex I elements ELMO has no place for, filled in as not stated, as unknown")
    func unstatedElementsAreReported() throws {
        let decoded = try ELMO.decode(try ELMOTest.fixture("micro-credential.xml"))
        let module = decoded.entries[0].spec
        #expect(module.learningOutcomes.map(\.text.values) == [["en": "Learning outcomes not stated in the source."]])
        #expect(module.assessment.type == "not-stated")
        #expect(module.participation.mode == .notStated)
        #expect(module.qualityAssurance.type == "none-stated")
        for field in ["learningOutcomes", "assessment", "participation", "qualityAssurance"] {
            let entries = decoded.report.entries.filter { $0.field == field }
            #expect(entries.map(\.outcome) == [.unknown], "\(field)")
        }
    }

    @Test(
        "the fixture copies are the shared reference files, and its example decodes",
        .enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository")
    )
    func sharedReference() throws {
        let reference = try #require(Fixtures.sharedReference)
        for (copy, original) in [
            ("example.xml", "elmo/example.xml"), ("schema.xsd", "elmo/schema.xsd"),
            ("references/xmldsig-core-schema.xsd", "elmo/references/xmldsig-core-schema.xsd"),
            ("references/EUROPASS_ISOCountries_V1.1.xsd", "elmo/references/EUROPASS_ISOCountries_V1.1.xsd"),
            ("references/ewp-specs-types-address/schema.xsd", "elmo/references/ewp-specs-types-address/schema.xsd"),
            ("references/ewp-specs-architecture/common-types.xsd", "ewp/architecture/common-types.xsd"),
        ] {
            let shared = try Data(contentsOf: reference.appendingPathComponent(original))
            #expect(try Fixtures.data("elmo/" + copy) == shared, "\(copy) differs from \(original)")
        }
        let bytes = Array(try Data(contentsOf: reference.appendingPathComponent("elmo/example.xml")))
        #expect(try ELMO.decode(bytes).entries.count == 6)
    }
}
