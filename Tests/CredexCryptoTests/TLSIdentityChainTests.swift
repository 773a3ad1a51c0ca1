import CredexCrypto
import Foundation
import Testing

@Suite struct TLSIdentityChainTests {
    static let pki = TLSCertificateAuthorityTests.pki

    static func load(key: String = pki.leaf.privateKeyPEM, chain: String) throws -> TLSIdentity {
        try TLSIdentity(privateKeyPEM: key, certificatePEM: chain)
    }

    @Test func leafAndIntermediatesAreKeptInOrder() throws {
        let identity = try Self.load(chain: Self.pki.leaf.certificatePEM + Self.pki.intermediate.certificatePEM)
        #expect(identity.intermediateCertificatePEMs == [Self.pki.intermediate.certificatePEM])
        #expect(identity.certificatePEM == Self.pki.leaf.certificatePEM)
        let reloaded = try Self.load(chain: identity.certificatePEM + identity.intermediateCertificatePEMs.joined())
        #expect(reloaded.publicKeyPin == identity.publicKeyPin)
        #expect(try Self.load(chain: Self.pki.leaf.certificatePEM).intermediateCertificatePEMs.isEmpty)
    }

    @Test func emptyOrGarbledChainsAreRefused() throws {
        let garbled = "-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----\n"
        let truncated = String(Self.pki.intermediate.certificatePEM.dropLast(30))
        let cases = [
            ("", "contains no PEM certificate"),
            ("nothing to see\n", "contains no PEM certificate"),
            (garbled, "certificate 1 in the TLS certificate PEM could not be parsed"),
            (Self.pki.leaf.certificatePEM + truncated, "certificate 2 in the TLS certificate PEM could not be parsed"),
        ]
        for (chain, message) in cases {
            let error = #expect(throws: CryptoError.self) { try Self.load(chain: chain) }
            #expect(error?.code == .certificate)
            #expect(error?.reason.contains(message) == true, "\(error?.reason ?? "")")
        }
    }

    @Test func keyMustMatchTheLeaf() throws {
        let error = #expect(throws: CryptoError.self) {
            try Self.load(chain: Self.pki.expiredLeaf.certificatePEM + Self.pki.intermediate.certificatePEM)
        }
        #expect(error?.code == .certificate)
        #expect(error?.reason.contains("does not match the public key of the (leaf) certificate") == true)
    }

    @Test func eachCertificateMustIssueThePreviousOne() throws {
        let error = #expect(throws: CryptoError.self) {
            try Self.load(chain: Self.pki.leaf.certificatePEM + Self.pki.otherRoot.certificatePEM)
        }
        #expect(error?.reason.contains("certificate 2 in the TLS certificate PEM did not issue certificate 1") == true)
    }

    @Test func filesAreNamedInErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("credex-chain-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("tls.key")
        let chainFile = directory.appendingPathComponent("chain.pem")
        try Data(Self.pki.leaf.privateKeyPEM.utf8).write(to: keyFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)

        try Data((Self.pki.leaf.certificatePEM + Self.pki.intermediate.certificatePEM).utf8).write(to: chainFile)
        let identity = try TLSIdentity(keyFile: keyFile, certificateFile: chainFile)
        #expect(identity.intermediateCertificatePEMs.count == 1)

        try Data().write(to: chainFile)
        let error = #expect(throws: CryptoError.self) { try TLSIdentity(keyFile: keyFile, certificateFile: chainFile) }
        #expect(error?.reason == "certificate file \(chainFile.path) contains no PEM certificate")
    }
}
