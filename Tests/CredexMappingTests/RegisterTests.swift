import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Register CSV profiles end to end: the NZQA register rows and the MicroCreds entry of the seed
/// cases, and an institution's export through the generic profile.
@Suite struct RegisterTests {
    static let asOf = try! CalendarDate(validating: "2025-06-01")

    static func csv(_ name: String) throws -> [UInt8] {
        [UInt8](try Fixtures.data("registers/\(name)"))
    }

    static func profile(_ id: String) throws -> RegisterProfile {
        try #require(try Register.profiles().first { $0.id == id })
    }

    static func decode(_ name: String, _ profile: String) throws -> Register.Decoded {
        try Register.decode(csv: try csv(name), profile: try Self.profile(profile), asOf: asOf)
    }

    static func entries(_ row: Register.Row, _ field: String) -> [MappingReport.Entry] {
        row.report.entries.filter { $0.field == field }
    }

    @Test("the bundled profiles load and each detects its own export")
    func detection() throws {
        #expect(try Register.profiles().map(\.id) == ["microcreds-ie", "nzqa-micro-credentials", "sis-generic"])
        for (file, id) in [
            ("nzqa-micro-credentials.csv", "nzqa-micro-credentials"), ("microcreds-ie.csv", "microcreds-ie"),
            ("sis-export.csv", "sis-generic"),
        ] {
            #expect(Register.detect(csv: try Self.csv(file))?.id == id)
        }
        #expect(Register.detect(csv: Array("Name,Email\r\nA,b\r\n".utf8)) == nil)
    }

