import CredexCore
import CredexRecognition
import Testing

/// Inputs the crosswalks cannot place give `unknown` with why: nothing crashes and nothing is invented.
@Suite struct UnknownInputTests {
    func report(
        levels: [Level]?,
        credits: [Credit]? = nil,
        target: RecognitionTarget = .spain
    ) throws -> RecognitionReport {
        var spec = try Seed.spec("maynooth-brewing")
        spec.levels = levels
        if let credits { spec.workload.credits = credits }
        return try Seed.report(
            of: spec,
            target: target
        )
    }

    @Test func aSpecWithNoLevel() throws {
        for levels in [nil, [Level]()] {
            let report = try report(levels: levels)
            #expect(report.level.stated.isEmpty && report.level.candidates.isEmpty)
            #expect(report.level.unknown == "no level in any framework is stated; none is inferred")
            #expect(report.possibleDifferences.map(\.code).contains(.possiblyNonFormal))
        }
    }

    @Test func anUnknownFramework() throws {
        let report = try report(levels: [Level(framework: "XQF", level: "5")])
        let stated = try #require(report.level.stated.first)
        #expect(stated.eqf.isEmpty)
        #expect(stated.unknown == "XQF 5: no EQF level (no crosswalk for framework XQF); nothing inferred")
        #expect(report.level.unknown == stated.unknown)
        #expect(report.possibleDifferences.first { $0.code == .levelUnknown }?.evidence == [stated.unknown ?? ""])
    }

    @Test func aFrameworkWithNoSourceAndALevelTheDataLacks() throws {
        let india = try report(levels: [Level(framework: "NSQF", level: "5")])
        #expect(india.level.stated.first?.unknown?.hasPrefix("NSQF 5: no EQF level (No EQF referencing") == true)
        let scotland = try report(levels: [Level(framework: "SCQF", level: "1")])
        #expect(scotland.level.candidates.isEmpty && scotland.level.stated.first?.unknown != nil)
    }

    @Test func aStatedEQFLevelNeedsNoCrosswalk() throws {
        let report = try report(levels: [Level(framework: "EQF", level: "6")])
        #expect(report.level.stated.first?.eqf.first?.confidence == nil)
        #expect(report.level.candidates.map(\.statement) == ["at the level of MECES 2 qualifications"])
        #expect(report.level.candidates.first?.confidence == .referenced)
        let invalid = try self.report(levels: [Level(framework: "EQF", level: "9")])
        #expect(invalid.level.stated.first?.unknown == "EQF 9 is not an EQF level (1-8); nothing inferred")
    }

    @Test func anUnknownTargetFramework() throws {
        let report = try report(levels: nil, target: RecognitionTarget(framework: "ZZQF"))
        #expect(report.level.unknown == "the crosswalk data has no framework ZZQF to state levels in")
        #expect(report.level.target == "ZZQF" && report.workload.tituloPropio == nil)
    }

    @Test func noCreditsNoHoursNoDuration() throws {
        var spec = try Seed.spec("maynooth-brewing")
        spec.workload = try Seed.spec("taltech-microdegree").workload
        let report = try Seed.report(
            of: spec,
            target: .spain
        )
        #expect(report.workload.credits.isEmpty)
        #expect(report.workload.hours.value == nil && report.workload.ects.value == nil)
        #expect(report.workload.ects.unknown?.hasPrefix("no credits, hours or duration is stated") == true)
        #expect(report.workload.tituloPropio?.classes == [])
        #expect(report.possibleDifferences.map(\.code).contains(.workloadUnknown))
    }

    @Test func statedHoursGiveAnEstimatedECTSFigure() throws {
        var spec = try Seed.spec("taltech-microdegree")
        spec.workload.hours = try DecimalString(validating: "40")
        let report = try Seed.report(
            of: spec,
            target: .spain
        )
        #expect(report.workload.hours.value == "40" && !report.workload.hours.estimated)
        #expect(report.workload.ects.value == "1.33-1.6" && report.workload.ects.confidence == .referenced)
    }
}
