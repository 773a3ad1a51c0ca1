import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import Testing

/// The personal part: its commitment, fresh salts, NFC names, and the refusal of a nameless learner.
@Suite struct PersonalPartTests {
    static func details(_ names: JSONValue) throws -> LearnerDetails {
        try JSONValueDecoder().decode(LearnerDetails.self, from: ["names": names, "birthDate": "2001-04-09"])
    }

    static let salt = [UInt8](repeating: 0x5A, count: 16)

    @Test func commitmentIsTheSHA256OfTheCanonicalBytes() throws {
        let part = try RecordFactory.personalPart(fullName: "Aoife Byrne", studentID: "S-1")
        let bytes = try part.canonicalBytes()
        #expect(try part.commitment().rawValue == SHA256.hex(bytes))
        #expect(try StrictJSON.parseCanonical(bytes)["type"] == "credex.personal/1")
        #expect(try JSONValueDecoder().decode(PersonalPart.self, from: StrictJSON.parseCanonical(bytes)) == part)
        try part.validate()
    }

    @Test func twoPartsOfOneLearnerHaveDifferentSaltsAndCommitments() throws {
        let details = try Self.details(["given": "Aoife", "family": "Byrne"])
        let first = try PersonalPart(details: details)
        let second = try PersonalPart(details: details)
        #expect(Base64URL.decode(first.salt)?.count == 16)
        #expect(first.salt != second.salt)
        #expect(try first.commitment() != second.commitment())
        #expect(first.names == second.names)
    }

    @Test func saltChangesTheCommitment() throws {
        let details = try Self.details(["full": "Aoife Byrne"])
        let one = try PersonalPart(details: details, salt: Self.salt)
        let other = try PersonalPart(details: details, salt: [UInt8](repeating: 0x5B, count: 16))
        #expect(try one.commitment() == PersonalPart(details: details, salt: Self.salt).commitment())
        #expect(try one.commitment() != other.commitment())
    }

    @Test func namesGivenInNFDAreStoredNFCAndCommitTheSame() throws {
        let nfd = "Ni\u{0301}amh O\u{0301} Bri\u{0301}ain"
        let nfc = "N\u{ED}amh \u{D3} Br\u{ED}ain"
        #expect(Array(nfd.utf8) != Array(nfc.utf8))
        let fromNFD = try PersonalPart(
            details: Self.details(["full": .string(nfd), "given": "Ni\u{0301}amh"]),
            salt: Self.salt
        )
        let fromNFC = try PersonalPart(
            details: Self.details(["full": .string(nfc), "given": "N\u{ED}amh"]),
            salt: Self.salt
        )
        #expect(Array(fromNFD.names.full?.utf8 ?? "".utf8) == Array(nfc.utf8))
        #expect(Array(fromNFD.names.given?.utf8 ?? "".utf8) == Array("N\u{ED}amh".utf8))
        #expect(try fromNFD.canonicalBytes() == fromNFC.canonicalBytes())
        #expect(try fromNFD.commitment() == fromNFC.commitment())
        let text = String(decoding: try fromNFD.canonicalBytes(), as: UTF8.self)
        #expect(!text.unicodeScalars.contains("\u{0301}"))
    }

    @Test func storedPartWithNFDNamesFailsValidation() throws {
        let nfc = try PersonalPart(details: Self.details(["full": "N\u{ED}amh"]), salt: Self.salt)
        let json = try JSONValueEncoder().encode(nfc).setting(["names", "full"], to: "Ni\u{0301}amh")
        let decoded = try JSONValueDecoder().decode(PersonalPart.self, from: json)
        expectRefusal(.invalidField, pointer: "/names") { try decoded.validate() }
    }

    @Test func partWithoutANameIsRefused() throws {
        expectRefusal(.invalidField, pointer: "/names") {
            try PersonalPart(details: Self.details([:]), salt: Self.salt)
        }
        expectRefusal(.invalidField, pointer: "/names") {
            try PersonalPart(details: Self.details(["given": "", "family": "Byrne"]), salt: Self.salt)
        }
    }

    @Test func shortSaltIsRefusedByValidation() throws {
        let part = try PersonalPart(details: Self.details(["full": "Aoife Byrne"]), salt: [1, 2, 3])
        expectRefusal(.invalidField, pointer: "/salt") { try part.validate() }
    }

    @Test func unknownMemberIsRefused() throws {
        let part = try PersonalPart(details: Self.details(["full": "Aoife Byrne"]), salt: Self.salt)
        let json = try JSONValueEncoder().encode(part).setting(["nickname"], to: "Ee")
        expectRefusal(.unknownField, pointer: "/nickname") {
            try JSONValueDecoder().decode(PersonalPart.self, from: json)
        }
    }
}
