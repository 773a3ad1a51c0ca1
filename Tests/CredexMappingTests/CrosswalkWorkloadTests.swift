import CredexCore
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Credits and durations to hours and ECTS, and the Spanish títulos propios classes.
@Suite struct CrosswalkWorkloadTests {
    let crosswalks: Crosswalks

    init() throws { crosswalks = try Crosswalks(folder: CrosswalkDataTests.folder) }

    func credit(_ system: String, _ value: String) throws -> Credit {
        Credit(system: system, value: try DecimalString(validating: value))
    }

    func estimate(_ conversion: WorkloadConversion) throws -> WorkloadEstimate {
        guard case .estimate(let estimate) = conversion else {
            Issue.record("not converted: \(conversion)")
            throw CancellationError()
        }
        return estimate
    }

    @Test func maynoothUsesItsStatedRate() throws {
        let stated = StatedRate(hours: 25, source: "MicroCreds: 1 ECTS = 25 learning hours")
        let hours = try estimate(crosswalks.hours(for: try credit("ECTS", "5"), stated: stated))
        #expect(hours.isExact && hours.lower == 125)
        #expect(hours.sources == [stated.source])
        #expect(hours.confidence == nil)
    }

    @Test func ectsWithoutAStatedRateIsARange() throws {
        let hours = try estimate(crosswalks.hours(for: try credit("ECTS", "5")))
        #expect(hours.lower == 125 && hours.upper == 150)
        #expect(hours.confidence == .referenced)
        #expect(hours.sources.first?.contains("ECTS Users' Guide") == true)
    }

    @Test func nz4571CreditsToHoursAndECTS() throws {
        let nz = try credit("NZQF-credit", "39")
        let hours = try estimate(crosswalks.hours(for: nz))
        #expect(hours.isExact && hours.lower == 390)
        let ects = try estimate(crosswalks.ects(for: nz))
        #expect(ects.lower == 13 && ects.upper == Decimal(string: "15.6"))
        #expect(ects.unit == .ects)
        #expect(ects.sources.count == 2)
    }

    @Test func ukAndUSCreditsUseTheirDirectRates() throws {
        let uk = try estimate(crosswalks.ects(for: try credit("UK-credit", "10")))
        #expect(uk.isExact && uk.lower == 5)
        let us = try estimate(crosswalks.ects(for: try credit("US-credit-hour", "3")))
        #expect(us.lower == Decimal(string: "4.5") && us.upper == 6)
        #expect(us.confidence == .inferred)
        let usHours = try estimate(crosswalks.hours(for: try credit("US-credit-hour", "3")))
        #expect(usHours.lower == Decimal(string: "112.5") && usHours.upper == 135)
    }

    @Test func unitlessAndUnknownCreditsAreFlaggedNotConverted() throws {
        for system in ["credit-point", ""] {
            let nptel = try credit(system, "2")
            for conversion in [crosswalks.hours(for: nptel), crosswalks.ects(for: nptel)] {
                guard case .notConverted(let reason) = conversion else {
                    Issue.record("\(system) was converted")
                    continue
                }
                #expect(reason.contains("not converted"))
                #expect(conversion.entry(field: "workload.credits").outcome == .unknown)
            }
        }
    }

    @Test func isoDurations() throws {
        #expect(try estimate(crosswalks.hours(forDuration: "PT40H")).lower == 40)
        #expect(try estimate(crosswalks.hours(forDuration: "PT1H30M")).lower == Decimal(string: "1.5"))
        let weekly = StatedRate(hours: 10, source: "10 hours a week")
        let sixWeeks = try estimate(crosswalks.hours(forDuration: "P6W", perWeek: weekly))
        #expect(sixWeeks.isExact && sixWeeks.lower == 60)
        let sixMonths = try estimate(crosswalks.hours(forDuration: "P6M", perWeek: weekly))
        #expect(sixMonths.lower == 240 && !sixMonths.isExact)
        for (text, rate) in [("P12W", nil), ("12 weeks", weekly), ("P", weekly), ("PT", weekly), ("P1H", weekly)] {
            guard case .notConverted = crosswalks.hours(forDuration: text, perWeek: rate) else {
                Issue.record("\(text) was converted")
                continue
            }
        }
    }

    @Test(arguments: [
        ("14.9", ["microcredencial"]),
        ("15", ["diploma-de-experto", "certificado"]),
        ("29", ["diploma-de-experto", "certificado"]),
        ("29.5", ["diploma-de-experto", "certificado"]),
        ("30", ["diploma-de-especializacion", "certificado"]),
        ("59", ["diploma-de-especializacion", "certificado"]),
        ("60", ["master-de-formacion-permanente", "certificado"]),
    ])
    func tituloPropioBandEdges(ects: String, expected: [String]) throws {
        let value = try #require(Decimal(string: ects))
        let answer = crosswalks.tituloPropioClasses(ects: value)
        #expect(answer.classes.map(\.id) == expected)
        #expect(answer.classes.allSatisfy { $0.source.url?.contains("boe.es") == true })
        #expect(answer.rule.contains("exclusive"))
        #expect(answer.entry(ects: value).outcome == .estimated)
    }

    @Test func workloadEntriesCarrySourceAndVersion() throws {
        var report = MappingReport(format: "csv")
        let nz = try credit("NZQF-credit", "39")
        crosswalks.record(
            [
                crosswalks.hours(for: nz).entry(field: "workload.hours"),
                crosswalks.ects(for: nz).entry(field: "workload.credits"),
            ],
            in: &report
        )
        #expect(report.dataVersion == crosswalks.version)
        #expect(report.entries.map(\.detail) == ["390 hours", "13-15.6 ECTS"])
        #expect(report.entries.allSatisfy { $0.source != nil && $0.confidence == .referenced })
    }
}
