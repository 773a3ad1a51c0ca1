import CredexCore
import CredexMapping
import CredexRecognition
import Testing

/// The seed cases of `Schemas/examples` as recognition reports for a Spanish university: levels through the EQF
/// to MECES, workloads in ECTS with their RD 822/2021 class, and the possible differences each shows.
@Suite struct SeedCaseReportTests {
    func codes(_ report: RecognitionReport) -> [String] { report.possibleDifferences.map(\.code.rawValue) }

    @Test func maynoothIsAtTheLevelOfMECES3AndAMicrocredencial() throws {
        let report = try Seed.report("maynooth-brewing")
        let stated = try #require(report.level.stated.first)
        #expect(stated.framework == "NFQ-IE" && stated.level == "9")
        #expect(stated.eqf.map(\.eqf) == ["7"] && stated.eqf.first?.confidence == .referenced)
        #expect(report.level.candidates.map(\.statement) == ["at the level of MECES 3 qualifications"])
        let candidate = try #require(report.level.candidates.first)
        #expect(candidate.framework == "MECES-ES" && candidate.eqf == "7" && candidate.confidence == .referenced)
        #expect(candidate.sources.map(\.kind) == [.external, .external])
        #expect(candidate.sources[1].label.contains("Real Decreto 22/2015"))
        #expect(report.workload.ects.value == "5" && !report.workload.ects.estimated)
        #expect(report.workload.hours.value == "125" && report.workload.hours.estimated)
        #expect(report.workload.hours.source?.label.contains("MicroCreds (Irish Universities Association)") == true)
        #expect(report.workload.tituloPropio?.classes == ["microcredencial"])
        #expect(report.workload.tituloPropio?.source?.label.contains("Real Decreto 822/2021") == true)
        #expect(codes(report) == ["no-external-quality-assurance", "annex-i-missing"])
        #expect(report.reproduction.crosswalkVersion == Seed.crosswalks.version)
    }

    @Test func maynoothForAnEQFTargetHasNoSpanishClass() throws {
        let report = try Seed.report("maynooth-brewing", target: .eqf)
        #expect(report.level.target == "EQF")
        #expect(report.level.candidates.map(\.statement) == ["at the level of EQF 7 qualifications"])
        #expect(report.workload.tituloPropio == nil)
    }

