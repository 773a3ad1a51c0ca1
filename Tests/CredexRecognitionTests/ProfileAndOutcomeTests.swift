import CredexCore
import CredexJSON
import CredexRecognition
import Foundation
import Testing

/// Profile facts as the canonical spec holds them, and learning outcomes in their languages with ESCO links.
@Suite struct ProfileAndOutcomeTests {
    @Test func outcomesKeepTheOriginalLanguageEnglishAndESCOLinks() throws {
        var spec = try Seed.spec("maynooth-brewing")
        let outcomes = #"""
            [{"text": {"es": "Controlar la calidad del mosto", "en": "Control the quality of wort"},
              "framework": "ESCO", "uri": "http://data.europa.eu/esco/skill/0b5e6f8a-1c2d-4e3f-9a0b-1c2d3e4f5a6b"},
             {"text": {"ga": "Cáilíocht a mheas"}}]
            """#
        spec.learningOutcomes = try JSONValueDecoder().decode(
            [LearningOutcome].self,
            from: try StrictJSON.parse(Data(outcomes.utf8), mode: .record)
        )
        let report = try Seed.report(
            of: spec,
            target: .spain
        )
        let found = report.learningOutcomes.outcomes
        #expect(found.count == 2 && report.learningOutcomes.unknown == nil)
        #expect(found[0].text.values["es"] == "Controlar la calidad del mosto")
        #expect(found[0].english == "Control the quality of wort" && found[0].esco)
        #expect(found[1].english == nil && !found[1].esco && found[1].text.values["ga"] != nil)
        #expect(report.annexI.elements.first { $0.field == "learningOutcomes" }?.present == true)
    }

    @Test func theImportersNotStatedLineIsNoOutcome() throws {
        let report = try Seed.report("maynooth-brewing")
        #expect(report.learningOutcomes.outcomes.isEmpty)
        #expect(report.learningOutcomes.unknown == "the source states no learning outcomes")
    }

    @Test func profileFactsAndWhatTheModelDoesNotHold() throws {
        let report = try Seed.report("google-it-support")
        #expect(
            Seed.lines(report.profile.facts) == [
                "credentialType: professional-certificate [self-declared]",
                "fieldOfStudy: unknown (the canonical spec has no field of study)",
                "formalOrNonFormal: unknown (the canonical spec does not record it)",
                "awardingBody: Google (US) [self-declared]",
                "participation.mode: online [self-declared]",
                "participation.pace: self-paced [self-declared]",
                "participation.description: On Coursera. [self-declared]",
                "assessment.type: not-stated [self-declared]",
                "prerequisites: No degree or experience required. [self-declared]",
                "stackability: Build toward a degree: a credit recommendation exists. [self-declared]",
            ]
        )
        let nonFormal = try #require(report.possibleDifferences.first { $0.code == .possiblyNonFormal })
        #expect(nonFormal.evidence == ["credential type: professional-certificate", "quality assurance: none-stated"])
    }
}
