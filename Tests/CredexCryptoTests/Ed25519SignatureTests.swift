import CredexCrypto
import Testing

@Suite struct Ed25519SignatureTests {
    let key = Ed25519PrivateKey.generate()
    let message = Array("credential record".utf8)

    @Test func purposeIsPrefixedWithNUL() {
        #expect(SignaturePurpose.record.signingInput([0x41]) == Array("credex/v1/record".utf8) + [0x00, 0x41])
        #expect(SignaturePurpose("x").signingInput([UInt8]()) == [0x78, 0x00])
    }

    @Test func purposeSignatureVerifiesOnlyUnderItsPurpose() throws {
        let signature = try key.signature(purpose: .record, message: message)
        #expect(key.publicKey.isValidSignature(signature, purpose: .record, message: message))
        #expect(!key.publicKey.isValidSignature(signature, purpose: .request, message: message))
        #expect(!key.publicKey.isValidSignature(signature, purpose: .trustList, message: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message))
        #expect(key.publicKey.isValidSignature(signature, for: SignaturePurpose.record.signingInput(message)))
    }

    @Test func rawSignatureDoesNotVerifyUnderAPurpose() throws {
        let signature = try key.signature(for: message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, purpose: .response, message: message))
    }

    @Test func wrongKeyFails() throws {
        let signature = try key.signature(purpose: .record, message: message)
        let other = Ed25519PrivateKey.generate()
        #expect(!other.publicKey.isValidSignature(signature, purpose: .record, message: message))
    }

    @Test(arguments: [0, 7, 16])
    func flippedMessageBitFails(byte: Int) throws {
        let signature = try key.signature(purpose: .record, message: message)
        var tampered = message
        tampered[byte] ^= 0x01
        #expect(!key.publicKey.isValidSignature(signature, purpose: .record, message: tampered))
    }

    @Test(arguments: [0, 31, 32, 63])
    func flippedSignatureBitFails(byte: Int) throws {
        var signature = try key.signature(purpose: .record, message: message)
        signature[byte] ^= 0x80
        #expect(!key.publicKey.isValidSignature(signature, purpose: .record, message: message))
    }

    @Test func malformedSignaturesFailWithoutCrashing() throws {
        let signature = try key.signature(purpose: .record, message: message)
        for bad in [Array(signature.dropLast()), signature + [0], [], [UInt8](repeating: 0, count: 64)] {
            #expect(!key.publicKey.isValidSignature(bad, purpose: .record, message: message))
        }
    }

    @Test func wrongLengthKeyMaterialIsRefused() {
        let seedError = #expect(throws: CryptoError.self) {
            try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 31))
        }
        #expect(seedError?.code == .invalidKey)
        let publicError = #expect(throws: CryptoError.self) { try Ed25519PublicKey(rawRepresentation: [1, 2, 3]) }
        #expect(publicError?.code == .invalidKey)
        #expect(publicError?.description.contains("32 bytes") == true)
    }

    @Test func privateKeyPEMRoundTrip() throws {
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let reloaded = try Ed25519PrivateKey(pemRepresentation: pem)
        #expect(reloaded.publicKey == key.publicKey)
        #expect(try reloaded.signature(for: message) == key.signature(for: message))
    }

    @Test func publicKeyPEMRoundTrip() throws {
        let pem = key.publicKey.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(try Ed25519PublicKey(pemRepresentation: pem) == key.publicKey)
    }

    @Test func p256PrivateKeyPEMIsRefused() throws {
        let tls = try TLSIdentity.generate(commonName: "node", dnsNames: ["node.example"])
        let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey(pemRepresentation: tls.privateKeyPEM) }
        #expect(error?.code == .invalidKey)
        #expect(error?.reason.contains("not an Ed25519 private key") == true)
    }

    @Test func garbagePEMIsRefused() {
        for garbage in ["", "hello", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"] {
            let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey(pemRepresentation: garbage) }
            #expect(error?.code == .invalidKey)
            let publicError = #expect(throws: CryptoError.self) { try Ed25519PublicKey(pemRepresentation: garbage) }
            #expect(publicError?.code == .invalidKey)
        }
    }

    @Test func privatePEMIsNotAPublicKey() {
        #expect(throws: CryptoError.self) { try Ed25519PublicKey(pemRepresentation: key.pemRepresentation) }
    }

    @Test func oneKeySignsAndVerifiesConcurrently() async throws {
        let key = self.key
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    let signature = try key.signature(purpose: .record, message: message)
                    return key.publicKey.isValidSignature(signature, purpose: .record, message: message)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 32 && results.allSatisfy { $0 })
    }
}