    @Test func nz4571IsBelowEveryMECESLevelAndOnlyInferred() throws {
        let report = try Seed.report("nzqa-4571-basic-construction")
        #expect(report.level.stated.first?.eqf.map(\.eqf) == ["3", "4"])
        #expect(report.level.stated.first?.eqf.allSatisfy { $0.confidence == .inferred } == true)
        #expect(report.level.candidates.isEmpty)
        #expect(
            report.level.unknown
                == "no level of MECES corresponds to EQF 3 or 4; its levels correspond to EQF 5, 6, 7, 8"
        )
        #expect(report.workload.hours.value == "390" && report.workload.hours.confidence == .referenced)
        #expect(report.workload.ects.value == "13-15.6" && report.workload.ects.estimated)
        #expect(report.workload.ects.source?.kind == .external)
        // 13-15.6 ECTS straddles 15: a microcredencial, or from 15 an expert diploma or a certificate.
        #expect(report.workload.tituloPropio?.classes == ["microcredencial", "diploma-de-experto", "certificado"])
        #expect(
            codes(report) == [
                "level-low-confidence", "level-unknown", "workload-estimated", "no-external-quality-assurance",
                "annex-i-missing", "review-overdue",
            ]
        )
        let review = try #require(report.possibleDifferences.first { $0.code == .reviewOverdue })
        #expect(review.evidence == ["review due 2025-03-24, as of 2025-06-01"])
        #expect(report.possibleDifferences.allSatisfy { $0.statement.hasPrefix("possible difference: ") })
    }

    @Test func nz4571ForAnEQFTargetHasTwoInferredCandidates() throws {
        let report = try Seed.report("nzqa-4571-basic-construction", target: .eqf)
        #expect(report.level.candidates.map(\.eqf) == ["3", "4"])
        #expect(report.level.candidates.allSatisfy { $0.confidence == .inferred })
    }

    @Test(arguments: [
        ("nzqa-4849-extractive-site", "4", "130", "4.33-5.2", ["microcredencial"], true),
        (
            "nzqa-4980-forestry-roads", "3", "400", "13.33-16",
            ["microcredencial", "diploma-de-experto", "certificado"], false
        ),
        ("nzqa-4974-forestry-river-crossing", "3", "200", "6.67-8", ["microcredencial"], false),
        ("nzqa-4842-steel-fixing", "3", "200", "6.67-8", ["microcredencial"], false),
    ])
    func nzqaRegisterEntries(
        name: String,
        level: String,
        hours: String,
        ects: String,
        classes: [String],
        overdue: Bool
    ) throws {
        let report = try Seed.report(name)
        #expect(report.level.stated.map(\.level) == [level])
        #expect(report.workload.hours.value == hours)
        #expect(report.workload.ects.value == ects)
        #expect(report.workload.tituloPropio?.classes == classes)
        #expect(codes(report).contains("review-overdue") == overdue)
    }

    @Test func googleHasNoLevelAndAWorkloadEstimatedFromCalendarTime() throws {
        let report = try Seed.report("google-it-support")
        #expect(report.level.candidates.isEmpty)
        #expect(report.level.unknown == "no level in any framework is stated; none is inferred")
        #expect(
            report.workload.hours.value == "240-265.71"
                && report.workload.hours.source?.label.contains("Coursera") == true
        )
        #expect(report.workload.ects.value == "8-10.63" && report.workload.ects.estimated)
        #expect(report.workload.tituloPropio?.classes == ["microcredencial"])
        #expect(
            codes(report) == [
                "level-unknown", "workload-estimated", "no-external-quality-assurance", "annex-i-missing",
                "possibly-non-formal",
            ]
        )
    }

    @Test func nptelCreditPointsAreKeptAndNotConverted() throws {
        let report = try Seed.report("nptel-c-programming")
        let credits = try #require(report.workload.credits.first)
        #expect(credits.given.value == "2" && credits.given.unit == "credit-point")
        #expect(credits.ects.value == nil)
        #expect(
            credits.ects.unknown == "2 credits in the unknown system \"credit-point\": kept as given, not converted"
        )
        #expect(report.workload.ects.value == nil && report.workload.tituloPropio?.classes == [])
        #expect(report.workload.tituloPropio?.unknown?.hasPrefix("no ECTS figure: 2 credits") == true)
        #expect(report.workload.hours.unknown?.contains("P8W is calendar time") == true)
        #expect(codes(report).contains("workload-unknown"))
    }

    @Test func futureLearnStatesItsECTSAndBothAwardingBodies() throws {
        let report = try Seed.report("futurelearn-fashion")
        #expect(report.workload.ects.value == "4" && !report.workload.ects.estimated)
        #expect(report.workload.hours.value == "100-120")
        #expect(report.workload.tituloPropio?.classes == ["microcredencial"])
        let bodies = report.profile.facts.filter { $0.name == "awardingBody" }.compactMap(\.value)
        #expect(bodies == ["Institut Français de la Mode (FR)", "Kering (FR)"])
        #expect(!codes(report).contains("workload-estimated"))
    }

    @Test(arguments: ["hogent-sustainability", "taltech-microdegree", "anu-microcredential"])
    func microDegreesWithoutFiguresSayWhy(name: String) throws {
        let report = try Seed.report(name)
        #expect(report.workload.credits.isEmpty)
        #expect(report.workload.ects.unknown?.hasPrefix("no credits, hours or duration is stated: \"") == true)
        #expect(report.workload.tituloPropio?.unknown?.hasPrefix("no ECTS figure: no credits") == true)
        #expect(report.level.candidates.isEmpty)
        #expect(codes(report).contains("workload-unknown") && codes(report).contains("level-unknown"))
        let missing = report.annexI.missing
        #expect(missing.contains("notional workload (in ECTS where possible)"))
        #expect(missing.contains("level (EQF, QF-EHEA, NQF) where applicable"))
    }

    @Test func hogentKeepsItsFlemishRegion() throws {
        let report = try Seed.report("hogent-sustainability")
        #expect(report.profile.facts.contains { $0.value == "HOGENT (University College Ghent) (BE, BE-VLG)" })
        #expect(report.annexI.elements.first { $0.field == "awardingBodies.country" }?.detail == "BE-VLG")
    }
}
