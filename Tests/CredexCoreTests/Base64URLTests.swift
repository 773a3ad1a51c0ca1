import CredexCore
import CredexTesting
import Foundation
import Testing

/// Base64url without padding: RFC 4648's test vectors, agreement with Foundation on random bytes,
/// and refusal of every spelling that is not the canonical one.
@Suite struct Base64URLTests {
    @Test func rfc4648Vectors() {
        let vectors = [
            "": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test func agreesWithFoundationOnRandomBytes() {
        var random = SeededGenerator(seed: 7)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
    }

    @Test func otherSpellingsAreRefused() {
        for text in ["Zh", "Zm9", "Zm+v", "Zm9v=", "Zm/v", "Z", "Zm9vY", "Zm 9v", "Zm9vYmF=", "Zm9vYmH"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
    }
}
