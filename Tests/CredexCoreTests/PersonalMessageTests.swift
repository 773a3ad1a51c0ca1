import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import Foundation
import Testing

/// Delivery grants and erasure notices: signed over exactly what `Schemas/protocol/README.md`
/// says, so another implementation can make and check them.
@Suite struct PersonalMessageTests {
    static func example(_ name: String) throws -> [UInt8] {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/protocol/examples/\(name)")
        return try Array(Data(contentsOf: url)).dropLast()  // the final newline
    }

    @Test("the documented examples verify, and their part is the grant's commitment")
    func examplesVerify() throws {
        let delivery = try StrictJSON.parseCanonical(try Self.example("personal-delivery-share.json"))
        let grant = try JSONValueDecoder().decode(PersonalMessage.self, from: try #require(delivery["grant"]))
        #expect(grant.type == .grant && grant.reason == .share)
        #expect(grant.hasValidSignature)
        let part = try JSONValueDecoder().decode(PersonalPart.self, from: try #require(delivery["part"]))
        try part.validate()
        #expect(try part.commitment() == grant.commitment)

        let notice = try PersonalMessage(canonicalBytes: try Self.example("personal-message-erasure-notice.json"))
        #expect(notice.type == .erasure && notice.reason == nil)
        #expect(notice.hasValidSignature)
    }

    @Test("any change to a signed member breaks the signature")
    func tamperingIsSeen() throws {
        let key = try Ed25519PrivateKey(seed: Array(repeating: 7, count: 32))
        let grant = try PersonalMessage(
            .grant,
            federation: "urn:credex:federation:test",
            issuer: try NodeID(validating: "did:web:a.example"),
            recipient: try NodeID(validating: "did:web:b.example"),
            award: RecordID(canonicalBytes: Array("award".utf8)),
            commitment: try Commitment(validating: String(repeating: "a", count: 64)),
            reason: .firstRecipient,
            key: key
        )
        #expect(grant.hasValidSignature)
        let decoded = try PersonalMessage(canonicalBytes: try grant.canonicalBytes())
        #expect(decoded == grant && decoded.hasValidSignature)

        var other = grant
        other.recipient = try NodeID(validating: "did:web:c.example")
        #expect(!other.hasValidSignature)
        other = grant
        other.type = .erasure
        #expect(!other.hasValidSignature)
        other = grant
        other.keyId = KeyID(try Ed25519PrivateKey(seed: Array(repeating: 8, count: 32)).publicKey)
        #expect(!other.hasValidSignature)
        other = grant
        other.signature = nil
        #expect(!other.hasValidSignature)
    }

    @Test("a grant without its reason, or a message that is not canonical, is refused")
    func malformedMessagesAreRefused() throws {
        let delivery = try StrictJSON.parseCanonical(try Self.example("personal-delivery-share.json"))
        guard case .object(var grant) = try #require(delivery["grant"]) else { return }
        grant["reason"] = nil
        #expect(throws: CredexError.self) { try PersonalMessage(canonicalBytes: JCS.canonicalBytes(.object(grant))) }
        let pretty = Array("{ \"type\": \"credex.erasure-notice/1\" }".utf8)
        #expect(throws: CredexError.self) { try PersonalMessage(canonicalBytes: pretty) }
    }
}
