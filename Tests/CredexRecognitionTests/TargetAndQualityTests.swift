import CredexCore
import CredexRecognition
import CredexTrust
import Testing

/// Other national targets, the programme's level, and quality facts labelled by who vouches for them.
@Suite struct TargetAndQualityTests {
    @Test func eqf6IsTwoIrishLevels() throws {
        var spec = try Seed.spec("nzqa-4571-basic-construction")
        spec.levels = [Level(framework: "NZQF", level: "7")]
        let report = try Seed.report(
            of: spec,
            target: RecognitionTarget(framework: "NFQ", name: "NFQ")
        )
        #expect(report.level.target == "NFQ-IE")
        #expect(
            report.level.candidates.map(\.statement) == [
                "at the level of NFQ 7 qualifications", "at the level of NFQ 8 qualifications",
            ]
        )
        #expect(report.level.candidates.allSatisfy { $0.eqf == "6" && $0.confidence == .inferred })
        #expect(report.workload.tituloPropio == nil)
    }

    @Test func aLevelBelowTheProgrammeIsAPossibleDifference() throws {
        let below = try Seed.report("maynooth-brewing", target: RecognitionTarget.spain.programme(at: "4"))
        let difference = try #require(below.possibleDifferences.first { $0.code == .levelBelowProgramme })
        #expect(
            difference.statement
                == "possible difference: the credential's level may be below the programme's, MECES 4 (EQF 8)"
        )
        #expect(difference.evidence == ["at the level of MECES 3 qualifications (EQF 7)"])
        let same = try Seed.report("maynooth-brewing", target: RecognitionTarget.spain.programme(at: "3"))
        #expect(!same.possibleDifferences.contains { $0.code == .levelBelowProgramme })
    }

    @Test func trustListFactsAreAttestedOrMemberDeclared() throws {
        let report = try Seed.report("maynooth-brewing", member: try Seed.member("maynooth"), trustListVersion: 5)
        let quality = report.quality
        #expect(
            Seed.lines(quality.facts) == [
                "qualityAssurance.type: internal [self-declared]",
                "qualityAssurance.description: University quality assured (MicroCreds). [self-declared]",
                "accreditation.credentialTypes: micro-credential [attested]",
                "accreditation.eqfLevels: 6, 7, 8 [attested]",
                "institution.legalName: National University of Ireland, Maynooth [attested]",
                "institution.deqarId: unknown (not in the trust list's entry for the issuer)",
                "institution.qaAgency: QQI [member-declared]",
            ]
        )
        #expect(quality.qaAgency.source?.label == "declared by the member in trust-list version 5, not attested")
        #expect(quality.facts[2].source?.label == "attested by the federation admins in trust-list version 5")
        #expect(quality.deqarId.value == nil && !quality.externallyEvidenced)
        #expect(quality.institutionMatch.first?.contains("the issuer's only institution") == true)
    }

    @Test func attestedAndExternalQualityEvidenceExternalQA() throws {
        var member = try Seed.member("dcu.ie")
        member.institutions[0].deqarId = "DEQARINST0123"
        member.institutions[0].attested += ["deqarId", "qaAgency"]
        var spec = try Seed.spec("maynooth-brewing")
        spec.awardingBodies[0].id = "https://www.dcu.ie"
        spec.credentialType = "badge"
        let report = try Seed.report(
            of: spec,
            member: member,
            trustListVersion: 5,
            externalQuality: [
                ReportFact("qaReport", "QQI institutional review 2019", source: .init(kind: .external, label: "DEQAR"))
            ],
            target: .spain
        )
        #expect(report.quality.deqarId.value == "DEQARINST0123" && report.quality.deqarId.source?.kind == .attested)
        #expect(report.quality.qaAgency.value == "QQI" && report.quality.qaAgency.source?.kind == .attested)
        #expect(report.quality.facts.last?.source == FactSource(kind: .external, label: "external: DEQAR"))
        #expect(report.quality.externallyEvidenced)
        #expect(
            report.quality.institutionMatch == [
                "Dublin City University: matches the awarding body https://www.dcu.ie by SCHAC domain"
            ]
        )
        let codes = report.possibleDifferences.map(\.code)
        #expect(!codes.contains(.noExternalQualityAssurance))
        let outside = try #require(report.possibleDifferences.first { $0.code == .outsideAccreditation })
        #expect(outside.evidence == ["credential type badge is not among micro-credential, course-unit"])
    }

    @Test func aLevelOutsideTheAccreditationAndAFailedImportProofAreFlagged() throws {
        var spec = try Seed.spec("maynooth-brewing")
        spec.levels = [Level(framework: "NFQ-IE", level: "6")]
        spec.provenance = Provenance(format: "ob-3", sha256: String(repeating: "ab", count: 32), proof: .failed)
        let report = try Seed.report(
            of: spec,
            member: try Seed.member("maynooth"),
            trustListVersion: 5,
            target: .spain
        )
        #expect(report.level.candidates.map(\.statement) == ["at the level of MECES 1 qualifications"])
        let outside = try #require(report.possibleDifferences.first { $0.code == .outsideAccreditation })
        #expect(outside.evidence == ["EQF 5 is not among EQF 6, 7, 8"])
        let proof = try #require(report.possibleDifferences.first { $0.code == .importedProofFailed })
        #expect(proof.evidence == ["the spec from ob-3, sha256 \(String(repeating: "ab", count: 32))"])
    }
}
