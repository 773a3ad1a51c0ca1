import CredexCrypto
import Foundation

/// Signs a member's responses, bound to the request they answer (RFC 9421 §2.4).
///
/// The signature covers `("@status" "content-digest" "signature";req;key="credex")` under
/// `SignaturePurpose.response`: the status, the body's digest, and the request's own signature,
/// which in turn covers its method, target URI, body and nonce. A response cannot be replayed to
/// another request.
///
/// ```swift
/// let headers = try signer.sign(status: 200, body: body, requestSignature: verified.signature, now: now)
/// ```
public struct HTTPResponseSigner: Sendable {
    /// The covered components of every Credex response signature, in order.
    static let components: [ComponentIdentifier] = [
        .status, .contentDigest, .requestSignature(label: SignatureBase.label),
    ]

    public let key: Ed25519PrivateKey
    /// The `keyid` parameter: the Credex key id of `key` unless given.
    public let keyID: String

    public init(key: Ed25519PrivateKey, keyID: String? = nil) {
        self.key = key
        self.keyID = keyID ?? HTTPSignatureKeyID.of(key.publicKey)
    }

    /// The signature fields for a response with `status` and `body` to the request signed with `requestSignature`.
    public func sign(status: Int, body: [UInt8], requestSignature: [UInt8], now: Date) throws -> SignatureHeaders {
        let contentDigest = ContentDigest.value(for: body)
        let parameters = SignatureParameters(
            created: Int(now.timeIntervalSince1970.rounded(.down)),
            expires: nil,
            nonce: nil,
            keyID: keyID
        )
        let innerList = SignatureBase.innerList(Self.components, parameters)
        return try SignatureHeaders.signing(
            components: try Self.values(
                status: status,
                contentDigest: contentDigest,
                requestSignature: requestSignature
            ),
            innerList: innerList,
            contentDigest: contentDigest,
            key: key,
            purpose: .response
        )
    }

    /// The covered components and their values, in the order of `components`.
    static func values(
        status: Int,
        contentDigest: String,
        requestSignature: [UInt8]
    ) throws -> [(identifier: ComponentIdentifier, value: String)] {
        [
            (identifier: .status, value: String(status)),
            (identifier: .contentDigest, value: contentDigest),
            // A dictionary member's value is its re-serialised member value (§2.1.2).
            (
                identifier: .requestSignature(label: SignatureBase.label),
                value: try SignatureBase.serialize(SignatureBase.byteSequence(requestSignature))
            ),
        ]
    }
}
