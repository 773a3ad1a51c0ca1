import CredexCrypto
import CredexJSON
import CredexTesting
import Foundation
import Testing

@testable import CredexCore

/// The W3C vc-di-eddsa `eddsa-jcs-2022` test vectors (Tests/Fixtures/vc-di-eddsa/, W3C licence).
@Suite struct EddsaJcs2022Tests {
    static let folder = "vc-di-eddsa/eddsa-jcs-2022/"

    static func json(_ path: String) throws -> JSONValue {
        try StrictJSON.parse(Fixtures.data(path), mode: .document)
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try Fixtures.data(path), as: UTF8.self)
    }

    /// The vectors' key: multibase `z` + base58btc of `0x80 0x26` and the 32-byte seed.
    static func vectorKey() throws -> Ed25519PrivateKey {
        let keyPair = try json("vc-di-eddsa/keyPair.json")
        let encoded = try #require(keyPair["privateKeyMultibase"]?.stringValue)
        let bytes = try #require(Base58BTC.decodeMultibase(encoded))
        try #require(bytes.count == 34 && bytes.starts(with: [0x80, 0x26]))
        return try Ed25519PrivateKey(seed: Array(bytes.dropFirst(2)))
    }

    @Test func signingUnsignedGivesThePublishedProof() throws {
        let unsigned = try Self.json("vc-di-eddsa/unsigned.json")
        let config = try Self.json(Self.folder + "proofConfigJCS.json")
        let expected = try Self.json(Self.folder + "signedJCS.json")
        let signed = try EddsaJcs2022.sign(
            unsigned,
            key: Self.vectorKey(),
            verificationMethod: try #require(config["verificationMethod"]?.stringValue),
            created: try #require(config["created"]?.stringValue)
        )

        let proofValue = signed["proof"]?["proofValue"]
        #expect(proofValue == expected["proof"]?["proofValue"])
        #expect(proofValue?.stringValue == (try Self.text(Self.folder + "sigBTC58JCS.txt")))
        #expect(signed == expected)
    }

    @Test func canonicalFormsAndHashesMatchTheVectors() throws {
        let unsigned = try Self.json("vc-di-eddsa/unsigned.json")
        let config = try Self.json(Self.folder + "proofConfigJCS.json")
        #expect(JCS.canonicalString(unsigned) == (try Self.text(Self.folder + "canonDocJCS.txt")))
        #expect(JCS.canonicalString(config) == (try Self.text(Self.folder + "proofCanonJCS.txt")))
        #expect(SHA256.hex(JCS.canonicalBytes(unsigned)) == (try Self.text(Self.folder + "docHashJCS.txt")))
        #expect(SHA256.hex(JCS.canonicalBytes(config)) == (try Self.text(Self.folder + "proofHashJCS.txt")))
        let combined = EddsaJcs2022.hashData(document: unsigned, proofConfig: config)
        #expect(
            combined.map { String(format: "%02x", $0) }.joined() == (try Self.text(Self.folder + "combinedHashJCS.txt"))
        )
        let signature = try Self.vectorKey().signature(for: combined)
        #expect(signature.map { String(format: "%02x", $0) }.joined() == (try Self.text(Self.folder + "sigHexJCS.txt")))
    }

    @Test func publishedDocumentVerifies() throws {
        let check = EddsaJcs2022.verify(try Self.json(Self.folder + "signedJCS.json"))
        #expect(check.isValid, "\(check.problems)")
        #expect(check.proofCount == 1)
        #expect(check.problems.isEmpty)
    }

    @Test func tamperedSubjectDoesNotVerify() throws {
        let signed = try Self.json(Self.folder + "signedJCS.json")
        let tampered = signed.setting(["credentialSubject", "alumniOf"], to: "The School of Counterfeits")
        let check = EddsaJcs2022.verify(tampered)
        #expect(!check.isValid)
        #expect(check.problems == ["the signature does not verify"])
    }

    @Test func tamperedProofValueDoesNotVerify() throws {
        let signed = try Self.json(Self.folder + "signedJCS.json")
        let value = try #require(signed["proof"]?["proofValue"]?.stringValue)
        var raw = try #require(Base58BTC.decodeMultibase(value))
        raw[10] ^= 0x01
        let check = EddsaJcs2022.verify(
            signed.setting(["proof", "proofValue"], to: .string(Base58BTC.encodeMultibase(raw)))
        )
        #expect(!check.isValid)
        #expect(check.problems == ["the signature does not verify"])

        let truncated = signed.setting(["proof", "proofValue"], to: .string(String(value.dropLast(5))))
        #expect(
            EddsaJcs2022.verify(truncated).problems
                == ["the proofValue is not a multibase base58btc Ed25519 signature"]
        )
    }

    @Test func documentWithoutProofIsInvalid() throws {
        let check = EddsaJcs2022.verify(try Self.json("vc-di-eddsa/unsigned.json"))
        #expect(!check.isValid)
        #expect(check.proofCount == 0)
        #expect(check.problems == ["the document carries no proof"])
    }

    @Test func wrongCryptosuiteIsAProblem() throws {
        let signed = try Self.json(Self.folder + "signedJCS.json")
        let check = EddsaJcs2022.verify(signed.setting(["proof", "cryptosuite"], to: "eddsa-rdfc-2022"))
        #expect(!check.isValid)
        #expect(check.problems == ["the proof is not a DataIntegrityProof with cryptosuite eddsa-jcs-2022"])
    }

    @Test func unresolvableVerificationMethodIsAProblem() throws {
        let signed = try Self.json(Self.folder + "signedJCS.json")
        let check = EddsaJcs2022.verify(
            signed.setting(["proof", "verificationMethod"], to: "https://vc.example/keys/1")
        )
        #expect(check.problems == ["the verification method cannot be resolved to an Ed25519 key"])
    }

    @Test func signingRefusesADocumentThatHasAProof() throws {
        let signed = try Self.json(Self.folder + "signedJCS.json")
        expectRefusal(.invalidField) {
            try EddsaJcs2022.sign(
                signed,
                key: Self.vectorKey(),
                verificationMethod: "did:key:z6Mk",
                created: "2023-02-24T23:36:38Z"
            )
        }
    }
}
