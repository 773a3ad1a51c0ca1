import CredexCore
import CredexJSON
import CredexMapping
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Testing

@testable import CredexVerification

/// Uploaded documents: OB 3.0 exports signed by a member, VC-JWTs, record files, other formats.
@Suite("Verifier: uploaded documents")
struct DocumentTests {
    /// A held award of the issuer, exported in `format` as the issuer's node signs it.
    static func exported(
        _ format: CredentialExport.Format
    ) async throws -> (scenario: Scenario, award: Record, bytes: [UInt8]) {
        var scenario = Scenario()
        let spec = try scenario.spec()
        let award = try scenario.award(of: spec, part: Scenario.learner)
        try await scenario.append(spec, award, try scenario.checkpoint(), parts: [award.id: Scenario.learner])
        let key = scenario.issuer.key
        let exporter = CredentialExport(
            nodeID: scenario.issuer.nodeID,
            revocationList: "https://node1.example/revocations",
            signingKey: { key },
            now: { Scenario.now }
        )
        let store = scenario.store
        let output = try await exporter.export(award, status: .active, to: format) {
            try await store.record(id: $0)?.record
        }
        #expect(output.signedHere)
        return (scenario, award, output.bytes)
    }

    @Test("an untouched OB 3.0 export verifies and is identified as the member's held record")
    func untouchedExport() async throws {
        let (scenario, award, bytes) = try await Self.exported(.ob3)
        let trust = try scenario.trust { $0.accreditation = .init(credentialTypes: [], eqfLevels: [6]) }
        let report = try await scenario.verifier(trust: trust).verify(document: bytes)
        #expect(report.outcome == .pass, "\(report.checks.filter { $0.outcome != .pass })")
        let proof = try report.require(.documentProof)
        #expect(proof.outcome == .pass)
        #expect(proof.name == "W3C Data Integrity (eddsa-jcs-2022)")
        let signer = try report.require(.documentSigner)
        #expect(signer.outcome == .pass)
        #expect(signer.evidence?["member"] == scenario.issuer.nodeID.rawValue)
        let record = try report.require(.documentRecord)
        #expect(record.outcome == .pass, "\(record)")
        #expect(report.subject.record?.id == award.id.rawValue)
        #expect(report.subject.document?.format == "ob3")
        #expect(try report.require(.status).outcome == .pass, "the held record's own checks follow")
    }

    @Test("one character changed after signing fails the proof, saying what failed")
    func tamperedExport() async throws {
        let (scenario, _, bytes) = try await Self.exported(.ob3)
        var text = String(decoding: bytes, as: UTF8.self)
        let range = try #require(text.range(of: "Sustainable"))
        text.replaceSubrange(range, with: "Sustainablf")
        let report = try await scenario.verifier(trust: try scenario.trust()).verify(document: Array(text.utf8))
        #expect(report.outcome == .fail)
        let proof = try report.require(.documentProof)
        #expect(proof.outcome == .fail)
        #expect(proof.reason == "the signature does not verify")
        let record = try report.require(.documentRecord)
        #expect(record.outcome == .fail)
        #expect(record.reason.contains("differs from held record"), "\(record)")
        #expect(report.subject.record == nil, "a tampered document is not identified as the record")
    }

    @Test("a document whose record is not held, or signed by no member, is unknown, not a pass")
    func unknownSigner() async throws {
        let (_, _, bytes) = try await Self.exported(.ob3)
        let elsewhere = Scenario()
        let report = try await elsewhere.verifier(trust: nil).verify(document: bytes)
        #expect(try report.require(.documentProof).outcome == .pass)
        #expect(try report.require(.documentSigner).outcome == .unknown)
        #expect(try report.require(.documentRecord).outcome == .unknown)
        #expect(report.outcome == .unknown)
    }

    @Test("a VC-JWT export verifies; a changed signature fails")
    func jwtExport() async throws {
        let (scenario, award, bytes) = try await Self.exported(.ob3JWT)
        let trust = try scenario.trust()
        let report = try await scenario.verifier(trust: trust).verify(document: bytes)
        #expect(try report.require(.documentProof).outcome == .pass, "\(report.checks)")
        #expect(try report.require(.documentRecord).outcome == .pass, "\(report.checks)")
        #expect(report.subject.record?.id == award.id.rawValue)

        var tampered = bytes
        tampered[tampered.count - 3] =
            tampered[tampered.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let bad = try await scenario.verifier(trust: trust).verify(document: tampered)
        #expect(try bad.require(.documentProof).outcome == .fail)
        #expect(bad.outcome == .fail)
    }

    @Test("a supported format without a proof is translated and reported as carrying no verifiable proof")
    func unsignedFormat() async throws {
        let bytes = JCS.canonicalBytes(RecordFactory.specBody())
        let report = try await Scenario().verifier(trust: nil).verify(document: bytes)
        #expect(try report.require(.documentFormat).outcome == .pass)
        let proof = try report.require(.documentProof)
        #expect(proof.outcome == .unknown)
        #expect(proof.reason.contains("carries no proof Credex can verify"))
        #expect(report.outcome == .unknown)
        #expect(report.subject.document?.format == "canonical")
    }

    @Test("an ELMO document is parsed as XML and translated, with no proof; broken XML fails the parse")
    func elmo() async throws {
        let bytes = [UInt8](try Fixtures.data("elmo/micro-credential.xml"))
        let report = try await Scenario().verifier(trust: nil).verify(document: bytes)
        #expect(try report.require(.documentParse).name == "XML")
        #expect(try report.require(.documentParse).outcome == .pass, "\(report.checks)")
        #expect(try report.require(.documentFormat).outcome == .pass)
        #expect(try report.require(.documentProof).outcome == .unknown)

        let broken = try await Scenario().verifier(trust: nil).verify(document: Array(bytes.dropLast(40)))
        #expect(try broken.require(.documentParse).outcome == .fail, "\(broken.checks)")
        #expect(broken.outcome == .fail)
    }

    @Test("what is not strict JSON fails the parse check")
    func notJSON() async throws {
        let report = try await Scenario().verifier(trust: nil).verify(document: Array("{\"a\": 1, \"a\": 2}".utf8))
        #expect(report.checks.map(\.id) == ["document.parse"])
        #expect(report.outcome == .fail)
    }

    @Test("a held record's file verifies against the store; a tampered copy fails its signature")
    func recordFile() async throws {
        var scenario = Scenario()
        let spec = try scenario.spec()
        try await scenario.append(spec)
        let report = try await scenario.verifier(trust: try scenario.trust()).verify(
            document: spec.canonicalBytes + [0x0A]
        )
        #expect(try report.require(.recordCanonical).reason == "the file is the record's RFC 8785 bytes")
        #expect(try report.require(.recordHeld).outcome == .pass)
        #expect(report.outcome != .fail, "\(report.checks)")

        var text = String(decoding: spec.canonicalBytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "Sustainable", with: "Sustainablf")
        let bad = try await scenario.verifier(trust: try scenario.trust()).verify(document: Array(text.utf8))
        #expect(try bad.require(.recordSignature).outcome == .fail)
        #expect(try bad.require(.recordHeld).outcome == .fail, "another record is held at #1")
    }
}
