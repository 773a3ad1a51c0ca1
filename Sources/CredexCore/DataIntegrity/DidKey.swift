import CredexCrypto

/// `did:key` identifiers for Ed25519 keys: `did:key:z6Mk…`, multibase base58btc of the
/// multicodec prefix `0xed 0x01` and the raw public key.
public enum DidKey {
    static let ed25519Prefix: [UInt8] = [0xED, 0x01]

    /// The multibase public key, `z6Mk…`.
    public static func multibase(for key: Ed25519PublicKey) -> String {
        Base58BTC.encodeMultibase(ed25519Prefix + key.rawRepresentation)
    }

    /// The verification method of `key` as a did:key URL with its fragment.
    public static func verificationMethod(for key: Ed25519PublicKey) -> String {
        let encoded = multibase(for: key)
        return "did:key:\(encoded)#\(encoded)"
    }

    /// The Ed25519 key named by a did:key verification method, or nil if it names another kind of key.
    public static func publicKey(fromVerificationMethod method: String) -> Ed25519PublicKey? {
        guard method.hasPrefix("did:key:") else { return nil }
        let identifier = method.dropFirst(8).prefix { $0 != "#" }
        guard let bytes = Base58BTC.decodeMultibase(String(identifier)), bytes.count == 34,
            Array(bytes.prefix(2)) == ed25519Prefix
        else { return nil }
        return try? Ed25519PublicKey(rawRepresentation: Array(bytes.dropFirst(2)))
    }
}
