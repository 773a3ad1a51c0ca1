import CredexCore
import CredexCrypto
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Fixtures of the Open Badges 3.0 tests (`Tests/Fixtures/ob3/`, see PROVENANCE.md).
enum OB3Fixtures {
    static let folder = "ob3/"
    /// Fixed so that generated credentials and their fixtures stay byte-identical.
    static let created = "2026-01-01T00:00:00Z"
    static let credentialID = "urn:uuid:3c1a2e1e-8d8e-4a53-9a4b-0d5b8f8a2f10"
    static let statusList = OpenBadges.StatusListEntry(
        listCredential: "https://university.example/status/revocation/1",
        index: 94_567
    )

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Fixtures.data(folder + name)) }

    static func json(_ name: String) throws -> JSONValue { try StrictJSON.parse(bytes(name), mode: .document) }

    static func spec() throws -> CredentialSpec {
        try JSONValueDecoder().decode(CredentialSpec.self, from: json("spec-sample.json"))
    }

    static func award() throws -> OpenBadges.AwardFacts {
        OpenBadges.AwardFacts(
            issuedOn: try CalendarDate(validating: "2026-01-01"),
            validUntil: try CalendarDate(validating: "2031-01-01"),
            learner: [Identifier(scheme: "subject-id", value: "did:example:learner-1")]
        )
    }

    /// The W3C vc-di-eddsa test-vector key (`vc-di-eddsa/keyPair.json`).
    static func key() throws -> Ed25519PrivateKey {
        let keyPair = try StrictJSON.parse(Fixtures.data("vc-di-eddsa/keyPair.json"), mode: .document)
        let encoded = try #require(keyPair["privateKeyMultibase"]?.stringValue)
        let bytes = try #require(Base58BTC.decodeMultibase(encoded))
        try #require(bytes.count == 34 && bytes.starts(with: [0x80, 0x26]))
        return try Ed25519PrivateKey(seed: Array(bytes.dropFirst(2)))
    }

    /// The sample spec with one award, as an unsigned credential with a revocation status entry.
    static func unsignedCredential() throws -> JSONValue {
        try OpenBadges.encode(spec(), id: credentialID, award: award(), statusList: statusList).credential
    }

    /// The report's fields with the given outcome.
    static func fields(_ report: MappingReport, _ outcome: MappingReport.Outcome) -> Set<String> {
        Set(report.entries.filter { $0.outcome == outcome }.map(\.field))
    }
}