    @Test("NZQA 4571: NZQF 3 and 39 credits are 390 h and 13-15.6 ECTS, its EQF level only inferred")
    func nzqa4571() throws {
        let decoded = try Self.decode("nzqa-micro-credentials.csv", "nzqa-micro-credentials")
        #expect(decoded.rows.map(\.number) == [2, 3, 4, 5, 6])
        let row = decoded.rows[0]
        #expect(row.spec.identifiers == [Identifier(scheme: "NZQA", value: "4571")])
        #expect(row.spec.title.values["en"] == "Basic Construction Skills (Micro-credential)")
        #expect(row.spec.levels == [Level(framework: "NZQF", level: "3")])
        #expect(
            row.spec.workload.credits == [Credit(system: "NZQF-credit", value: try DecimalString(validating: "39"))]
        )
        #expect(row.spec.approvedOn?.rawValue == "2022-03")
        #expect(row.spec.reviewDue?.rawValue == "2025-03-24")
        let body = try #require(row.spec.awardingBodies.first)
        #expect(
            body.name.values["en"] == "Waihanga Ara Rau Construction and Infrastructure Workforce Development Council"
        )
        #expect(body.identifiers == [Identifier(scheme: "NZQA-org", value: "6046")])
        #expect(body.country.rawValue == "NZ")

        let hours = try #require(Self.entries(row, "workload.hours").first)
        #expect(hours.outcome == .estimated && hours.detail == "390 hours" && hours.source != nil)
        let ects = try #require(Self.entries(row, "workload.credits").first)
        #expect(ects.detail == "13-15.6 ECTS" && ects.source != nil)
        let levels = Self.entries(row, "levels")
        #expect(!levels.isEmpty && levels.allSatisfy { $0.confidence == .inferred && $0.source != nil })
        #expect(levels.map(\.detail).contains("NZQF 3 -> EQF 3 (inferred)"))
        #expect(row.report.dataVersion != nil)
        #expect(!Self.entries(row, "learningOutcomes").isEmpty && !Self.entries(row, "assessment").isEmpty)
    }

    @Test("every NZQA row carries what the register states as the reference specs of Schemas/examples do")
    func nzqaAgainstReferenceSpecs() throws {
        let rows = try Self.decode("nzqa-micro-credentials.csv", "nzqa-micro-credentials").rows
        let examples = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: examples.path)
        for row in rows {
            let number = try #require(row.spec.identifiers?.first?.value)
            let name = try #require(names.first { $0.hasPrefix("spec-nzqa-\(number)-") })
            let reference = try JSONValueDecoder().decode(
                CredentialSpec.self,
                from: try StrictJSON.parse(try Data(contentsOf: examples.appendingPathComponent(name)), mode: .record)
            )
            #expect(row.spec.title == reference.title && row.spec.credentialType == reference.credentialType)
            #expect(row.spec.levels == reference.levels && row.spec.workload == reference.workload)
            #expect(
                row.spec.identifiers == reference.identifiers && row.spec.qualityAssurance == reference.qualityAssurance
            )
            #expect(row.spec.approvedOn == reference.approvedOn && row.spec.reviewDue == reference.reviewDue)
            let (body, expected) = (row.spec.awardingBodies[0], reference.awardingBodies[0])
            #expect(body.name == expected.name && body.identifiers == expected.identifiers)
            #expect(body.country == expected.country)
        }
    }

    @Test("as of 2025-06-01, 4571 and 4849 are due for review and the others are not")
    func reviewDates() throws {
        let rows = try Self.decode("nzqa-micro-credentials.csv", "nzqa-micro-credentials").rows
        let overdue = rows.filter(\.reviewOverdue).compactMap { $0.spec.identifiers?.first?.value }
        #expect(overdue == ["4571", "4849"])
        let later = try Register.decode(
            csv: try Self.csv("nzqa-micro-credentials.csv"),
            profile: try Self.profile("nzqa-micro-credentials"),
            asOf: try CalendarDate(validating: "2024-12-30")
        )
        #expect(later.rows.filter(\.reviewOverdue).isEmpty)
        #expect(
            rows[1].spec.awardingBodies[0].name.values["en"]
                == "Muka Tangata - People, Food and Fibre Workforce Development Council"
        )
    }

    @Test("Maynooth from the MicroCreds catalogue: NFQ 9 is EQF 7 (referenced), 5 ECTS at 25 h stated")
    func maynooth() throws {
        let decoded = try Self.decode("microcreds-ie.csv", "microcreds-ie")
        let row = try #require(decoded.rows.first)
        #expect(decoded.rows.count == 1 && !row.reviewOverdue)
        #expect(row.spec.title.values["en"] == "Introduction to the Quality Aspects of Brewing & Distilling Science")
        #expect(row.spec.levels == [Level(framework: "NFQ-IE", level: "9")])
        #expect(row.spec.workload.duration == "P12W")
        #expect(row.spec.workload.creditRates == (try StatedRateTests.maynooth()).workload.creditRates)
        #expect(row.spec.participation.mode == .blended)
        #expect(row.spec.awardingBodies[0].country.rawValue == "IE")
        #expect(row.spec.furtherInformation?.values["en"]?.contains("Price: €800") == true)
        let level = try #require(Self.entries(row, "levels").first)
        #expect(level.detail == "NFQ-IE 9 -> EQF 7 (referenced)" && level.confidence == .referenced)
        #expect(level.source != nil)
        let hours = try #require(Self.entries(row, "workload.hours").first)
        #expect(hours.detail == "125 hours" && hours.source == "MicroCreds (Irish Universities Association)")
        #expect(Self.entries(row, "workload.credits").isEmpty)
    }

    @Test("an institution's export through the generic profile, its lost and unknown fields reported")
    func sisExport() throws {
        let rows = try Self.decode("sis-export.csv", "sis-generic").rows
        #expect(rows.count == 2)
        let first = rows[0]
        #expect(
            first.spec.description?.values["en"] == "Three units on sustainable business:\n\"people, planet, profit\"."
        )
        #expect(first.spec.levels == [Level(framework: "EQF", level: "6")])
        #expect(first.spec.learningOutcomes[0].text.values["en"] == "Analyse a company's sustainability report.")
        #expect(first.spec.url == "https://example.org/sust-101" && first.status == "active")
        #expect(Self.entries(first, "internal_notes").map(\.outcome) == [.lost])
        #expect(Self.entries(first, "levels").isEmpty)
        #expect(Self.entries(first, "workload.hours").first?.detail == "75-90 hours")
        let second = rows[1]
        #expect(second.spec.levels == nil && second.spec.workload.hours?.rawValue == "40")
        #expect(second.reviewOverdue && second.status == "under review")
        #expect(Self.entries(second, "levels").map(\.outcome) == [.unknown])
        #expect(Self.entries(second, "internal_notes").isEmpty)
    }
}
