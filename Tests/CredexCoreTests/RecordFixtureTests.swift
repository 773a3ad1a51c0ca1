import CredexCore
import CredexJSON
import CredexTesting
import Foundation
import Testing

/// The shared record fixtures (Tests/Fixtures/records/): every valid one decodes through the typed
/// model and round-trips, and every invalid one is refused at the JSON pointer `invalid/INDEX.json` names.
@Suite struct RecordFixtureTests {
    static let bodyKinds: Set<String> = ["spec", "award", "status", "endorsement", "issuer", "checkpoint"]

    /// The fixtures of `folder` this module decodes; `trustlist--*` ones are CredexTrust's.
    static func names(_ folder: String) -> [String] {
        ((try? Fixtures.files(in: "records/\(folder)", suffix: ".json")) ?? [])
            .map(\.lastPathComponent).filter { $0 != "INDEX.json" && stem($0) != "trustlist" }
    }

    static func json(_ path: String) throws -> JSONValue {
        try StrictJSON.parse(Fixtures.data("records/\(path)"), mode: .record)
    }

    /// What a fixture is: the part of its file name before `--`.
    static func stem(_ path: String) -> String {
        path.components(separatedBy: "/").last!.components(separatedBy: "--")[0]
    }

    /// Decodes the fixture at `path` (`valid/…`, `invalid/…`) as its name says, returning it
    /// re-encoded (nil for envelopes). Errors are `CredexError`s whose pointer is relative to the
    /// fixture's root, as INDEX.json gives it.
    @discardableResult
    static func decode(_ path: String) throws -> JSONValue? {
        let value: JSONValue
        do {
            value = try json(path)
        } catch let error as JSONError {
            // What the strict parser refuses (a number beyond 2^53 - 1) never reaches a decoder.
            throw CredexError(.malformed, error.reason, pointer: error.pointer, cause: error)
        }
        func body<T: Codable>(_ type: T.Type, _ validate: (T) throws -> Void) throws -> JSONValue {
            let decoded = try JSONValueDecoder().decode(type, from: value)
            try validate(decoded)
            return try JSONValueEncoder().encode(decoded)
        }
        switch stem(path) {
        case "envelope":
            // Some envelope fixtures carry fake signatures: decoding is shape-only.
            _ = try Record(json: value)
            return nil
        case "personal": return try body(PersonalPart.self) { try $0.validate() }
        case "award-input": return try body(AwardInput.self) { _ in }
        case "spec": return try body(CredentialSpec.self) { try $0.validate() }
        case "award": return try body(Award.self) { try $0.validate() }
        case "status": return try body(StatusChange.self) { try $0.validate() }
        case "endorsement": return try body(Endorsement.self) { try $0.validate() }
        case "issuer": return try body(IssuerProfile.self) { try $0.validate() }
        case "checkpoint": return try body(Checkpoint.self) { try $0.validate() }
        default:
            Issue.record("no decoder for fixture \(path)")
            return nil
        }
    }

    /// `RecordBody.decode` must agree with the typed decoder, its pointers inside the envelope's
    /// `body`. A newer major version (`credex.spec/2`) is not an error there: a node keeps such a
    /// record, marked not understood.
    static func checkRecordBody(_ path: String, typed: Result<JSONValue?, CredexError>) throws {
        let kind = stem(path)
        guard bodyKinds.contains(kind) else { return }
        let value = try json(path)
        let result = Result { try RecordBody.decode(kind: RecordKind(rawValue: kind), body: value) }
        switch (typed, result) {
        case (.success, .success(let body)):
            #expect(body.isUnderstood, "\(path): \(body)")
        case (.failure(let expected), .failure(let error as CredexError)):
            #expect(error.code == expected.code, "\(path): \(error)")
            #expect(error.pointer?.tokens == ["body"] + (expected.pointer?.tokens ?? []), "\(path): \(error)")
        case (.failure, .success(.notUnderstood(let reason))):
            let major = value["type"]?.stringValue.flatMap(BodyType.init)?.major ?? 1
            #expect(major > 1, "\(path): \(reason)")
        default:
            Issue.record("\(path): the typed decoder gave \(typed), RecordBody.decode \(result)")
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.names("valid").count >= 10)
        #expect(Self.names("invalid").count >= 10)
    }

    @Test(arguments: names("valid").filter { stem($0) != "envelope" })
    func validBodyDecodesAndRoundTrips(name: String) throws {
        let value = try Self.json("valid/\(name)")
        let encoded = try Self.decode("valid/\(name)")
        #expect(encoded == value, "\(name) does not round-trip through the typed model")
        try Self.checkRecordBody("valid/\(name)", typed: .success(encoded))
    }

    @Test(arguments: names("valid").filter { stem($0) == "envelope" })
    func validEnvelopeDecodes(name: String) throws {
        let bytes = [UInt8](try Fixtures.data("records/valid/\(name)"))
        let record = try Record(canonicalBytes: bytes)
        #expect(record.id == RecordID(canonicalBytes: bytes))
        #expect(try Record(json: Self.json("valid/\(name)")) == record)
        let understood = RecordBody(of: record).isUnderstood
        switch name {
        case "envelope--newer-major.json", "envelope--unknown-kind.json", "envelope--trustlist.json":
            #expect(!understood)
        default:
            #expect(understood, "\(RecordBody(of: record))")
        }
    }

    @Test func personalFixturesAreStoredCanonical() throws {
        for name in Self.names("valid") where Self.stem(name) == "personal" {
            let bytes = try Fixtures.data("records/valid/\(name)")
            let part = try JSONValueDecoder().decode(PersonalPart.self, from: Self.json("valid/\(name)"))
            #expect(try part.canonicalBytes() == [UInt8](bytes), "\(name) is not canonical")
        }
    }

    /// INDEX.json: file name -> pointer.
    static func index() -> [String: String] {
        guard let index = try? json("invalid/INDEX.json").objectValue else { return [:] }
        return index.compactMapValues { $0["pointer"]?.stringValue }
    }

    @Test func indexListsEveryInvalidFixture() {
        #expect(Set(Self.index().keys.filter { Self.stem($0) != "trustlist" }) == Set(Self.names("invalid")))
    }

    @Test(arguments: names("invalid"))
    func invalidFixtureIsRefusedAtItsPointer(name: String) throws {
        let expected = try #require(Self.index()[name], "\(name) is not in INDEX.json")
        let error = #expect(throws: CredexError.self, "\(name) was accepted") { try Self.decode("invalid/\(name)") }
        #expect(error?.pointer?.description == expected, "\(name): \(String(describing: error))")
        if let error { try Self.checkRecordBody("invalid/\(name)", typed: .failure(error)) }
    }
}
