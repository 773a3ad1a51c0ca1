import CredexCore
import CredexCrypto
import CredexJSON

/// VC-JWT with EdDSA (Ed25519): a compact JWS whose payload is the credential (VC-JOSE-COSE), or,
/// in the older VC-JWT form, a JWT whose `vc` claim holds it.
///
///     let token = try VCJWT.sign(credential, key: key)
///     let opened = try VCJWT.open(token)  // opened.proof == .verified(method: "VC-JWT EdDSA")
public enum VCJWT {
    public static let method = "VC-JWT EdDSA"
    /// The longest token accepted, in bytes.
    public static let maximumLength = OpenBadges.maximumBytes

    /// A compact JWS of `credential` (its JCS bytes), with `kid` the did:key verification method of `key`.
    public static func sign(_ credential: JSONValue, key: Ed25519PrivateKey) throws -> String {
        let header: JSONValue = [
            "alg": "EdDSA", "typ": "vc+jwt", "kid": .string(DidKey.verificationMethod(for: key.publicKey)),
        ]
        let input =
            Base64URL.encode(JCS.canonicalBytes(header)) + "." + Base64URL.encode(JCS.canonicalBytes(credential))
        return input + "." + Base64URL.encode(try key.signature(for: Array(input.utf8)))
    }

    /// The credential a token carries and whether its signature verified with the key its `kid` names.
    /// Throws only when the token is not a well-formed JWS with JSON header and payload.
    public static func open(
        _ token: String,
        resolveKey: (String) -> Ed25519PublicKey? = DidKey.publicKey(fromVerificationMethod:)
    ) throws -> (credential: JSONValue, proof: OpenBadges.ProofResult) {
        guard token.utf8.count <= maximumLength else {
            throw CredexError(.tooLarge, "the VC-JWT is longer than \(maximumLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(String(parts[0])),
            let payloadBytes = Base64URL.decode(String(parts[1])), let signature = Base64URL.decode(String(parts[2]))
        else { throw CredexError(.malformed, "a VC-JWT is three base64url parts separated by dots") }
        let header = try OpenBadges.parse(headerBytes)
        let payload = try OpenBadges.parse(payloadBytes)
        guard case .object = payload else { throw CredexError(.malformed, "the VC-JWT payload is not a JSON object") }
        let credential = payload["vc"] ?? payload
        guard case .string(let alg)? = header["alg"] else {
            throw CredexError(.malformed, "the VC-JWT header has no alg")
        }
        guard alg == "EdDSA" else {
            return (credential, .notChecked(method: "VC-JWT \(alg)", reason: "not checked (only EdDSA is supported)"))
        }
        guard let kid = header["kid"]?.stringValue, let key = resolveKey(kid) else {
            return (credential, .failed(method: method, reasons: ["the kid cannot be resolved to an Ed25519 key"]))
        }
        let input = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        return key.isValidSignature(signature, for: input)
            ? (credential, .verified(method: method))
            : (credential, .failed(method: method, reasons: ["the signature does not verify"]))
    }

    /// True when `data` looks like a compact JWS (`eyJ…`): a JSON document starts with `{`.
    static func isCompact(_ data: [UInt8]) -> Bool {
        let trimmed = data.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return trimmed.starts(with: Array("eyJ".utf8))
    }
}
