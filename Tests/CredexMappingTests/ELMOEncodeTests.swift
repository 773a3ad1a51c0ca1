import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

@Suite struct ELMOEncodeTests {
    @Test(
        "decode, encode, decode gives the same entries; only the provenance differs",
        arguments: [
            "example.xml", "micro-credential.xml",
        ]
    )
    func roundTrip(fixture: String) throws {
        let first = try ELMO.decode(try ELMOTest.fixture(fixture))
        let encoded = try ELMO.encode(first.entries, generated: ELMOTest.generated)
        let second = try ELMO.decode(encoded.bytes)
        try #require(second.entries.count == first.entries.count)
        for (before, after) in zip(first.entries, second.entries) {
            var spec = before.spec
            spec.provenance = after.spec.provenance
            #expect(spec == after.spec)
            #expect(before.parent == after.parent)
            #expect(try Self.json(before.award) == Self.json(after.award))
        }
        // The provenance names the source document's hash, which a new document cannot keep.
        #expect(encoded.report.entries.contains { $0.field == "provenance" && $0.outcome == .lost })
        #expect(try ELMO.encode(second.entries, generated: ELMOTest.generated).bytes == encoded.bytes)
    }

    @Test(
        "encoded documents are valid against the ELMO schema",
        .enabled(if: XMLLint.canRun, "needs xmllint (libxml2-utils); always runs when CI is set")
    )
    func encodedIsSchemaValid() throws {
        var documents: [[UInt8]] = []
        for fixture in ["example.xml", "micro-credential.xml"] {
            let decoded = try ELMO.decode(try ELMOTest.fixture(fixture))
            documents.append(try ELMO.encode(decoded.entries, generated: ELMOTest.generated).bytes)
        }
        documents.append(try ELMO.encode(try Self.registerSpec(), generated: ELMOTest.generated).bytes)
        for bytes in documents {
            let result = try XMLLint.validate(bytes)
            #expect(result.status == 0, "xmllint exited with \(result.status):\n\(result.output)")
        }
        // The check can fail: a document without its learner and report is not valid.
        let invalid = Array(#"<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1"/>"#.utf8)
        #expect(try XMLLint.validate(invalid).status != 0)
    }

    @Test("encoding a spec without a learner reports what ELMO cannot carry, and decodes again")
    func specWithoutLearner() throws {
        let spec = try Self.registerSpec()
        let encoded = try ELMO.encode(spec, generated: ELMOTest.generated)
        let fields = Set(encoded.report.entries.map(\.field))
        for field in [
            "award", "award.issuedOn", "credentialType", "qualityAssurance",
            "furtherInformation", "approvedOn", "reviewDue",
        ] {
            #expect(fields.contains(field), "\(field) is not in the report")
        }
        let decoded = try ELMO.decode(encoded.bytes)
        #expect(decoded.entries.count == 1 && decoded.entries[0].award == nil)
        #expect(decoded.entries[0].spec.title == spec.title)
        #expect(decoded.entries[0].spec.workload.credits == spec.workload.credits)
        #expect(decoded.entries[0].spec.levels == spec.levels)
    }

    @Test("a spec with an award writes the learner and the result")
    func specWithAward() throws {
        let spec = try ELMO.decode(try ELMOTest.fixture("micro-credential.xml")).entries[0].spec
        let learner = LearnerDetails(
            names: .init(given: "Tāne", family: "Walker"),
            birthDate: try CalendarDate(validating: "1999-12-31"),
            grade: "Merit & distinction <A>"
        )
        let award = AwardInput(spec: nil, issuedOn: try CalendarDate(validating: "2026-07-01"), learner: learner)
        let decoded = try ELMO.decode(try ELMO.encode(spec, award: award, generated: ELMOTest.generated).bytes)
        #expect(decoded.entries[0].award?.learner == learner)
        #expect(decoded.entries[0].award?.issuedOn == award.issuedOn)
    }

    @Test("refuses entries that describe two learners or a part before its whole")
    func refusesInconsistentEntries() throws {
        let decoded = try ELMO.decode(try ELMOTest.fixture("micro-credential.xml"))
        var other = decoded.entries
        other[1].award = other[0].award
        other[1].award?.learner.names = .init(given: "Someone", family: "Else")
        #expect(throws: CredexError.self) { try ELMO.encode(other, generated: ELMOTest.generated) }
        var backwards = decoded.entries
        backwards[0].parent = 1
        #expect(throws: CredexError.self) { try ELMO.encode(backwards, generated: ELMOTest.generated) }
    }

    /// A register spec from `Schemas/examples/`, with fields ELMO has no place for.
    static func registerSpec() throws -> CredentialSpec {
        let url = Fixtures.repositoryRoot.appendingPathComponent(
            "Schemas/examples/spec-nzqa-4571-basic-construction.json"
        )
        let value = try StrictJSON.parse(Array(try Data(contentsOf: url)), mode: .document)
        return try JSONValueDecoder().decode(CredentialSpec.self, from: value)
    }

    static func json(_ award: AwardInput?) throws -> String? {
        try award.map { String(decoding: try JSONValueEncoder().canonicalBytes($0), as: UTF8.self) }
    }
}
