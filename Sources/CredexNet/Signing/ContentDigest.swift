import CredexCrypto

/// RFC 9530 `Content-Digest` with SHA-256: `sha-256=:<base64 of the digest>:`.
public enum ContentDigest {
    /// The field value for `body`.
    public static func value(for body: [UInt8]) -> String {
        // A one-member dictionary of a byte sequence always serialises.
        (try? SignatureBase.serialize(dictionary: ["sha-256": .item(SignatureBase.byteSequence(SHA256.hash(body)))]))
            ?? ""
    }

    /// Whether `field` holds a SHA-256 digest equal to that of `body`; nil if it holds none or is malformed.
    static func matches(_ field: String, body: [UInt8]) -> Bool? {
        guard let dictionary = SignatureBase.dictionary(field), let member = dictionary["sha-256"],
            case .item(let item) = member, let digest = SignatureBase.bytes(of: item), digest.count == 32
        else { return nil }
        return digest == SHA256.hash(body)
    }
}
