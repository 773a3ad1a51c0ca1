import COpenSSL
import Foundation

/// The P-256 public key of a ``TLSIdentity``, known to peers by its ``pin``.
///
/// A join request is signed with the TLS key as well as the record-signing key, so the pin that a
/// trust list will carry is proven to belong to the requester. Verification never throws: a
/// malformed signature simply does not verify.
///
/// ```swift
/// let key = try TLSPublicKey(certificatePEM: identity.certificatePEM)
/// key.pin == identity.publicKeyPin  // true
/// key.isValidSignature(signature, for: request, purpose: .joinRequest)
/// ```
public struct TLSPublicKey: Sendable, Hashable {
    /// The DER SubjectPublicKeyInfo.
    public let spkiDER: [UInt8]
    private let key: EVPKey

    /// A key from DER SubjectPublicKeyInfo. Refuses keys that are not P-256, and DER that does not
    /// re-encode to the same bytes (trailing data, another point encoding), so ``pin`` covers exactly them.
    public init(spkiDER: [UInt8]) throws {
        let parsed = spkiDER.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let parsed else { throw CryptoError(.invalidKey, "the given SubjectPublicKeyInfo could not be parsed") }
        try self.init(key: EVPKey(parsed), what: "the given SubjectPublicKeyInfo")
        guard self.spkiDER == spkiDER else {
            throw CryptoError(.invalidKey, "the given SubjectPublicKeyInfo is not in the canonical DER form")
        }
    }

    /// The public key of the first (leaf) certificate in `certificatePEM`; refuses keys that are not P-256.
    public init(certificatePEM: String) throws {
        let certificate = try X509Certificate(pem: certificatePEM)
        guard let key = X509_get_pubkey(certificate.pointer) else {
            throw CryptoError(.certificate, "the public key of the given certificate could not be read")
        }
        try self.init(key: EVPKey(key), what: "the public key of the given certificate")
    }

    private init(key: EVPKey, what: String) throws {
        guard ECDSAP256.isP256(key) else { throw CryptoError(.invalidKey, "\(what) is not an ECDSA P-256 key") }
        self.key = key
        self.spkiDER = try key.subjectPublicKeyInfoDER()
    }

    /// `sha256/` + base64 of SHA-256 over ``spkiDER``: the pin a trust list carries, spelled as
    /// ``TLSIdentity/publicKeyPin``.
    public var pin: String { "sha256/" + Data(SHA256.hash(spkiDER)).base64EncodedString() }

    /// Whether `signature`, 64 bytes `r || s` (IEEE P1363), is a valid ECDSA P-256 SHA-256 signature by
    /// this key of `purpose.signingInput(message)`. Refuses other lengths and halves outside 1..<n.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8], purpose: SignaturePurpose) -> Bool {
        ECDSAP256.isValidSignature(signature, for: purpose.signingInput(message), key: key)
    }

    public static func == (lhs: TLSPublicKey, rhs: TLSPublicKey) -> Bool { lhs.spkiDER == rhs.spkiDER }

    public func hash(into hasher: inout Hasher) { hasher.combine(spkiDER) }
}
