import CredexCore
import CredexMapping
import CredexRecognition
import CredexTesting
import Foundation
import Testing

/// A saved report regenerates to the same canonical bytes, and stops doing so when an input's version changes.
@Suite struct ReproductionTests {
    func maynooth(trustListVersion: Int64 = 5, crosswalks: Crosswalks = Seed.crosswalks) throws -> RecognitionReport {
        try Seed.report(
            "maynooth-brewing",
            member: try Seed.member("maynooth"),
            trustListVersion: trustListVersion,
            crosswalks: crosswalks
        )
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        for name in ["maynooth-brewing", "nzqa-4571-basic-construction", "google-it-support"] {
            let first = try Seed.report(name).canonicalBytes()
            #expect(try Seed.report(name).canonicalBytes() == first)
        }
        #expect(try maynooth().canonicalBytes() == maynooth().canonicalBytes())
    }

    @Test func aSavedReportDecodesAndIsReproduced() throws {
        let saved = try maynooth().attaching(OfficerDecision(result: .partiallyPositive, comment: "as an elective"))
        let bytes = try saved.canonicalBytes()
        let decoded = try JSONDecoder().decode(RecognitionReport.self, from: Data(bytes))
        #expect(decoded == saved)
        #expect(decoded.decision?.result == .partiallyPositive)
        #expect(try maynooth().reproduces(decoded))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"result\":\"partially-positive\""))
    }

    @Test func anotherTrustListVersionDoesNotReproduce() throws {
        let saved = try maynooth()
        let regenerated = try maynooth(trustListVersion: 6)
        #expect(!regenerated.reproduces(saved))
        #expect(regenerated.reproduction.trustListVersion == 6)
    }

    @Test func otherCrosswalkDataDoesNotReproduce() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let copy = folder.url.appendingPathComponent("frameworks")
        let original = Fixtures.repositoryRoot.appendingPathComponent("Schemas/frameworks")
        try FileManager.default.copyItem(at: original.resolvingSymlinksInPath(), to: copy)
        let version = copy.appendingPathComponent("version.json")
        try FileManager.default.removeItem(at: version)
        try Data(#"{"version": "2099.1.0"}"#.utf8).write(to: version)
        let changed = try Crosswalks(folder: copy)
        let saved = try maynooth()
        let regenerated = try maynooth(crosswalks: changed)
        #expect(regenerated.reproduction.crosswalkVersion == "2099.1.0")
        #expect(regenerated.level == saved.level)
        #expect(!regenerated.reproduces(saved))
    }
}
