import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Testing

/// The documents' own proofs: `eddsa-jcs-2022` and VC-JWT (EdDSA), each with a tampered twin.
/// The fixtures were made by `OpenBadges.encode` and signed with the W3C vc-di-eddsa test key.
@Suite struct OpenBadgesProofTests {
    @Test func signedFixtureIsWhatTheEncoderAndSignerProduce() throws {
        let signed = try OpenBadges.sign(
            OB3Fixtures.unsignedCredential(),
            key: OB3Fixtures.key(),
            created: OB3Fixtures.created
        )
        #expect(signed == (try OB3Fixtures.json("signed-eddsa-jcs-2022.json")))
        #expect(signed["proof"]?.arrayValue?.count == 1)
        let token = try VCJWT.sign(OB3Fixtures.unsignedCredential(), key: OB3Fixtures.key())
        #expect(Array(token.utf8) == (try OB3Fixtures.bytes("vcjwt-valid.jwt")))
    }

    @Test func eddsaJcs2022FixtureVerifiesAndItsTamperedTwinFails() throws {
        let valid = try OpenBadges.decode(OB3Fixtures.bytes("signed-eddsa-jcs-2022.json"))
        #expect(valid.proof == .verified(method: "eddsa-jcs-2022"))
        #expect(valid.spec.provenance?.proof == .verified)
        let tampered = try OpenBadges.decode(OB3Fixtures.bytes("signed-eddsa-jcs-2022-tampered.json"))
        #expect(tampered.proof == .failed(method: "eddsa-jcs-2022", reasons: ["the signature does not verify"]))
        #expect(tampered.spec.provenance?.proof == .failed)
    }

    @Test func vcJWTVerifiesAndItsTamperedTwinFails() throws {
        let valid = try OpenBadges.decode(OB3Fixtures.bytes("vcjwt-valid.jwt"))
        #expect(valid.proof == .verified(method: VCJWT.method))
        #expect(valid.spec.levels == (try OB3Fixtures.spec()).levels)
        let tampered = try OpenBadges.decode(OB3Fixtures.bytes("vcjwt-tampered.jwt"))
        #expect(tampered.proof == .failed(method: VCJWT.method, reasons: ["the signature does not verify"]))
    }

    @Test func aKeyThatCannotBeResolvedFails() throws {
        let decoded = try OpenBadges.decode(OB3Fixtures.bytes("vcjwt-valid.jwt"), resolveKey: { _ in nil })
        #expect(
            decoded.proof == .failed(method: VCJWT.method, reasons: ["the kid cannot be resolved to an Ed25519 key"])
        )
        let signed = try OpenBadges.decode(OB3Fixtures.bytes("signed-eddsa-jcs-2022.json"), resolveKey: { _ in nil })
        #expect(signed.proof.provenanceStatus == .failed)
    }

    @Test func unsignedCredentialHasNoProof() throws {
        let decoded = try OpenBadges.decode(JCS.canonicalBytes(OB3Fixtures.unsignedCredential()))
        #expect(decoded.proof == .none)
        #expect(decoded.spec.provenance?.proof == Provenance.ProofStatus.none)
    }

    @Test func olderVCJWTWithAVCClaimIsRead() throws {
        let key = try OB3Fixtures.key()
        let header: JSONValue = ["alg": "EdDSA", "kid": .string(DidKey.verificationMethod(for: key.publicKey))]
        let payload: JSONValue = ["iss": "https://university.example/", "vc": try OB3Fixtures.unsignedCredential()]
        let input = Base64URL.encode(JCS.canonicalBytes(header)) + "." + Base64URL.encode(JCS.canonicalBytes(payload))
        let token = input + "." + Base64URL.encode(try key.signature(for: Array(input.utf8)))
        let opened = try VCJWT.open(token)
        #expect(opened.proof == .verified(method: VCJWT.method))
        #expect(opened.credential == (try OB3Fixtures.unsignedCredential()))
    }
}
