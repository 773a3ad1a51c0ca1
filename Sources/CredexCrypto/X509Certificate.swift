import COpenSSL
import Foundation

/// Owns an OpenSSL `X509*` within one operation; not shared across threads.
final class X509Certificate {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }

    /// Parses the first PEM `CERTIFICATE` block of `pem`.
    convenience init(pem: String) throws {
        guard let certificate = try MemoryBIO.reading(pem, { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            throw CryptoError(.certificate, "the given certificate PEM could not be parsed")
        }
        self.init(certificate)
    }

    /// Parses every PEM `CERTIFICATE` block of `pem`, in order; `what` names the PEM in errors.
    /// - Throws: `CryptoError` if a block is garbled or there is none.
    static func all(pem: String, what: String) throws -> [X509Certificate] {
        let certificates = try MemoryBIO.reading(pem) { bio in
            var certificates: [X509Certificate] = []
            while let pointer = PEM_read_bio_X509(bio, nil, nil, nil) { certificates.append(X509Certificate(pointer)) }
            // Running out of input shows as "no start line"; anything else is a garbled block.
            let last = ERR_peek_last_error()
            guard ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE else {
                throw CryptoError(.certificate, "certificate \(certificates.count + 1) in \(what) could not be parsed")
            }
            CryptoError.drainOpenSSLErrors()
            return certificates
        }
        guard !certificates.isEmpty else { throw CryptoError(.certificate, "\(what) contains no PEM certificate") }
        return certificates
    }

    /// The certificate as PEM.
    func pemRepresentation() throws -> String {
        try MemoryBIO.writing("certificate PEM") { PEM_write_bio_X509($0, pointer) }
    }

    /// An X.509 v3 certificate for `key`, self-signed with SHA-256: random 127-bit serial, subject =
    /// issuer = `CN=commonName`, valid from `now` for `validityDays` days, a non-CA end entity for
    /// TLS servers and clients, with `dnsNames` in its subjectAltName.
    static func selfSigned(
        key: EVPKey,
        commonName: String,
        dnsNames: [String],
        validityDays: Int,
        now: Date
    ) throws -> X509Certificate {
        guard let pointer = X509_new() else { throw CryptoError(.openSSL, "could not allocate a certificate") }
        let certificate = X509Certificate(pointer)
        try check(X509_set_version(pointer, 2), "set the certificate version")
        try certificate.setRandomSerial()
        var start = time_t(now.timeIntervalSince1970)
        try check(X509_time_adj_ex(X509_getm_notBefore(pointer), 0, 0, &start) != nil ? 1 : 0, "set notBefore")
        try check(
            X509_time_adj_ex(X509_getm_notAfter(pointer), Int32(validityDays), 0, &start) != nil ? 1 : 0,
            "set notAfter"
        )
        try certificate.setSubjectAndIssuer(commonName: commonName)
        try check(X509_set_pubkey(pointer, key.pointer), "set the certificate's public key")
        try certificate.addExtension(NID_basic_constraints, "critical,CA:FALSE")
        try certificate.addExtension(NID_key_usage, "critical,digitalSignature")
        try certificate.addExtension(NID_ext_key_usage, "serverAuth,clientAuth")
        try certificate.addExtension(NID_subject_key_identifier, "hash")
        if !dnsNames.isEmpty { try certificate.addSubjectAltNames(dnsNames) }
        try check(X509_sign(pointer, key.pointer, EVP_sha256()) > 0 ? 1 : 0, "sign the certificate")
        return certificate
    }

    private func setRandomSerial() throws {
        var serial = SecureRandom.bytes(16)
        serial[0] &= 0x7f  // positive, as RFC 5280 requires
        guard let number = BN_bin2bn(serial, Int32(serial.count), nil) else {
            throw CryptoError(.openSSL, "could not make a serial number")
        }
        defer { BN_free(number) }
        try Self.check(BN_to_ASN1_INTEGER(number, X509_get_serialNumber(pointer)) != nil ? 1 : 0, "set the serial")
    }

    private func setSubjectAndIssuer(commonName: String) throws {
        guard let name = X509_NAME_new() else { throw CryptoError(.openSSL, "could not allocate a name") }
        defer { X509_NAME_free(name) }
        let bytes = Array(commonName.utf8)
        try Self.check(
            X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0),
            "set the common name"
        )
        try Self.check(X509_set_subject_name(pointer, name), "set the subject")
        try Self.check(X509_set_issuer_name(pointer, name), "set the issuer")
    }

    /// Adds an extension written in OpenSSL's configuration syntax, e.g. `critical,CA:FALSE`.
    private func addExtension(_ nid: Int32, _ value: String) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, pointer, pointer, nil, nil, 0)
        guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw CryptoError(.certificate, "could not make certificate extension \(value)")
        }
        defer { X509_EXTENSION_free(ext) }
        try Self.check(X509_add_ext(pointer, ext, -1), "add certificate extension \(value)")
    }

    /// Adds a subjectAltName of DNS entries, built directly so no name is parsed as configuration.
    private func addSubjectAltNames(_ dnsNames: [String]) throws {
        guard let names = GENERAL_NAMES_new() else { throw CryptoError(.openSSL, "could not allocate names") }
        defer { GENERAL_NAMES_free(names) }
        for dnsName in dnsNames {
            let bytes = Array(dnsName.utf8)
            guard let value = ASN1_IA5STRING_new() else { throw CryptoError(.openSSL, "could not allocate a name") }
            guard ASN1_STRING_set(value, bytes, Int32(bytes.count)) == 1, let name = GENERAL_NAME_new() else {
                ASN1_IA5STRING_free(value)
                throw CryptoError(.openSSL, "could not make DNS name \(dnsName)")
            }
            GENERAL_NAME_set0_value(name, GEN_DNS, UnsafeMutableRawPointer(value))
            guard credex_sk_GENERAL_NAME_push(names, name) > 0 else {
                GENERAL_NAME_free(name)
                throw CryptoError(.openSSL, "could not add DNS name \(dnsName)")
            }
        }
        try Self.check(
            X509_add1_ext_i2d(
                pointer,
                NID_subject_alt_name,
                UnsafeMutableRawPointer(names),
                0,
                UInt(X509V3_ADD_DEFAULT)
            ),
            "add the subjectAltName"
        )
    }

    private static func check(_ status: Int32, _ step: String) throws {
        guard status == 1 else { throw CryptoError(.certificate, "could not \(step)") }
    }
}
