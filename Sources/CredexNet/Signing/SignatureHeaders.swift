import CredexCrypto
import Foundation
import RawStructuredFieldValues

/// The header fields that carry an HTTP message signature: add all three to the message.
public struct SignatureHeaders: Sendable, Hashable {
    /// The `Signature-Input` field value, e.g. `credex=("@method" ...);created=...`.
    public let signatureInput: String
    /// The `Signature` field value, e.g. `credex=:<base64>:`.
    public let signature: String
    /// The `Content-Digest` field value, `sha-256=:<base64>:`.
    public let contentDigest: String
    /// The raw signature bytes: a response binds to them with `"signature";req`.
    public let signatureBytes: [UInt8]

    /// The three fields as name-value pairs, ready to append to a message.
    public var fields: [(name: String, value: String)] {
        [
            (name: "Signature-Input", value: signatureInput),
            (name: "Signature", value: signature),
            (name: "Content-Digest", value: contentDigest),
        ]
    }

    /// Signs `components` under `purpose` with the parameters in `innerList`, and lays the result
    /// out as the three header fields: the one signing step requests and responses share.
    static func signing(
        components: [(identifier: ComponentIdentifier, value: String)],
        innerList: InnerList,
        contentDigest: String,
        key: Ed25519PrivateKey,
        purpose: SignaturePurpose
    ) throws -> SignatureHeaders {
        let base = try SignatureBase.text(components: components, signatureParams: innerList)
        let signature = try key.signature(purpose: purpose, message: Array(base.utf8))
        return SignatureHeaders(
            signatureInput: try SignatureBase.serialize(dictionary: [SignatureBase.label: .innerList(innerList)]),
            signature: try SignatureBase.serialize(
                dictionary: [SignatureBase.label: .item(SignatureBase.byteSequence(signature))]
            ),
            contentDigest: contentDigest,
            signatureBytes: signature
        )
    }
}

/// Header lookup as RFC 9110 defines it: names compare case-insensitively and repeated fields
/// combine with `, `; surrounding whitespace is trimmed (RFC 9421 §2.1).
enum HeaderLookup {
    static func value(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        let lowered = name.lowercased()
        let values = headers.filter { $0.name.lowercased() == lowered }.map {
            $0.value.trimmingCharacters(in: .whitespaces)
        }
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}
