import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import Testing

/// Base58btc, base64url and did:key: round trips and refusals.
@Suite struct EncodingTests {
    /// Byte strings with leading zeros, every byte value and several lengths.
    static let samples: [[UInt8]] = [
        [], [0], [0, 0, 1], [255], Array(0...255), [0, 0, 0, 0xED, 0x01, 0x7F],
        Array(repeating: 0xFF, count: 33), (1...64).map { UInt8(truncatingIfNeeded: $0 * 37) },
    ]

    @Test(arguments: samples) func base58RoundTrip(bytes: [UInt8]) throws {
        let text = Base58BTC.encode(bytes)
        #expect(Base58BTC.decode(text) == bytes)
        #expect(Base58BTC.decodeMultibase(Base58BTC.encodeMultibase(bytes)) == bytes)
        #expect(text.prefix { $0 == "1" }.count == bytes.prefix { $0 == 0 }.count)
    }

    @Test func base58KnownValues() {
        #expect(Base58BTC.encode(Array("hello world".utf8)) == "StV1DL6CwTryKyV")
        #expect(Base58BTC.encode([0, 0, 57]) == "11z")
        #expect(Base58BTC.decode("2g") == Array("a".utf8))
    }

    @Test(arguments: ["0", "O", "I", "l", "StV1DL6CwTryKy+", "abc def", "é"])
    func base58RefusesCharactersOutsideTheAlphabet(text: String) {
        #expect(Base58BTC.decode(text) == nil)
    }

    @Test func multibaseNeedsTheZPrefix() {
        #expect(Base58BTC.decodeMultibase("StV1DL6CwTryKyV") == nil)
        #expect(Base58BTC.decodeMultibase("zStV1DL6CwTryKyV") == Array("hello world".utf8))
        #expect(Base58BTC.decodeMultibase("") == nil)
    }

    @Test(arguments: samples) func base64URLRoundTrip(bytes: [UInt8]) throws {
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test func base64URLUsesTheURLAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    /// "AB" and "AAB" carry padding bits that are not zero: another spelling of "AA" / "AAA".
    @Test(arguments: ["AB", "AAB", "-_9", "A", "AAAAA", "AA==", "AA=", "+/8", "AA AA", "AA\n", "é"])
    func base64URLRefusesNonCanonicalOrForeignText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func base64URLAcceptsTheCanonicalSpellings() {
        #expect(Base64URL.decode("AA") == [0])
        #expect(Base64URL.decode("AAA") == [0, 0])
        #expect(Base64URL.decode("") == [])
    }

    @Test func didKeyRoundTripWithTheW3CKeyPair() throws {
        let keyPair = try StrictJSON.parse(Fixtures.data("vc-di-eddsa/keyPair.json"), mode: .document)
        let publicMultibase = try #require(keyPair["publicKeyMultibase"]?.stringValue)
        let key = try EddsaJcs2022Tests.vectorKey().publicKey

        #expect(DidKey.multibase(for: key) == publicMultibase)
        let method = DidKey.verificationMethod(for: key)
        #expect(method == "did:key:\(publicMultibase)#\(publicMultibase)")
        #expect(DidKey.publicKey(fromVerificationMethod: method) == key)
        #expect(DidKey.publicKey(fromVerificationMethod: "did:key:\(publicMultibase)") == key)
    }

    @Test func didKeyRefusesOtherMethodsAndKeyTypes() throws {
        let keyPair = try StrictJSON.parse(Fixtures.data("vc-di-eddsa/keyPair.json"), mode: .document)
        let publicMultibase = try #require(keyPair["publicKeyMultibase"]?.stringValue)
        let privateMultibase = try #require(keyPair["privateKeyMultibase"]?.stringValue)
        #expect(DidKey.publicKey(fromVerificationMethod: "did:web:\(publicMultibase)") == nil)
        // The private-key multicodec (0x80 0x26) is not an Ed25519 public key.
        #expect(DidKey.publicKey(fromVerificationMethod: "did:key:\(privateMultibase)") == nil)
        #expect(DidKey.publicKey(fromVerificationMethod: "did:key:\(publicMultibase.dropLast())") == nil)
        #expect(DidKey.publicKey(fromVerificationMethod: "did:key:") == nil)
    }
}

@Suite struct HostileEncodingTests {
    @Test func base58RefusesTextLongerThanItsLimitQuickly() {
        let long = String(repeating: "z", count: Base58BTC.maximumLength + 1)
        #expect(Base58BTC.decode(long) == nil)
        #expect(Base58BTC.decodeMultibase("z" + long) == nil)
    }
}
