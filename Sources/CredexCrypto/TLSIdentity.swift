import COpenSSL
import Foundation

/// A TLS identity: an ECDSA P-256 key (browsers accept it) with a self-signed X.509 v3 certificate,
/// or a CA-issued one plus its intermediates (for an API port that browsers verify). Kept separate
/// from the record-signing key.
///
/// Peers authenticate each other by `publicKeyPin`, which a trust list carries, not by a CA.
///
/// ```swift
/// let identity = try TLSIdentity.generate(commonName: "node-1", dnsNames: ["node-1.example.org"])
/// identity.publicKeyPin  // "sha256/..."
/// ```
public struct TLSIdentity: Sendable {
    /// The private key as unencrypted PKCS#8 PEM. Treat as secret.
    public let privateKeyPEM: String
    /// The (leaf) certificate as PEM.
    public let certificatePEM: String
    /// The intermediate CA certificates sent after `certificatePEM`, as PEM, the leaf's issuer first;
    /// empty for a self-signed certificate.
    public let intermediateCertificatePEMs: [String]
    /// `sha256/` + base64 of SHA-256 over the DER SubjectPublicKeyInfo: the pin a trust list carries.
    public let publicKeyPin: String

    /// Makes a new P-256 key and a self-signed certificate valid from `now` for `validityDays` days,
    /// with subject and issuer `CN=commonName` and a subjectAltName holding `dnsNames`.
    public static func generate(
        commonName: String,
        dnsNames: [String],
        validityDays: Int = 3650,
        now: Date = Date()
    ) throws -> TLSIdentity {
        guard (1...36_500).contains(validityDays) else {
            throw CryptoError(.certificate, "validity of \(validityDays) days is outside 1...36500")
        }
        guard !commonName.isEmpty, commonName.utf8.count <= 64, !commonName.utf8.contains(0) else {
            throw CryptoError(.certificate, "a certificate common name must be 1 to 64 bytes without NUL")
        }
        for name in dnsNames where !isValidDNSName(name) {
            throw CryptoError(.certificate, "\"\(name)\" is not a valid DNS name for a certificate")
        }
        let key = try generateP256Key()
        let certificate = try X509Certificate.selfSigned(
            key: key,
            commonName: commonName,
            dnsNames: dnsNames,
            validityDays: validityDays,
            now: now
        )
        return try TLSIdentity(key: key, certificate: certificate)
    }

    /// Loads a P-256 key and its certificate, optionally followed by intermediate CA certificates
    /// (a CA-issued chain: leaf first, then each certificate's issuer), checking that the key matches
    /// the leaf and that each certificate issued the one before; recomputes the pin. Re-encodes the
    /// key as PKCS#8 and the certificates as PEM.
    public init(privateKeyPEM: String, certificatePEM: String) throws {
        try self.init(
            privateKeyPEM: privateKeyPEM,
            certificatePEM: certificatePEM,
            keyName: "the TLS private key",
            certificateName: "the TLS certificate PEM"
        )
    }

    /// `init(privateKeyPEM:certificatePEM:)`, naming the key and certificate in errors as given.
    init(privateKeyPEM: String, certificatePEM: String, keyName: String, certificateName: String) throws {
        let key = try EVPKey.privateKey(pem: privateKeyPEM, what: keyName)
        guard key.typeID == EVP_PKEY_EC, Self.groupName(of: key) == "prime256v1" else {
            throw CryptoError(.invalidKey, "\(keyName) is not an ECDSA P-256 key")
        }
        let chain = try X509Certificate.all(pem: certificatePEM, what: certificateName)
        guard X509_check_private_key(chain[0].pointer, key.pointer) == 1 else {
            throw CryptoError(
                .certificate,
                "\(keyName) does not match the public key of the (leaf) certificate in \(certificateName)"
            )
        }
        for index in chain.indices.dropFirst()
        where X509_check_issued(chain[index].pointer, chain[index - 1].pointer) != X509_V_OK {
            throw CryptoError(
                .certificate,
                "certificate \(index + 1) in \(certificateName) did not issue certificate \(index) "
                    + "(a chain lists the leaf first, then each issuer)"
            )
        }
        try self.init(key: key, certificate: chain[0], intermediates: Array(chain.dropFirst()))
    }

    private init(key: EVPKey, certificate: X509Certificate, intermediates: [X509Certificate] = []) throws {
        privateKeyPEM = try key.privateKeyPEM()
        certificatePEM = try certificate.pemRepresentation()
        intermediateCertificatePEMs = try intermediates.map { try $0.pemRepresentation() }
        publicKeyPin = try "sha256/" + Data(SHA256.hash(key.subjectPublicKeyInfoDER())).base64EncodedString()
    }

    private static func generateP256Key() throws -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else {
            throw CryptoError(.openSSL, "could not allocate a P-256 key generation context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
            EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1,
            EVP_PKEY_keygen(context, &key) == 1,
            let key
        else {
            throw CryptoError(.openSSL, "P-256 key generation failed")
        }
        return EVPKey(key)
    }

    /// The curve name of an EC key, e.g. `prime256v1`.
    private static func groupName(of key: EVPKey) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key.pointer, &buffer, buffer.count, &length) == 1 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A host name of letter-digit-hyphen labels, optionally starting with a `*` wildcard label.
    private static func isValidDNSName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return labels.enumerated().allSatisfy { index, label in
            if index == 0 && label == "*" && labels.count > 1 { return true }
            let isLetterDigitHyphen = label.utf8.allSatisfy { byte in
                byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte)
                    || (0x61...0x7a).contains(byte)
            }
            return (1...63).contains(label.utf8.count) && isLetterDigitHyphen && label.first != "-" && label.last != "-"
        }
    }
}
