import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Decoding the 1EdTech examples (copies in `Tests/Fixtures/ob3/`, Apache-2.0) into the canonical model.
@Suite struct OpenBadgesDecodeTests {
    static let annexIUnknowns: Set<String> = ["levels", "assessment", "participation", "qualityAssurance"]

    @Test func simpleExampleDecodesWithTheMissingAnnexIElementsReported() throws {
        let decoded = try OpenBadges.decode(OB3Fixtures.bytes("ob30-simple.json"))
        #expect(decoded.spec.title.values == ["und": "Teamwork"])
        #expect(decoded.spec.awardingBodies.map(\.id) == ["https://example.com/issuers/876543"])
        #expect(decoded.spec.awardingBodies[0].country.rawValue == "ZZ")
        #expect(decoded.spec.learningOutcomes.count == 1)
        #expect(decoded.spec.levels == nil)
        #expect(decoded.spec.assessment.type == "not-stated")
        #expect(decoded.spec.participation.mode == .notStated)
        #expect(decoded.spec.qualityAssurance.type == "none-stated")
        #expect(decoded.spec.provenance?.format == "ob-3")
        #expect(decoded.spec.provenance?.proof == Provenance.ProofStatus.none)
        #expect(decoded.award.issuedOn.rawValue == "2010-01-01")
        #expect(
            decoded.award.learner == [
                Identifier(scheme: "subject-id", value: "did:example:ebfeb1f712ebc6f1c276e12ec21")
            ]
        )
        #expect(decoded.report.format == "ob3")
        let unknown = OB3Fixtures.fields(decoded.report, .unknown)
        #expect(unknown.isSuperset(of: Self.annexIUnknowns.union(["awardingBodies.country", "workload", "languages"])))
        #expect(
            decoded.proof
                == .notChecked(method: "eddsa-rdfc-2022", reason: "not checked (RDF canonicalisation not implemented)")
        )
    }

    @Test func completeExampleKeepsCountryCreditsAndReportsForeignAlignments() throws {
        let decoded = try OpenBadges.decode(OB3Fixtures.bytes("ob30-complete.json"))
        #expect(decoded.spec.awardingBodies[0].country.rawValue == "US")
        #expect(decoded.spec.credentialType == "Degree")
        #expect(decoded.spec.url == "https://1edtech.edu/achievements/degree")
        let credits = try #require(decoded.spec.workload.credits)
        #expect(credits.map(\.system) == ["not-stated"])
        #expect(OB3Fixtures.fields(decoded.report, .unknown).contains("workload.credits"))
        #expect(decoded.report.entries.filter { $0.field == "alignment" && $0.outcome == .lost }.count == 2)
        #expect(OB3Fixtures.fields(decoded.report, .lost).contains("award.results"))
        #expect(decoded.award.activityStart != nil)
        #expect(!decoded.award.learner.isEmpty)
    }

    @Test func everyReferenceExampleDecodesOrIsRefusedAsAnotherKind() throws {
        var folder = Fixtures.url(OB3Fixtures.folder)
        if let shared = Fixtures.sharedReference {
            folder = shared.appendingPathComponent("openbadges-clr/examples")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("ob30-") && $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 4)
        for name in names {
            let data = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let json = try StrictJSON.parse(data, mode: .document)
            guard OpenBadges.detect(json) else {
                #expect(name.contains("endorsement"), "\(name) is not detected")
                let error = try #require(throws: CredexError.self) { try OpenBadges.decode(data) }
                #expect(error.code == .wrongKind)
                continue
            }
            let decoded = try OpenBadges.decode(data)
            #expect(OB3Fixtures.fields(decoded.report, .unknown).isSuperset(of: Self.annexIUnknowns), "\(name)")
            #expect(decoded.proof != .none, "\(name) carries a proof")
        }
    }

    @Test func clrExampleYieldsItsAchievementCredential() throws {
        let data = try OB3Fixtures.bytes("clr20-simple.json")
        #expect(OpenBadges.detect(try StrictJSON.parse(data, mode: .document)))
        let decoded = try OpenBadges.decodeCLR(data)
        #expect(
            decoded.proof
                == .notChecked(method: "eddsa-rdfc-2022", reason: "not checked (RDF canonicalisation not implemented)")
        )
        #expect(decoded.credentials.count == 1)
        let inner = try #require(decoded.credentials.first)
        #expect(!inner.spec.title.values.isEmpty)
        #expect(OB3Fixtures.fields(inner.report, .unknown).isSuperset(of: Self.annexIUnknowns))
        let error = try #require(throws: CredexError.self) { try OpenBadges.decode(data) }
        #expect(error.code == .wrongKind)
    }

    @Test func statusExampleDecodes() throws {
        let decoded = try OpenBadges.decode(OB3Fixtures.bytes("ob30-credential-status-revoked-bitstring.json"))
        #expect(decoded.spec.provenance?.proof == Provenance.ProofStatus.none)
    }
}
