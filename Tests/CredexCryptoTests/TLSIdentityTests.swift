import COpenSSL
import CredexCrypto
import Foundation
import Testing

@Suite struct TLSIdentityTests {
    /// A fixed reference time: 2025-01-01T00:00:00Z.
    let now = Date(timeIntervalSince1970: 1_735_689_600)

    @Test func generatedCertificateHasNamesAndValidity() throws {
        let identity = try TLSIdentity.generate(
            commonName: "node-1",
            dnsNames: ["node-1.example.org", "localhost"],
            validityDays: 30,
            now: now
        )
        #expect(identity.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let certificate = try #require(Self.parse(identity.certificatePEM))
        defer { X509_free(certificate) }

        #expect(X509_get_version(certificate) == 2)
        var commonName = [CChar](repeating: 0, count: 128)
        let length = X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, &commonName, 128)
        #expect(String(decoding: commonName[..<Int(max(length, 0))].map { UInt8($0) }, as: UTF8.self) == "node-1")
        #expect(X509_NAME_cmp(X509_get_subject_name(certificate), X509_get_issuer_name(certificate)) == 0)

        #expect(X509_check_host(certificate, "node-1.example.org", 0, 0, nil) == 1)
        #expect(X509_check_host(certificate, "localhost", 0, 0, nil) == 1)
        #expect(X509_check_host(certificate, "other.example.org", 0, 0, nil) == 0)
        #expect(X509_check_ca(certificate) == 0)
        #expect(X509_verify(certificate, X509_get0_pubkey(certificate)) == 1)

        #expect(ASN1_TIME_cmp_time_t(X509_get0_notBefore(certificate), time_t(now.timeIntervalSince1970)) == 0)
        var days: Int32 = 0
        var seconds: Int32 = 0
        #expect(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(certificate), X509_get0_notAfter(certificate)) == 1)
        #expect(days == 30 && seconds == 0)
    }

    @Test func pinIsStableAcrossReloadAndCoversTheSPKI() throws {
        let identity = try TLSIdentity.generate(commonName: "node-2", dnsNames: ["node-2.example.org"], now: now)
        let reloaded = try TLSIdentity(privateKeyPEM: identity.privateKeyPEM, certificatePEM: identity.certificatePEM)
        #expect(reloaded.publicKeyPin == identity.publicKeyPin)
        #expect(reloaded.certificatePEM == identity.certificatePEM)

        #expect(identity.publicKeyPin.hasPrefix("sha256/"))
        let certificate = try #require(Self.parse(identity.certificatePEM))
        defer { X509_free(certificate) }
        let length = i2d_PUBKEY(X509_get0_pubkey(certificate), nil)
        var der = [UInt8](repeating: 0, count: Int(length))
        der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_PUBKEY(X509_get0_pubkey(certificate), &cursor)
        }
        #expect(identity.publicKeyPin == "sha256/" + Data(SHA256.hash(der)).base64EncodedString())
    }

    @Test func distinctIdentitiesHaveDistinctPins() throws {
        let first = try TLSIdentity.generate(commonName: "a", dnsNames: ["a.example"], now: now)
        let second = try TLSIdentity.generate(commonName: "a", dnsNames: ["a.example"], now: now)
        #expect(first.publicKeyPin != second.publicKeyPin)
    }

    @Test func mismatchedKeyIsRefused() throws {
        let first = try TLSIdentity.generate(commonName: "a", dnsNames: ["a.example"], now: now)
        let second = try TLSIdentity.generate(commonName: "b", dnsNames: ["b.example"], now: now)
        let error = #expect(throws: CryptoError.self) {
            try TLSIdentity(privateKeyPEM: first.privateKeyPEM, certificatePEM: second.certificatePEM)
        }
        #expect(error?.code == .certificate)
        #expect(error?.reason.contains("does not match") == true)
    }

    @Test func ed25519KeyAndGarbageCertificateAreRefused() throws {
        let identity = try TLSIdentity.generate(commonName: "a", dnsNames: ["a.example"], now: now)
        let keyError = #expect(throws: CryptoError.self) {
            try TLSIdentity(
                privateKeyPEM: Ed25519PrivateKey.generate().pemRepresentation,
                certificatePEM: identity.certificatePEM
            )
        }
        #expect(keyError?.code == .invalidKey)
        let certificateError = #expect(throws: CryptoError.self) {
            try TLSIdentity(privateKeyPEM: identity.privateKeyPEM, certificatePEM: "not a certificate")
        }
        #expect(certificateError?.code == .certificate)
    }

    @Test(arguments: ["", "a..b", "-a.example", "a b.example", "a,DNS:evil.example", "é.example"])
    func invalidDNSNamesAreRefused(_ name: String) {
        let error = #expect(throws: CryptoError.self) {
            try TLSIdentity.generate(commonName: "a", dnsNames: [name], now: now)
        }
        #expect(error?.code == .certificate)
    }

    static func parse(_ pem: String) -> OpaquePointer? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        let bytes = Array(pem.utf8)
        guard BIO_write(bio, bytes, Int32(bytes.count)) == bytes.count else { return nil }
        return PEM_read_bio_X509(bio, nil, nil, nil)
    }
}
