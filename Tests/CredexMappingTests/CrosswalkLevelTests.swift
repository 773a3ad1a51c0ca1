import CredexCore
import CredexMapping
import CredexTesting
import Testing

/// National framework levels to the EQF and back, from the bundled data.
@Suite struct CrosswalkLevelTests {
    let crosswalks: Crosswalks

    init() throws { crosswalks = try Crosswalks(folder: CrosswalkDataTests.folder) }

    @Test func maynoothNFQ9IsEQF7Referenced() throws {
        let matches = crosswalks.eqf(for: Level(framework: "NFQ-IE", level: "9"))
        let match = try #require(matches.first)
        #expect(matches.count == 1)
        #expect(match.eqf == "7")
        #expect(match.confidence == .referenced)
        #expect(match.source.year == 2009)
        #expect(match.source.title.contains("Irish National Framework"))
        #expect(match.eqfURI == "http://data.europa.eu/snb/eqf/7")
        #expect(match.levelURI?.hasPrefix("http://data.europa.eu/snb/qdr/") == true)
    }

    @Test func aliasesAndCaseResolveToTheFrameworkId() {
        let matches = crosswalks.eqf(for: Level(framework: "nfq", level: "9"))
        #expect(matches.map(\.framework) == ["NFQ-IE"])
    }

    @Test func nzqfLevel3IsOnlyInferred() {
        let matches = crosswalks.eqf(for: Level(framework: "NZQF", level: "3"))
        #expect(!matches.isEmpty)
        #expect(matches.allSatisfy { $0.confidence == .inferred })
        #expect(matches.allSatisfy { $0.source.url == nil })
    }

    @Test func aqfIsComparedNotReferenced() {
        let matches = crosswalks.eqf(for: Level(framework: "AQF", level: "7"))
        #expect(matches.map(\.eqf) == ["6"])
        #expect(matches.map(\.confidence) == [.compared])
        #expect(matches.first?.source.year == 2016)
    }

    @Test func reverseLookupReturnsEveryCandidate() {
        let irish = crosswalks.national(framework: "NFQ-IE", forEQF: "6")
        #expect(irish.map(\.level) == ["7", "8"])
        #expect(irish.allSatisfy { $0.confidence == .referenced })
        #expect(crosswalks.national(framework: "SCQF", forEQF: "6").map(\.level) == ["9", "10"])
        #expect(crosswalks.national(framework: "RQF-UK", forEQF: "5").map(\.level) == ["4", "5"])
    }

    @Test func oneLevelCanHaveTwoEQFLevels() {
        let matches = crosswalks.eqf(for: Level(framework: "RNCP-FR-1969", level: "I"))
        #expect(matches.map(\.eqf) == ["7", "8"])
    }

    @Test func noSourceAnswersEmptyAndSaysWhy() throws {
        for name in ["NSQF-IN", "MX"] {
            #expect(crosswalks.eqf(for: Level(framework: name, level: "5")).isEmpty)
            #expect(crosswalks.national(framework: name, forEQF: "5").isEmpty)
            #expect(crosswalks.framework(name)?.noSource != nil)
        }
        let entries = crosswalks.levelEntries(for: Level(framework: "NSQF-IN", level: "5"))
        #expect(entries.map(\.outcome) == [.unknown])
        #expect(entries.first?.confidence == nil)
    }

    @Test func uncoveredLevelsAndUnknownFrameworksAnswerEmpty() {
        #expect(crosswalks.eqf(for: Level(framework: "SCQF", level: "1")).isEmpty)
        #expect(crosswalks.eqf(for: Level(framework: "NFQ-IE", level: "11")).isEmpty)
        #expect(crosswalks.eqf(for: Level(framework: "EXAMPLE-QF", level: "3")).isEmpty)
        let entries = crosswalks.levelEntries(for: Level(framework: "EXAMPLE-QF", level: "3"))
        #expect(entries.map(\.outcome) == [.unknown])
    }

    @Test func reportNamesTheDataVersion() {
        var report = MappingReport(format: "elm-3")
        crosswalks.record(crosswalks.levelEntries(for: Level(framework: "NFQ-IE", level: "9")), in: &report)
        #expect(report.dataVersion == crosswalks.version)
        #expect(report.entries.map(\.confidence) == [.referenced])
        #expect(report.entries.first?.source?.contains("2009") == true)
    }
}
