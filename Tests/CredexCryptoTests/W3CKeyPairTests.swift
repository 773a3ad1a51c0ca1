import CredexCrypto
import CredexTesting
import Foundation
import Testing

/// The key pair of the W3C vc-di-eddsa test vectors (Tests/Fixtures/vc-di-eddsa/keyPair.json).
@Suite struct W3CKeyPairTests {
    @Test func seedYieldsPublishedPublicKey() throws {
        let keyPair = try JSONDecoder().decode(
            [String: String].self,
            from: Fixtures.data("vc-di-eddsa/keyPair.json")
        )
        let publicMultibase = try #require(keyPair["publicKeyMultibase"])
        let privateMultibase = try #require(keyPair["privateKeyMultibase"])

        let publicKey = try #require(Self.multibaseBase58btc(publicMultibase))
        let privateKey = try #require(Self.multibaseBase58btc(privateMultibase))
        #expect(publicKey.count == 34 && publicKey.starts(with: [0xed, 0x01]))  // multicodec ed25519-pub
        #expect(privateKey.count == 34 && privateKey.starts(with: [0x80, 0x26]))  // multicodec ed25519-priv

        let key = try Ed25519PrivateKey(seed: Array(privateKey.dropFirst(2)))
        #expect(key.publicKey.rawRepresentation == Array(publicKey.dropFirst(2)))
    }

    @Test func base58DecoderKnownValues() {
        #expect(Self.base58(decoding: "") == [])
        #expect(Self.base58(decoding: "1") == [0])
        #expect(Self.base58(decoding: "11z") == [0, 0, 57])
        #expect(Self.base58(decoding: "2g") == Array("a".utf8))
        #expect(Self.base58(decoding: "StV1DL6CwTryKyV") == Array("hello world".utf8))
        #expect(Self.base58(decoding: "0OIl") == nil)
    }

    /// Decodes a multibase string whose prefix is `z` (base58btc).
    static func multibaseBase58btc(_ text: String) -> [UInt8]? {
        guard text.first == "z" else { return nil }
        return base58(decoding: String(text.dropFirst()))
    }

    /// Bitcoin-alphabet base58; nil on a character outside the alphabet.
    static func base58(decoding text: String) -> [UInt8]? {
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
        var bytes: [UInt8] = []  // big-endian magnitude
        for character in text.utf8 {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            var carry = digit
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xff), at: 0)
                carry >>= 8
            }
        }
        let leadingZeros = text.utf8.prefix { $0 == UInt8(ascii: "1") }.count
        return [UInt8](repeating: 0, count: leadingZeros) + bytes
    }
}
