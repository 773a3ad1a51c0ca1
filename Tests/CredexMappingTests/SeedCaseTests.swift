import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// The credentials users bring (the seed cases), as `Schemas/examples` holds them: what the
/// crosswalks make of each, with source and confidence, and nothing converted silently.
@Suite struct SeedCaseTests {
    static func spec(_ name: String) throws -> CredentialSpec {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/spec-\(name).json")
        let spec = try JSONValueDecoder().decode(
            CredentialSpec.self,
            from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record)
        )
        try spec.validate()
        return spec
    }

    static func lines(_ name: String) throws -> [String] {
        try Crosswalks.load().conversions(of: try spec(name)).entries.map {
            "\($0.field) \($0.outcome.rawValue) \($0.detail)" + ($0.confidence.map { " [\($0.rawValue)]" } ?? "")
        }
    }

    @Test func maynoothIsEQF7ReferencedAnd125HoursAtItsOwnRate() throws {
        let lines = try Self.lines("maynooth-brewing")
        #expect(lines.contains("levels converted NFQ-IE 9 -> EQF 7 (referenced) [referenced]"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("workload.hours estimated 125 hours") }, "\(lines)")
        #expect(!lines.contains { $0.contains("125-150") }, "\(lines)")
    }

    @Test func nz4571Is390HoursAnd13To15Point6ECTSItsEQFOnlyInferred() throws {
        let lines = try Self.lines("nzqa-4571-basic-construction")
        #expect(lines.contains("workload.hours estimated 390 hours [referenced]"), "\(lines)")
        #expect(lines.contains("workload.credits estimated 13-15.6 ECTS [referenced]"), "\(lines)")
        let levels = lines.filter { $0.hasPrefix("levels") }
        #expect(!levels.isEmpty && levels.allSatisfy { $0.hasSuffix("[inferred]") }, "\(levels)")
    }

    @Test func courseraHasNoLevelAndAnEstimatedWorkload() throws {
        let lines = try Self.lines("google-it-support")
        #expect(lines.contains("levels unknown no level in any framework is stated; none is inferred"), "\(lines)")
        #expect(lines.contains("workload.hours estimated 240-265.71 hours"), "\(lines)")
    }

    @Test func futureLearnKeepsBothAwardingBodiesAndTheirCountries() throws {
        let spec = try Self.spec("futurelearn-fashion")
        #expect(spec.awardingBodies.map(\.id) == ["https://www.ifmparis.fr", "https://www.kering.com"])
        #expect(spec.awardingBodies.allSatisfy { !$0.country.rawValue.isEmpty })
        for format in [CredentialFormat.ctdl, .elm, .ob3, .elmo] {
            let encoded = try CredentialFormat.encode([spec], to: format)
            let back = try CredentialFormat.decode(encoded.bytes, as: format).specs[0]
            let kept = back.awardingBodies.map { "\($0.id) \($0.country.rawValue)" }
            let lost = encoded.reports.flatMap(\.entries).filter { $0.field.hasPrefix("awardingBodies") }
            #expect(
                kept == ["https://www.ifmparis.fr FR", "https://www.kering.com FR"] || !lost.isEmpty,
                "\(format): \(kept), nothing reported"
            )
        }
    }

    @Test func nptelCreditPointsStayInTheirOwnUnit() throws {
        let lines = try Self.lines("nptel-c-programming")
        #expect(
            lines.contains(
                "workload.credits unknown 2 credits in the unknown system \"credit-point\": kept as given, not converted"
            ),
            "\(lines)"
        )
        #expect(!lines.contains { $0.contains("ECTS") }, "\(lines)")
    }
}
