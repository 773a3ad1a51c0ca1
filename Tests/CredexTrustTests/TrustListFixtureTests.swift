import CredexCore
import CredexJSON
import CredexTesting
import CredexTrust
import Foundation
import Testing

/// The trust-list fixtures (`Tests/Fixtures/records/*/trustlist--*.json`) and the sample list in
/// `Schemas/examples/`: the Swift model accepts what the JSON Schema accepts, and refuses each
/// invalid one at the pointer the schema refuses it at.
@Suite struct TrustListFixtureTests {
    static func names(_ folder: String) -> [String] {
        ((try? Fixtures.files(in: "records/\(folder)", suffix: ".json")) ?? [])
            .map(\.lastPathComponent).filter { $0.hasPrefix("trustlist--") }
    }

    /// Decodes and validates a body as the content of a late version (status versions fit).
    static func decode(_ data: Data) throws -> TrustListContent {
        let value: JSONValue
        do {
            value = try StrictJSON.parse(data, mode: .record)
        } catch let error as JSONError {
            throw CredexError(.malformed, error.reason, pointer: error.pointer, cause: error)
        }
        let content = try JSONValueDecoder().decode(TrustListContent.self, from: value)
        try content.validate(version: 1_000)
        #expect(try JSONValueEncoder().encode(content) == value, "does not round-trip")
        return content
    }

    @Test func fixturesArePresent() {
        #expect(Self.names("valid").count >= 2)
        #expect(Self.names("invalid").count >= 20)
    }

    @Test(arguments: names("valid"))
    func validListDecodes(name: String) throws {
        _ = try Self.decode(try Fixtures.data("records/valid/\(name)"))
    }

    @Test func theSampleFederationDecodes() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/trustlist-eciu.json")
        let content = try Self.decode(try Data(contentsOf: url))
        #expect(content.members.contains { $0.jurisdiction.country.rawValue == "MX" && !$0.jurisdiction.eea })
    }

    @Test(arguments: names("invalid"))
    func invalidListIsRefusedAtItsPointer(name: String) throws {
        let index = try StrictJSON.parse(Fixtures.data("records/invalid/INDEX.json"), mode: .record)
        let expected = try #require(index[name]?["pointer"]?.stringValue, "\(name) is not in INDEX.json")
        let error = #expect(throws: CredexError.self, "\(name) was accepted") {
            _ = try Self.decode(try Fixtures.data("records/invalid/\(name)"))
        }
        #expect(error?.pointer?.description == expected, "\(name): \(String(describing: error))")
    }
}
