import CredexCore
import CredexJSON
import CredexMapping
import Testing

/// Hostile and wrong input gets a `CredexError` that says what and where.
@Suite struct OpenBadgesHostileTests {
    static func decodeError(_ text: String) throws -> CredexError {
        try #require(throws: CredexError.self) { try OpenBadges.decode(Array(text.utf8)) }
    }

    /// The simple 1EdTech example with one member of its achievement replaced.
    static func withAchievement(_ key: String, _ value: String) throws -> String {
        var json = JCS.canonicalString(try OB3Fixtures.json("ob30-simple.json"))
        let achievement = try #require(try OB3Fixtures.json("ob30-simple.json")["credentialSubject"]?["achievement"])
        let original = JCS.canonicalString(achievement)
        var members = try #require(achievement.objectValue)
        members[key] = try StrictJSON.parse(value, mode: .document)
        json = json.replacingOccurrences(of: original, with: JCS.canonicalString(.object(members)))
        return json
    }

    @Test func wrongTypesNameTheMember() throws {
        let name = try Self.decodeError(try Self.withAchievement("name", "42"))
        #expect(name.code == .invalidField)
        #expect(name.pointer?.tokens == ["credentialSubject", "achievement", "name"])
        #expect(name.reason.contains("must be a string"))
        let alignment = try Self.decodeError(try Self.withAchievement("alignment", "[1]"))
        #expect(alignment.pointer?.tokens == ["credentialSubject", "achievement", "alignment", "0"])
        let issuer = try Self.decodeError(
            JCS.canonicalString(try OB3Fixtures.json("ob30-simple.json"))
                .replacingOccurrences(of: #""issuer":{"#, with: #""issuer":[],"x":{"#)
        )
        #expect(issuer.pointer?.tokens == ["issuer"])
    }

    @Test func hugeNumbersAreRefused() throws {
        let big = try Self.decodeError(try Self.withAchievement("creditsAvailable", "1e300"))
        #expect(big.pointer?.tokens == ["credentialSubject", "achievement", "creditsAvailable"])
        let negative = try Self.decodeError(try Self.withAchievement("creditsAvailable", "-5"))
        #expect(negative.code == .invalidField)
        let infinite = try Self.decodeError(#"{"creditsAvailable":1e400}"#)
        #expect(infinite.code == .malformed)
    }

    @Test func deepNestingIsRefused() throws {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let error = try Self.decodeError(#"{"type":"#.appending(deep) + "}")
        #expect(error.code == .malformed)
        #expect(error.reason.contains("not strict JSON"))
    }

    @Test func otherDocumentsAndTokensAreRefused() throws {
        #expect(try Self.decodeError(#"{"type":["VerifiableCredential"]}"#).code == .wrongKind)
        #expect(try Self.decodeError(#"{"a":1,"a":2}"#).code == .malformed)
        #expect(try Self.decodeError("eyJhbGciOiJFZERTQSJ9.e30").code == .malformed)
        #expect(try Self.decodeError("eyJhbGciOiJFZERTQSJ9.W10.AA").code == .malformed)
        let oversized = [UInt8](repeating: 0x20, count: OpenBadges.maximumBytes + 1)
        let error = try #require(throws: CredexError.self) { try OpenBadges.decode(oversized) }
        #expect(error.code == .tooLarge)
    }

    @Test func missingRequiredMembersAreNamed() throws {
        var members = try #require(try OB3Fixtures.json("ob30-simple.json").objectValue)
        members["validFrom"] = nil
        let error = try Self.decodeError(JCS.canonicalString(.object(members)))
        #expect(error.code == .missingField)
        #expect(error.pointer?.tokens == ["validFrom"])
    }
}
