import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// The rates a spec states (`workload.creditRates`, `workload.weeklyRate`): the crosswalks use them, exact,
/// before their own, and the formats with no place for them report them lost.
@Suite struct StatedRateTests {
    static let microCreds = "MicroCreds (Irish Universities Association)"
    let crosswalks: Crosswalks

    init() throws { crosswalks = try Crosswalks(folder: CrosswalkDataTests.folder) }

    static func maynooth() throws -> CredentialSpec { try CTDLTests.spec("spec-maynooth-brewing.json") }

    func hours(_ spec: CredentialSpec) -> [MappingReport.Entry] {
        crosswalks.conversions(of: spec).entries.filter { $0.field == "workload.hours" }
    }

    static func rate(_ system: String, _ hours: String, _ source: String) throws -> Workload.CreditRate {
        Workload.CreditRate(system: system, hours: try DecimalString(validating: hours), source: source)
    }

    @Test("the Maynooth example, 5 ECTS at the 25 h MicroCreds states, is exactly 125 h citing MicroCreds")
    func maynoothExampleAtItsStatedRate() throws {
        let spec = try Self.maynooth()
        #expect(spec.workload.creditRates == [try Self.rate("ECTS", "25", Self.microCreds)])
        let hours = hours(spec)
        #expect(hours.map(\.detail) == ["125 hours"])
        #expect(hours.first?.source == Self.microCreds && hours.first?.confidence == nil)
        #expect(hours.first?.outcome == .estimated)
    }

    @Test("without a stated rate, or with one for another system, 5 ECTS is the generic 125-150 h")
    func noRateForTheSystemGivesTheGenericRange() throws {
        var spec = try Self.maynooth()
        for rates in [nil, [try Self.rate("NZQF-credit", "10", "NZQA")]] {
            spec.workload.creditRates = rates
            let hours = hours(spec)
            #expect(hours.map(\.detail) == ["125-150 hours"])
            #expect(hours.first?.confidence == .referenced)
            #expect(hours.first?.source?.contains("ECTS Users' Guide") == true)
        }
    }

    @Test("a stated rate applies through the data's aliases and to a system the data does not know")
    func aliasesAndUnknownSystems() throws {
        var spec = try Self.maynooth()
        spec.workload.credits = [Credit(system: "CATS", value: try DecimalString(validating: "20"))]
        spec.workload.creditRates = [try Self.rate("UK-credit", "12", "the university")]
        #expect(hours(spec).map(\.detail) == ["240 hours"] && hours(spec).first?.source == "the university")
        spec.workload.credits = [Credit(system: "credit-point", value: try DecimalString(validating: "2"))]
        spec.workload.creditRates = [try Self.rate("credit-point", "30", "NPTEL")]
        let entries = crosswalks.conversions(of: spec).entries
        #expect(entries.filter { $0.field == "workload.hours" }.map(\.detail) == ["60 hours"])
        #expect(entries.filter { $0.field == "workload.credits" }.map(\.detail) == ["2-2.4 ECTS"])
    }

    @Test("a stated weekly rate makes a calendar duration hours; stated hours are not estimated")
    func weeklyRateAndStatedHours() throws {
        var spec = try Self.maynooth()
        spec.workload.credits = nil
        spec.workload.creditRates = nil
        spec.workload.duration = "P6M"
        spec.workload.note = try LanguageMap(["en": "6 months, 10 hours a week."])
        #expect(hours(spec).isEmpty)
        spec.workload.weeklyRate = Workload.WeeklyRate(hours: try DecimalString(validating: "10"), source: "Coursera")
        #expect(hours(spec).map(\.detail) == ["240-265.71 hours"])
        #expect(hours(spec).first?.source == "Coursera")
        spec.workload.hours = try DecimalString(validating: "250")
        #expect(hours(spec).isEmpty)
    }

    @Test("OB 3.0, CTDL and ELMO report a stated rate as lost when encoding")
    func encodersReportTheRateLost() throws {
        var spec = try Self.maynooth()
        spec.workload.weeklyRate = Workload.WeeklyRate(hours: try DecimalString(validating: "10"), source: "x")
        let reports = [
            try OpenBadges.encode(spec, id: "urn:uuid:1", validFrom: "2026-11-22T12:00:00Z").report,
            try CTDL.encode(spec, id: "https://example.org/specs/brewing").1,
            try ELMO.encode(spec, generated: ELMOTest.generated).report,
        ]
        for report in reports {
            for field in ["workload.creditRates", "workload.weeklyRate"] {
                let outcomes = report.entries.filter { $0.field == field }.map(\.outcome)
                #expect(outcomes == [.lost], "\(report.format): \(field)")
            }
        }
    }
}
