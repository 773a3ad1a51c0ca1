import CredexCrypto
import Testing

@Suite struct SHA256Tests {
    @Test func abcMatchesFIPS180Vector() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hash(Array("abc".utf8))
                == hexBytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        )
    }

    @Test func emptyInput() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func twoBlockFIPS180Vector() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(message.utf8) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func incrementalHasherMatchesOneShot() {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        var hasher = SHA256.Hasher()
        hasher.update(message[..<10])
        hasher.update(message[10...].lazy.map { $0 })  // a non-contiguous sequence
        #expect(hasher.finalize() == SHA256.hash(message))
    }
}
