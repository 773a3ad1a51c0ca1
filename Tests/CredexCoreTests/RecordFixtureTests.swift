import CredexCore
import CredexJSON
import CredexTesting
import Foundation
import Testing

/// The shared record fixtures (Tests/Fixtures/records/): every valid one decodes through the typed
/// model and every invalid one is refused at the JSON pointer `invalid/INDEX.json` names.
@Suite struct RecordFixtureTests {
    static let bodyKinds: Set<String> = ["spec", "award", "status", "endorsement", "issuer", "checkpoint"]

    static func names(_ folder: String) -> [String] {
        ((try? Fixtures.files(in: "records/\(folder)", suffix: ".json")) ?? [])
            .map(\.lastPathComponent).filter { $0 != "INDEX.json" }
    }

    static func json(_ path: String) throws -> JSONValue {
        try StrictJSON.parse(Fixtures.data("records/\(path)"), mode: .record)
    }

    /// What a fixture is: the part of its name before `--`.
    static func stem(_ name: String) -> String { name.components(separatedBy: "--")[0] }

    /// Decodes `value` as the fixture `name` says, returning it re-encoded (nil for envelopes).
    /// The pointer of an error is relative to the fixture's root, as INDEX.json gives it.
    @discardableResult
    static func decode(_ name: String, _ value: JSONValue) throws -> JSONValue? {
        switch stem(name) {
        case "envelope":
            // Some envelope fixtures carry fake signatures: decoding is shape-only.
            _ = try Record(json: value)
            return nil
        case "personal":
            let part = try JSONValueDecoder().decode(PersonalPart.self, from: value)
            try part.validate()
            return try JSONValueEncoder().encode(part)
        case "award-input":
            return try JSONValueEncoder().encode(JSONValueDecoder().decode(AwardInput.self, from: value))
        case let kind where bodyKinds.contains(kind):
            do {
                let body = try RecordBody.decode(kind: RecordKind(rawValue: kind), body: value)
                return try encode(body)
            } catch let error as CredexError {
                // Body errors point inside the envelope's `body`; INDEX.json points inside the body.
                var tokens = error.pointer?.tokens ?? []
                if tokens.first == "body" { tokens.removeFirst() }
                throw CredexError(error.code, error.reason, pointer: JSONPointer(tokens), cause: error.cause)
            }
        default:
            Issue.record("no decoder for fixture \(name)")
            return nil
        }
    }

    static func encode(_ body: RecordBody) throws -> JSONValue? {
        let encoder = JSONValueEncoder()
        switch body {
        case .issuer(let value): return try encoder.encode(value)
        case .spec(let value): return try encoder.encode(value)
        case .award(let value): return try encoder.encode(value)
        case .status(let value): return try encoder.encode(value)
        case .endorsement(let value): return try encoder.encode(value)
        case .checkpoint(let value): return try encoder.encode(value)
        case .notUnderstood(let reason):
            Issue.record("a valid body was not understood: \(reason)")
            return nil
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.names("valid").count >= 10)
        #expect(Self.names("invalid").count >= 10)
    }

    @Test(arguments: names("valid").filter { bodyKinds.union(["personal", "award-input"]).contains(stem($0)) })
    func validBodyDecodesAndRoundTrips(name: String) throws {
        let value = try Self.json("valid/\(name)")
        let encoded = try Self.decode(name, value)
        #expect(encoded == value, "\(name) does not round-trip through the typed model")
    }

    @Test(arguments: names("valid").filter { stem($0) == "envelope" })
    func validEnvelopeDecodes(name: String) throws {
        let bytes = try Fixtures.data("records/valid/\(name)")
        let record = try Record(canonicalBytes: [UInt8](bytes))
        #expect(record.id == RecordID(canonicalBytes: [UInt8](bytes)))
        #expect(try Record(json: Self.json("valid/\(name)")) == record)
        let understood = RecordBody(of: record).isUnderstood
        switch name {
        case "envelope--newer-major.json", "envelope--unknown-kind.json", "envelope--trustlist.json":
            #expect(!understood)
        default:
            #expect(understood, "\(RecordBody(of: record))")
        }
    }

    @Test func personalFixturesCommitToTheirCanonicalBytes() throws {
        for name in Self.names("valid") where Self.stem(name) == "personal" {
            let bytes = try Fixtures.data("records/valid/\(name)")
            let part = try JSONValueDecoder().decode(PersonalPart.self, from: Self.json("valid/\(name)"))
            #expect(try part.canonicalBytes() == [UInt8](bytes), "\(name) is not stored canonical")
        }
    }

    /// INDEX.json: file name -> { pointer, why }.
    static func index() -> [String: String] {
        guard let index = try? json("invalid/INDEX.json").objectValue else { return [:] }
        return index.compactMapValues { $0["pointer"]?.stringValue }
    }

    @Test func indexListsEveryInvalidFixture() {
        let index = Self.index()
        #expect(Set(index.keys) == Set(Self.names("invalid")))
    }

    @Test(arguments: names("invalid"))
    func invalidFixtureIsRefusedAtItsPointer(name: String) throws {
        let expected = try #require(Self.index()[name], "\(name) is not in INDEX.json")
        let value = try Self.json("invalid/\(name)")
        let error = #expect(throws: CredexError.self, "\(name) was accepted") { try Self.decode(name, value) }
        #expect(error?.pointer?.description == expected, "\(name): \(String(describing: error))")
    }
}
