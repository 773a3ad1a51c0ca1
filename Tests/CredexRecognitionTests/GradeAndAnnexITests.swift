import CredexCore
import CredexRecognition
import Testing

/// The grade appears only with the learner's personal part; Annex I says what the inputs carry and lack.
@Suite struct GradeAndAnnexITests {
    @Test func aPersonalPartShowsTheGradeAndResults() throws {
        let (award, personal) = try Seed.award("nzqa-4571-tane", of: "nzqa-4571-basic-construction")
        let report = try Seed.report("nzqa-4571-basic-construction", award: award, personalPart: personal)
        let grade = try #require(report.grade)
        #expect(grade.grade.value == "Achieved" && grade.grade.source?.label == "self-declared in the personal part")
        #expect(grade.gradingScheme.unknown == "the spec states no grading scheme")
        #expect(Seed.lines(grade.results) == ["result: Practical assessment: Achieved [self-declared]"])
        #expect(report.reproduction.personalPart && report.reproduction.awardID != nil)
        let learner = try #require(report.annexI.elements.first)
        #expect(learner.present && learner.detail == "named in the personal part")
        #expect(report.annexI.elements.first { $0.field == "award.issuedOn" }?.detail == "2024-09-27")
    }

    @Test func anAwardWithoutItsPersonalPartHasNoGradeSection() throws {
        let (award, _) = try Seed.award("maynooth-aoife", of: "maynooth-brewing")
        let report = try Seed.report("maynooth-brewing", award: award)
        #expect(report.grade == nil)
        let json = String(decoding: try report.canonicalBytes(), as: UTF8.self)
        #expect(!json.contains("\"grade\"") && !json.contains("Pass") && !json.contains("Aoife"))
        #expect(report.annexI.missing == ["identification of the learner", "learning outcomes", "type of assessment"])
        #expect(
            report.annexI.elements[0].detail == "the award commits to a learner whose personal part was not supplied"
        )
    }

    @Test func theLearnersNameIsNeverCopiedIntoTheReport() throws {
        let (award, personal) = try Seed.award("maynooth-aoife", of: "maynooth-brewing")
        let report = try Seed.report("maynooth-brewing", award: award, personalPart: personal)
        #expect(report.grade?.grade.value == "Pass")
        let json = String(decoding: try report.canonicalBytes(), as: UTF8.self)
        #expect(!json.contains("Aoife") && !json.contains("1996-08-14") && !json.contains("25123456"))
    }

    @Test func annexIFlagsWhatTheGoogleCertificateLacks() throws {
        let report = try Seed.report("google-it-support")
        #expect(
            report.annexI.missing == [
                "identification of the learner", "date of issuing", "learning outcomes",
                "notional workload (in ECTS where possible)", "level (EQF, QF-EHEA, NQF) where applicable",
                "type of assessment", "type of quality assurance",
            ]
        )
        #expect(report.annexI.elements.count == 11)
        let difference = try #require(report.possibleDifferences.first { $0.code == .annexIMissing })
        #expect(difference.evidence.contains("type of quality assurance: none-stated"))
        #expect(
            difference.evidence.contains(
                "notional workload (in ECTS where possible): no credits or hours: 6 months, 10 hours a week."
            )
        )
    }

    @Test func anExpiredAwardAndOneIssuedLaterAreFlagged() throws {
        let (expired, _) = try Seed.award("maynooth-aoife", of: "maynooth-brewing", validUntil: "2025-05")
        #expect(
            try Seed.report("maynooth-brewing", award: expired).possibleDifferences.map(\.code).contains(.expired)
        )
        var later = expired
        later.validUntil = nil
        later.issuedOn = try CalendarDate(validating: "2025-06-02")
        let codes = try Seed.report("maynooth-brewing", award: later).possibleDifferences.map(\.code)
        #expect(codes.contains(.notYetValid) && !codes.contains(.expired))
    }

    @Test func awardCreditsReplaceTheSpecs() throws {
        var (award, _) = try Seed.award("maynooth-aoife", of: "maynooth-brewing")
        award.credits = [Credit(system: "ECTS", value: try DecimalString(validating: "4"))]
        let report = try Seed.report("maynooth-brewing", award: award)
        #expect(report.workload.ects.value == "4" && report.workload.ects.source?.label == "self-declared in the award")
        #expect(report.workload.hours.value == "100")
    }
}
