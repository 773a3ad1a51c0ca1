import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// W3C Bitstring Status Lists: the published examples read, our lists written and read back,
/// hostile lists refused.
@Suite struct BitstringStatusListTests {
    static func list(_ name: String) throws -> BitstringStatusList {
        let credential = try StrictJSON.parse(Fixtures.data("bitstring-status-list/\(name)"), mode: .document)
        let encoded = try #require(credential["credentialSubject"]?["encodedList"]?.stringValue)
        return try BitstringStatusList(encoded: encoded)
    }

    static func setBits(_ list: BitstringStatusList) -> [Int] {
        (0..<list.count).filter { list[$0] }
    }

    @Test("the 1EdTech test list has 131,072 bits with only bit 23 set; the W3C example is all clear")
    func publishedListsRead() throws {
        let edtech = try Self.list("1edtech-testlist-BitstringStatusListCredential.json")
        #expect(edtech.count == 131_072)
        #expect(Self.setBits(edtech) == [23])
        let w3c = try Self.list("03-bitstring-status-list-credential.json")
        #expect(w3c.count == 131_072)
        #expect(Self.setBits(w3c).isEmpty)
    }

    @Test("the OB 3.0 credential at index 23 of the 1EdTech list reads as revoked")
    func revokedBadge() throws {
        let badge = try OB3Fixtures.json("ob30-credential-status-revoked-bitstring.json")
        let status = try #require(badge["credentialStatus"])
        #expect(status["statusListCredential"]?.stringValue?.hasSuffix("/bit-string-list/testlist") == true)
        let index = try #require(
            status["statusListIndex"]?.int64Value ?? status["statusListIndex"]?.stringValue.flatMap { Int64($0) }
        )
        #expect(try Self.list("1edtech-testlist-BitstringStatusListCredential.json")[Int(index)])
    }

    @Test(
        "a list keeps at least 131,072 bits, index 0 is the first byte's high bit, and it grows when set past its end"
    )
    func bitsAndGrowth() throws {
        var list = BitstringStatusList(length: 10)
        #expect(list.count == 131_072)
        list[0] = true
        #expect(list.bytes[0] == 0x80)
        list[7] = true
        list[8] = true
        list[131_071] = true
        list[200_000] = true
        #expect(list.count == 200_008)
        list[7] = false
        let back = try BitstringStatusList(encoded: try list.encoded())
        #expect(back == list)
        #expect(Self.setBits(back) == [0, 8, 131_071, 200_000])
        #expect(!back[999_999_999] && !back[-1])
        #expect(try list.encoded().hasPrefix("uH4sI"), "multibase u + base64url of a GZIP member")
    }

    @Test("a signed status-list credential verifies with eddsa-jcs-2022, and a flipped bit breaks it")
    func signedCredential() throws {
        var list = BitstringStatusList()
        list[42] = true
        let key = try OB3Fixtures.key()
        let credential = try list.credential(
            id: "https://node.example/credex/v1/status/revocation",
            issuer: DidKey.verificationMethod(for: key.publicKey).components(separatedBy: "#")[0],
            purpose: "revocation",
            validFrom: "2026-01-01T00:00:00Z"
        )
        let signed = try OpenBadges.sign(credential, key: key, created: "2026-01-01T00:00:00Z")
        #expect(EddsaJcs2022.verify(signed).isValid)
        list[43] = true
        guard case .object(var members) = signed, case .object(var subject) = members["credentialSubject"] else {
            Issue.record("not an object")
            return
        }
        subject["encodedList"] = .string(try list.encoded())
        members["credentialSubject"] = .object(subject)
        #expect(!EddsaJcs2022.verify(.object(members)).isValid)
    }

    @Test("hostile lists are refused: no multibase prefix, bad base64url, not GZIP, truncated, a GZIP bomb")
    func hostileLists() throws {
        let good = try BitstringStatusList().encoded()
        for (encoded, saying) in [
            (String(good.dropFirst()), "\"u\" followed by base64url"),
            ("u!!!", "\"u\" followed by base64url"),
            ("u" + Base64URL.encode(Array("not gzip at all".utf8)), "GZIP"),
            (String(good.prefix(1 + (good.count / 2) / 4 * 4)), "GZIP"),
        ] {
            let error = #expect(throws: CredexError.self) { try BitstringStatusList(encoded: encoded) }
            #expect(error?.reason.contains(saying) == true, "\(encoded.prefix(20)): \(String(describing: error))")
        }
        // 64 MiB of zero bits compresses to about 64 kB: refused as it inflates, not after.
        let bomb = BitstringStatusList(length: 64 << 23)
        let error = #expect(throws: CredexError.self) { try BitstringStatusList(encoded: try bomb.encoded()) }
        #expect(error?.reason.contains("inflates to more than") == true, "\(String(describing: error))")
    }
}
