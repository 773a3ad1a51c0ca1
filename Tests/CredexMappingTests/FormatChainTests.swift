import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// One credential through three formats, ELMO -> ELM -> OB 3.0, by `CredentialFormat`: what
/// survives each hop, and the report entries for what each hop loses, estimates or does not know.
@Suite struct FormatChainTests {
    static let now = Date(timeIntervalSince1970: 1_782_864_000)  // 2026-07-01T00:00:00Z

    /// The (field, outcome) pairs of the reports of `format`.
    static func entries(_ reports: [MappingReport], _ format: String) -> Set<String> {
        Set(reports.filter { $0.format == format }.flatMap(\.entries).map { "\($0.field) \($0.outcome.rawValue)" })
    }

    /// What every hop keeps: title, awarding body and country, EQF level, ECTS credits, outcomes.
    static func expectTheCore(_ spec: CredentialSpec, _ hop: String) throws {
        #expect(spec.title.values == ["en": "Brewing Science"], "\(hop)")
        let body = try #require(spec.awardingBodies.first, "\(hop)")
        #expect(body.id == "https://www.maynoothuniversity.ie", "\(hop)")
        #expect(body.name.values["en"] == "Maynooth University", "\(hop)")
        #expect(body.country.rawValue == "IE", "\(hop)")
        #expect(spec.levels == [Level(framework: "EQF", level: "6")], "\(hop)")
        #expect(
            spec.workload.credits == [Credit(system: "ECTS", value: try DecimalString(validating: "7.5"))],
            "\(hop)"
        )
        // ELMO has no learning outcomes: the decoder's "not stated" text travels as the one outcome.
        #expect(spec.learningOutcomes.map(\.text.values) == [["en": "Learning outcomes not stated in the source."]])
        #expect(spec.description?.values == ["en": "Fermentation, malting and quality control.\nTwo lines."])
        #expect(spec.credentialType == "Module", "\(hop)")
        #expect(spec.url == "https://www.maynoothuniversity.ie/brewing", "\(hop)")
        #expect(spec.identifiers?.contains(Identifier(scheme: "local", value: "MC-BREW-01")) == true, "\(hop)")
    }

    @Test func elmoThroughELMToOpenBadges() throws {
        let elmo = try CredentialFormat.decode(Array(try Fixtures.data("elmo/micro-credential.xml")), as: .elmo)
        let source = try #require(elmo.specs.first)
        try Self.expectTheCore(source, "ELMO")
        #expect(source.gradingScheme?.values == ["en": "Percentage, 40 to pass"])
        #expect(source.qualityAssurance.type == "none-stated")
        let fromELMO = Self.entries(elmo.reports, "elmo")
        #expect(fromELMO.isSuperset(of: ["identifiers converted", "award lost"]))
        #expect(elmo.reports.flatMap(\.entries).contains { $0.detail.contains("iscedCode") })

        // ELM carries the whole spec; what the converted profile requires and a spec lacks is reported.
        let elm = try CredentialFormat.encode([source], to: .elm, now: Self.now)
        #expect(
            Self.entries(elm.reports, "elm") == [
                "credentialType converted", "awardingBodies.identifiers unknown", "qualityAssurance lost",
                "proof lost", "learner lost", "dateOfIssue estimated", "display estimated",
                "assessment.description unknown",
            ]
        )
        let throughELM = try CredentialFormat.decode(elm.bytes, as: .elm)
        let second = try #require(throughELM.specs.first)
        try Self.expectTheCore(second, "ELM")
        var before = source
        before.provenance = nil
        #expect(second == before)
        #expect(
            Self.entries(throughELM.reports, "elm") == [
                "awardingBodies lost", "assessment unknown", "participation unknown", "qualityAssurance unknown",
                "dateOfIssue lost", "learner lost", "credential lost",
            ]
        )
        #expect(
            throughELM.reports.flatMap(\.entries).contains {
                $0.field == "credential" && $0.detail == "not carried: credentialProfiles, displayParameter, evidence"
            }
        )

        // OB 3.0 has no place for the assessment, participation, quality assurance or grading scheme.
        let ob3 = try CredentialFormat.encode([second], to: .ob3, now: Self.now)
        #expect(
            Self.entries(ob3.reports, "ob3").isSuperset(of: [
                "assessment lost", "participation lost", "qualityAssurance lost", "gradingScheme lost",
            ])
        )
        let throughOB3 = try CredentialFormat.decode(ob3.bytes, as: .ob3)
        let third = try #require(throughOB3.specs.first)
        try Self.expectTheCore(third, "OB3")
        #expect(third.gradingScheme == nil)
        #expect(
            Self.entries(throughOB3.reports, "ob3").isSuperset(of: [
                "workload.hours unknown", "assessment unknown", "participation unknown", "qualityAssurance unknown",
            ])
        )
        // An OB 3.0 profile name has one language: the identifiers travel, the Irish name is reported lost.
        #expect(second.awardingBodies[0].name.values["ga"] == "Ollscoil Mhá Nuad")
        #expect(Self.entries(ob3.reports, "ob3").contains("awardingBodies.name lost"))
        var body = second.awardingBodies[0]
        body.name = try LanguageMap(["en": "Maynooth University"])
        #expect(third.awardingBodies == [body])
        #expect(third.awardingBodies[0].identifiers?.map(\.scheme) == ["schac", "erasmus"])
    }
}
