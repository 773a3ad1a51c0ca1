import COpenSSL

/// ECDSA over P-256 with SHA-256, with signatures in the fixed-size IEEE P1363 form `r || s` (two
/// 32-byte big-endian halves) instead of OpenSSL's variable-length DER, so they encode to a fixed length.
enum ECDSAP256 {
    /// The order n of the P-256 group, big-endian (FIPS 186-4, D.1.2.3).
    private static let order: [UInt8] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
    ]

    /// Whether `key` is an EC key on P-256 (`prime256v1`).
    static func isP256(_ key: EVPKey) -> Bool {
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard key.typeID == EVP_PKEY_EC, EVP_PKEY_get_group_name(key.pointer, &name, name.count, &length) == 1 else {
            CryptoError.drainOpenSSLErrors()
            return false
        }
        return String(decoding: name[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) == "prime256v1"
    }

    /// The `r || s` signature by the P-256 private `key` of SHA-256(`input`).
    static func signature(for input: [UInt8], key: EVPKey) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw CryptoError(.openSSL, "could not allocate a signing context")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key.pointer) == 1 else {
            throw CryptoError(.openSSL, "could not start an ECDSA P-256 signature")
        }
        var der = [UInt8](repeating: 0, count: Int(EVP_PKEY_get_size(key.pointer)))
        var length = der.count
        guard EVP_DigestSign(context, &der, &length, input, input.count) == 1,
            let signature = rawSignature(der: der[..<length])
        else {
            throw CryptoError(.openSSL, "ECDSA P-256 signing failed")
        }
        return signature
    }

    /// Whether `signature` (`r || s`) is valid for SHA-256(`input`) under the P-256 public `key`.
    static func isValidSignature(_ signature: [UInt8], for input: [UInt8], key: EVPKey) -> Bool {
        defer { CryptoError.drainOpenSSLErrors() }
        guard let der = derSignature(raw: signature), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key.pointer) == 1 else { return false }
        return EVP_DigestVerify(context, der, der.count, input, input.count) == 1
    }

    /// `r || s` from a DER `ECDSA-Sig-Value`; nil if it does not parse or a half exceeds 32 bytes.
    private static func rawSignature(der: ArraySlice<UInt8>) -> [UInt8]? {
        let parsed = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let parsed else { return nil }
        defer { ECDSA_SIG_free(parsed) }
        var r: OpaquePointer?
        var s: OpaquePointer?
        ECDSA_SIG_get0(parsed, &r, &s)
        var raw = [UInt8](repeating: 0, count: 64)
        let written = raw.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, 32) == 32 && BN_bn2binpad(s, buffer.baseAddress! + 32, 32) == 32
        }
        return written ? raw : nil
    }

    /// The DER `ECDSA-Sig-Value` of a 64-byte `r || s`; nil for another length or a half outside 1..<n.
    private static func derSignature(raw: [UInt8]) -> [UInt8]? {
        guard raw.count == 64, isScalar(raw[..<32]), isScalar(raw[32...]), let signature = ECDSA_SIG_new() else {
            return nil
        }
        defer { ECDSA_SIG_free(signature) }
        let r = BN_bin2bn(raw, 32, nil)
        let s = BN_bin2bn(Array(raw[32...]), 32, nil)
        guard let r, let s, ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? der : nil
    }

    /// Whether a 32-byte big-endian half of a signature lies in 1..<n.
    private static func isScalar(_ half: ArraySlice<UInt8>) -> Bool {
        half.contains { $0 != 0 } && half.lexicographicallyPrecedes(order)
    }
}
