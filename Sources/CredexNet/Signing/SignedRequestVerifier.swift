import CredexCrypto
import Foundation

/// Checks the RFC 9421 signature of a request signed by `HTTPRequestSigner`.
///
/// Expected failures are returned as a `SignatureRefusal`; only the nonce store's own failures
/// throw. Time is the injected `now`, never the machine clock. The target URI is the one the
/// client addressed (the node's external URL plus path and query), not what the proxy forwarded.
///
/// ```swift
/// let verifier = SignedRequestVerifier(keys: { trust.key(for: $0) }, nonces: nonceStore)
/// switch try await verifier.verify(method: "POST", targetURI: uri, headers: fields, body: body, now: now) {
/// case .accepted(let signed): serve(as: signed.keyID)
/// case .refused(let refusal): reply(401, refusal.code)
/// }
/// ```
public struct SignedRequestVerifier: Sendable {
    /// The outcome of a verification.
    public enum Outcome: Sendable {
        case accepted(VerifiedRequest)
        case refused(SignatureRefusal)
    }

    /// What an accepted signature established.
    public struct VerifiedRequest: Sendable, Hashable {
        /// The key id that signed, found in the trust snapshot.
        public let keyID: String
        /// The raw signature: the response binds to it.
        public let signature: [UInt8]
        /// The nonce, now remembered by the nonce store.
        public let nonce: String
        public let created: Date
        public let expires: Date
    }

    /// The trust snapshot: the public key for a key id, or nil if it is not trusted.
    public let keys: @Sendable (String) -> Ed25519PublicKey?
    public let nonces: any NonceStore
    /// How far in the future `created` may lie.
    public var allowedSkew: TimeInterval
    /// The longest `expires - created` accepted, which bounds how long nonces are kept.
    public var maximumLifetime: TimeInterval

    public init(
        keys: @escaping @Sendable (String) -> Ed25519PublicKey?,
        nonces: any NonceStore,
        allowedSkew: TimeInterval = 60,
        maximumLifetime: TimeInterval = 900
    ) {
        self.keys = keys
        self.nonces = nonces
        self.allowedSkew = allowedSkew
        self.maximumLifetime = maximumLifetime
    }

    /// Verifies the request; records its nonce only when everything else holds.
    public func verify(
        method: String,
        targetURI: String,
        headers: [(name: String, value: String)],
        body: [UInt8],
        now: Date
    ) async throws -> Outcome {
        let received: ReceivedSignature
        switch ReceivedSignature.read(from: headers) {
        case .success(let value): received = value
        case .failure(let refusal): return .refused(refusal)
        }
        switch check(received, method: method, targetURI: targetURI, headers: headers, body: body, now: now) {
        case .failure(let refusal):
            return .refused(refusal)
        case .success(let verified):
            guard
                try await nonces.remember(
                    nonce: verified.nonce,
                    keyID: verified.keyID,
                    expires: verified.expires
                )
            else {
                return .refused(
                    SignatureRefusal(
                        .replayed,
                        keyID: verified.keyID,
                        "the nonce signed by \(verified.keyID) was already used"
                    )
                )
            }
            return .accepted(verified)
        }
    }

    /// Every check but the nonce's novelty.
    private func check(
        _ received: ReceivedSignature,
        method: String,
        targetURI: String,
        headers: [(name: String, value: String)],
        body: [UInt8],
        now: Date
    ) -> Result<VerifiedRequest, SignatureRefusal> {
        let parameters = received.parameters
        let keyID = parameters.keyID
        guard received.identifiers == HTTPRequestSigner.components else {
            return .failure(
                SignatureRefusal(
                    .wrongComponents,
                    keyID: keyID,
                    "the signature by \(keyID) must cover exactly (\"@method\" \"@target-uri\" \"content-digest\")"
                )
            )
        }
        guard let expires = parameters.expires, let nonce = parameters.nonce, !nonce.isEmpty, nonce.utf8.count <= 128
        else {
            return .failure(
                SignatureRefusal(.malformedHeader, keyID: keyID, "the signature by \(keyID) lacks expires or nonce")
            )
        }
        guard let publicKey = keys(keyID) else {
            return .failure(SignatureRefusal(.unknownKey, keyID: keyID, "the key \(keyID) is not trusted"))
        }
        guard let digestField = HeaderLookup.value("Content-Digest", in: headers) else {
            return .failure(
                SignatureRefusal(.missingHeader, keyID: keyID, "the request signed by \(keyID) has no Content-Digest")
            )
        }
        guard let digestMatches = ContentDigest.matches(digestField, body: body) else {
            return .failure(
                SignatureRefusal(
                    .malformedHeader,
                    keyID: keyID,
                    "the Content-Digest of the request signed by \(keyID) has no sha-256 digest"
                )
            )
        }
        guard digestMatches else {
            return .failure(
                SignatureRefusal(
                    .digestMismatch,
                    keyID: keyID,
                    "the body of the request signed by \(keyID) does not match its Content-Digest"
                )
            )
        }
        let components: [(identifier: ComponentIdentifier, value: String)] = [
            (identifier: .method, value: method),
            (identifier: .targetURI, value: targetURI),
            (identifier: .contentDigest, value: digestField),
        ]
        guard let base = try? SignatureBase.text(components: components, signatureParams: received.innerList),
            publicKey.isValidSignature(received.signature, purpose: .request, message: Array(base.utf8))
        else {
            return .failure(
                SignatureRefusal(.badSignature, keyID: keyID, "the request signature by \(keyID) does not verify")
            )
        }
        let seconds = now.timeIntervalSince1970
        guard TimeInterval(parameters.created) <= seconds + allowedSkew else {
            return .failure(
                SignatureRefusal(.notYetValid, keyID: keyID, "the signature by \(keyID) was created in the future")
            )
        }
        guard TimeInterval(expires) >= seconds else {
            return .failure(SignatureRefusal(.expired, keyID: keyID, "the signature by \(keyID) has expired"))
        }
        guard expires >= parameters.created, TimeInterval(expires - parameters.created) <= maximumLifetime else {
            return .failure(
                SignatureRefusal(
                    .malformedHeader,
                    keyID: keyID,
                    "the signature by \(keyID) is valid for longer than \(Int(maximumLifetime)) s"
                )
            )
        }
        return .success(
            VerifiedRequest(
                keyID: keyID,
                signature: received.signature,
                nonce: nonce,
                created: Date(timeIntervalSince1970: TimeInterval(parameters.created)),
                expires: Date(timeIntervalSince1970: TimeInterval(expires))
            )
        )
    }
}
