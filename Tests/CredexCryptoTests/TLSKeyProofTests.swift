import CredexCrypto
import Foundation
import Testing

/// Signatures by a TLS identity's P-256 key, as a join request carries them.
@Suite struct TLSKeyProofTests {
    /// A fixed reference time: 2025-01-01T00:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_735_689_600)
    static let identity = try! TLSIdentity.generate(commonName: "node-1", dnsNames: ["node-1.example"], now: now)
    static let other = try! TLSIdentity.generate(commonName: "node-2", dnsNames: ["node-2.example"], now: now)
    let message = Array(#"{"node":"node-1","endpoint":"https://node-1.example"}"#.utf8)

    @Test func signatureVerifiesUnderItsPurposeOnly() throws {
        let signature = try Self.identity.signature(for: message, purpose: .joinRequest)
        #expect(signature.count == 64)
        #expect(Self.identity.publicKey.isValidSignature(signature, for: message, purpose: .joinRequest))
        #expect(!Self.identity.publicKey.isValidSignature(signature, for: message, purpose: .request))
        #expect(!Self.identity.publicKey.isValidSignature(signature, for: message + [0x20], purpose: .joinRequest))
        var tampered = message
        tampered[3] ^= 0x01
        #expect(!Self.identity.publicKey.isValidSignature(signature, for: tampered, purpose: .joinRequest))
        #expect(!Self.other.publicKey.isValidSignature(signature, for: message, purpose: .joinRequest))
        let otherSignature = try Self.other.signature(for: message, purpose: .joinRequest)
        #expect(!Self.identity.publicKey.isValidSignature(otherSignature, for: message, purpose: .joinRequest))
    }

    @Test func malformedSignaturesAreRefused() throws {
        let signature = try Self.identity.signature(for: message, purpose: .joinRequest)
        let key = Self.identity.publicKey
        let order = hexBytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
        let malformed: [[UInt8]] = [
            [],
            Array(signature.prefix(63)),
            signature + [0],
            [0] + signature,
            Array(repeating: 0, count: 64),
            Array(signature.prefix(32)) + Array(repeating: 0, count: 32),
            Array(repeating: 0, count: 32) + Array(signature.suffix(32)),
            order + Array(signature.suffix(32)),
            Array(signature.prefix(32)) + order,
            Array(repeating: 0xff, count: 64),
            Array(signature.suffix(32)) + Array(signature.prefix(32)),
        ]
        for bytes in malformed {
            #expect(!key.isValidSignature(bytes, for: message, purpose: .joinRequest), "\(bytes.count) bytes")
        }
    }

    @Test func pinMatchesTheIdentityPin() throws {
        let key = try TLSPublicKey(certificatePEM: Self.identity.certificatePEM)
        #expect(key.pin == Self.identity.publicKeyPin)
        #expect(key.pin == "sha256/" + Data(SHA256.hash(key.spkiDER)).base64EncodedString())
        #expect(key == Self.identity.publicKey)
        #expect(try TLSPublicKey(spkiDER: key.spkiDER) == key)
        #expect(Self.other.publicKey != key)
        #expect(Self.other.publicKey.pin == Self.other.publicKeyPin)

        let chain = TLSCertificateAuthorityTests.pki
        let caIssued = try TLSIdentity(
            privateKeyPEM: chain.leaf.privateKeyPEM,
            certificatePEM: chain.leaf.certificatePEM + chain.intermediate.certificatePEM
        )
        #expect(caIssued.publicKey.pin == caIssued.publicKeyPin)
    }

    @Test func otherKeysAndEncodingsAreRefused() throws {
        let spki = Self.identity.publicKey.spkiDER
        let ed25519 = try OpenSSLTool.derFromPEM(Ed25519PrivateKey.generate().publicKey.pemRepresentation)
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let p384Key = try tool.write(
            tool.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]),
            "p384.pem"
        )
        let p384 = try tool.run(["pkey", "-in", p384Key.path, "-pubout", "-outform", "DER"])
        for bytes in [[], spki + [0], Array(spki.dropLast()), ed25519, p384] {
            #expect(throws: CryptoError.self) { try TLSPublicKey(spkiDER: bytes) }
        }
        #expect(throws: CryptoError.self) { try TLSPublicKey(certificatePEM: "not a certificate") }
    }

    @Test func opensslVerifiesOurSignature() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let signature = try Self.identity.signature(for: message, purpose: .joinRequest)
        let input = try tool.write(SignaturePurpose.joinRequest.signingInput(message), "input.bin")
        let key = try tool.write(Self.identity.publicKey.spkiDER, "public.der")
        let der = try tool.write(derSignature(raw: signature), "signature.der")
        let verify = ["dgst", "-sha256", "-verify", key.path, "-keyform", "DER", "-signature", der.path]
        #expect(try tool.status(verify + [input.path]) == 0)
        let tampered = try tool.write(SignaturePurpose.request.signingInput(message), "tampered.bin")
        #expect(try tool.status(verify + [tampered.path]) != 0)
    }

    @Test func weVerifyAnOpenSSLSignature() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let leaf = TLSCertificateAuthorityTests.pki.leaf
        let input = try tool.write(SignaturePurpose.joinRequest.signingInput(message), "input.bin")
        let key = try tool.write(Array(leaf.privateKeyPEM.utf8), "key.pem")
        let der = try tool.run(["dgst", "-sha256", "-sign", key.path, input.path])
        let signature = try #require(rawSignature(der: der))
        let publicKey = try TLSPublicKey(certificatePEM: leaf.certificatePEM)
        #expect(publicKey.isValidSignature(signature, for: message, purpose: .joinRequest))
        #expect(!publicKey.isValidSignature(signature, for: message, purpose: .request))
        #expect(!Self.identity.publicKey.isValidSignature(signature, for: message, purpose: .joinRequest))
    }

    /// DER `SEQUENCE { INTEGER r, INTEGER s }` from `r || s`, written without the library.
    func derSignature(raw: [UInt8]) -> [UInt8] {
        func integer(_ half: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(half.drop { $0 == 0 })
            if value.first.map({ $0 & 0x80 != 0 }) ?? true { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(raw[..<32]) + integer(raw[32...])
        return [0x30, UInt8(body.count)] + body
    }

    /// `r || s` from a DER ECDSA P-256 signature (short-form lengths only), written without the library.
    func rawSignature(der: [UInt8]) -> [UInt8]? {
        guard der.count > 2, der[0] == 0x30, Int(der[1]) == der.count - 2 else { return nil }
        var index = 2
        var raw: [UInt8] = []
        for _ in 0..<2 {
            guard index + 2 <= der.count, der[index] == 0x02, index + 2 + Int(der[index + 1]) <= der.count else {
                return nil
            }
            let value = der[(index + 2)..<(index + 2 + Int(der[index + 1]))].drop { $0 == 0 }
            guard value.count <= 32 else { return nil }
            raw += Array(repeating: 0, count: 32 - value.count) + value
            index += 2 + Int(der[index + 1])
        }
        return index == der.count ? raw : nil
    }
}

/// Runs the `openssl` command line tool in a scratch directory of its own.
private struct OpenSSLTool {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("credex-ecdsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Writes `bytes` to a file named `name` in the scratch directory.
    func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// The exit status of `openssl arguments`.
    func status(_ arguments: [String]) throws -> Int32 { try launch(arguments).status }

    /// The standard output of `openssl arguments`; throws if it fails.
    func run(_ arguments: [String]) throws -> [UInt8] {
        let (status, output) = try launch(arguments)
        guard status == 0 else { throw Failed(description: "openssl \(arguments.joined(separator: " ")) failed") }
        return output
    }

    /// The bytes inside a PEM block.
    static func derFromPEM(_ pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body) else { throw Failed(description: "not PEM") }
        return Array(der)
    }

    private func launch(_ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(bytes))
    }
}
