import CredexCrypto
import Foundation

/// Signs requests with RFC 9421 HTTP Message Signatures, for members behind a TLS-terminating proxy.
///
/// The signature covers exactly `("@method" "@target-uri" "content-digest")` under
/// `SignaturePurpose.request`, with `created`, `expires`, `nonce`, `keyid` and `alg="ed25519"`,
/// labelled `credex`. It never covers `Host` or `@authority`: proxies rewrite them.
///
/// ```swift
/// let signer = HTTPRequestSigner(key: nodeKey)
/// let headers = try signer.sign(method: "POST", targetURI: "https://node.example.org/v1/records", body: body, now: now)
/// for field in headers.fields { request.headers.add(name: field.name, value: field.value) }
/// ```
public struct HTTPRequestSigner: Sendable {
    /// The covered components of every Credex request signature, in order.
    static let components: [ComponentIdentifier] = [.method, .targetURI, .contentDigest]

    public let key: Ed25519PrivateKey
    /// The `keyid` parameter: the Credex key id of `key` unless given.
    public let keyID: String
    /// How long a signature stays valid after `created`.
    public var lifetime: TimeInterval

    public init(key: Ed25519PrivateKey, keyID: String? = nil, lifetime: TimeInterval = 300) {
        self.key = key
        self.keyID = keyID ?? HTTPSignatureKeyID.of(key.publicKey)
        self.lifetime = lifetime
    }

    /// The signature fields for a request; `nonce` defaults to 16 fresh random bytes.
    public func sign(
        method: String,
        targetURI: String,
        body: [UInt8],
        now: Date,
        nonce: [UInt8] = SecureRandom.bytes(16)
    ) throws -> SignatureHeaders {
        let contentDigest = ContentDigest.value(for: body)
        let created = Int(now.timeIntervalSince1970.rounded(.down))
        let parameters = SignatureParameters(
            created: created,
            expires: created + Int(lifetime),
            nonce: HTTPSignatureKeyID.base64URL(nonce),
            keyID: keyID
        )
        let innerList = SignatureBase.innerList(Self.components, parameters)
        return try SignatureHeaders.signing(
            components: [
                (identifier: .method, value: method),
                (identifier: .targetURI, value: targetURI),
                (identifier: .contentDigest, value: contentDigest),
            ],
            innerList: innerList,
            contentDigest: contentDigest,
            key: key,
            purpose: .request
        )
    }
}
