import CredexCrypto
import Foundation

/// The client's check of a response signed by `HTTPResponseSigner`: refuses unsigned or badly signed responses.
///
/// ```swift
/// let verifier = SignedResponseVerifier(keys: { $0 == peerKeyID ? peerKey : nil })
/// guard case .accepted = verifier.verify(status: 200, headers: fields, body: body,
///                                        requestSignature: sent.signatureBytes, now: now) else { ... }
/// ```
public struct SignedResponseVerifier: Sendable {
    /// The outcome of a verification: the responder's key id, or why the response was refused.
    public enum Outcome: Sendable, Hashable {
        case accepted(keyID: String)
        case refused(SignatureRefusal)
    }

    /// The keys the client expects a response from (usually the one peer it called).
    public let keys: @Sendable (String) -> Ed25519PublicKey?
    /// How far `created` may lie in the future, or in the past, of `now`.
    public var allowedSkew: TimeInterval

    public init(keys: @escaping @Sendable (String) -> Ed25519PublicKey?, allowedSkew: TimeInterval = 300) {
        self.keys = keys
        self.allowedSkew = allowedSkew
    }

    /// Verifies a response to the request that was signed with `requestSignature`.
    public func verify(
        status: Int,
        headers: [(name: String, value: String)],
        body: [UInt8],
        requestSignature: [UInt8],
        now: Date
    ) -> Outcome {
        let received: ReceivedSignature
        switch ReceivedSignature.read(from: headers) {
        case .success(let value): received = value
        case .failure(let refusal): return .refused(refusal)
        }
        let keyID = received.parameters.keyID
        guard received.identifiers == HTTPResponseSigner.components else {
            return .refused(
                SignatureRefusal(
                    .wrongComponents,
                    keyID: keyID,
                    "the response signature by \(keyID) must cover \"@status\", \"content-digest\" and the request signature"
                )
            )
        }
        guard let publicKey = keys(keyID) else {
            return .refused(SignatureRefusal(.unknownKey, keyID: keyID, "the response key \(keyID) is not expected"))
        }
        guard let digestField = HeaderLookup.value("Content-Digest", in: headers) else {
            return .refused(
                SignatureRefusal(.missingHeader, keyID: keyID, "the response signed by \(keyID) has no Content-Digest")
            )
        }
        guard ContentDigest.matches(digestField, body: body) == true else {
            return .refused(
                SignatureRefusal(
                    .digestMismatch,
                    keyID: keyID,
                    "the body of the response signed by \(keyID) does not match its Content-Digest"
                )
            )
        }
        guard
            let components = try? HTTPResponseSigner.values(
                status: status,
                contentDigest: digestField,
                requestSignature: requestSignature
            ),
            let base = try? SignatureBase.text(components: components, signatureParams: received.innerList),
            publicKey.isValidSignature(received.signature, purpose: .response, message: Array(base.utf8))
        else {
            return .refused(
                SignatureRefusal(.badSignature, keyID: keyID, "the response signature by \(keyID) does not verify")
            )
        }
        let age = now.timeIntervalSince1970 - TimeInterval(received.parameters.created)
        guard age >= -allowedSkew else {
            return .refused(
                SignatureRefusal(
                    .notYetValid,
                    keyID: keyID,
                    "the response signature by \(keyID) was created in the future"
                )
            )
        }
        guard age <= allowedSkew else {
            return .refused(SignatureRefusal(.expired, keyID: keyID, "the response signature by \(keyID) is too old"))
        }
        return .accepted(keyID: keyID)
    }
}
