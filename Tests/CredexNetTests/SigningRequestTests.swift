import CredexCrypto
import Foundation
import Testing

@testable import CredexNet

/// Keys, times and helpers for the HTTP message signature tests; everything relative to `reference`.
enum SigningFixtures {
    /// RFC 8032 §7.1 test 1: a fixed key, so signature bases can be written out by hand.
    static let key = try! Ed25519PrivateKey(
        seed: hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    )
    static let keyID = "ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    static let other = try! Ed25519PrivateKey(seed: [UInt8](repeating: 42, count: 32))

    static let reference = Date(timeIntervalSince1970: 1_700_000_000)
    static let nonce = [UInt8](0..<16)
    static let target = "https://node.example.org/v1/records?since=4"
    /// The RFC 9530 §2 example body, whose SHA-256 digest the RFC gives.
    static let body = Array(#"{"hello": "world"}"#.utf8)
    static let digest = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// Trusts `key` only.
    static func trusting(_ trusted: Ed25519PrivateKey = key) -> @Sendable (String) -> Ed25519PublicKey? {
        let publicKey = trusted.publicKey
        let id = HTTPSignatureKeyID.of(publicKey)
        return { $0 == id ? publicKey : nil }
    }

    static func verifier(_ nonces: any NonceStore = InMemoryNonceStore()) -> SignedRequestVerifier {
        SignedRequestVerifier(keys: trusting(), nonces: nonces)
    }

    static func signed(at time: Date = reference, method: String = "POST") throws -> SignatureHeaders {
        try HTTPRequestSigner(key: key).sign(method: method, targetURI: target, body: body, now: time, nonce: nonce)
    }

    /// The refusal code of an outcome, or nil if it was accepted.
    static func refusal(_ outcome: SignedRequestVerifier.Outcome) -> SignatureRefusal? {
        if case .refused(let refusal) = outcome { return refusal }
        return nil
    }

    /// Signs a hand-written base and returns the fields, for signatures the signer would never make.
    static func handSigned(
        base: String,
        input: String,
        purpose: SignaturePurpose = .request
    ) throws -> [(name: String, value: String)] {
        let signature = try key.signature(purpose: purpose, message: Array(base.utf8))
        return [
            (name: "Signature-Input", value: "credex=\(input)"),
            (name: "Signature", value: "credex=:\(Data(signature).base64EncodedString()):"),
            (name: "Content-Digest", value: digest),
        ]
    }
}

@Suite("Signing: requests")
struct SigningRequestTests {
    typealias F = SigningFixtures

    static let params =
        #"("@method" "@target-uri" "content-digest");created=1700000000;expires=1700000300;"#
        + #"nonce="AAECAwQFBgcICQoLDA0ODw";keyid="ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";alg="ed25519""#

    /// The signature base of RFC 9421 §2.5, written out by hand for the fixed key, time and nonce.
    static let expectedBase = """
        "@method": POST
        "@target-uri": https://node.example.org/v1/records?since=4
        "content-digest": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:
        "@signature-params": \(params)
        """

    @Test func signatureBaseMatchesTheRFCRulesByteForByte() throws {
        let headers = try F.signed()
        #expect(headers.contentDigest == F.digest)
        #expect(headers.signatureInput == "credex=\(Self.params)")
        #expect(F.keyID == HTTPSignatureKeyID.of(F.key.publicKey))
        // The signature is over exactly these bytes, under the request purpose.
        let baseBytes = Array(Self.expectedBase.utf8)
        #expect(!baseBytes.contains(UInt8(ascii: "\r")) && baseBytes.last != UInt8(ascii: "\n"))
        #expect(F.key.publicKey.isValidSignature(headers.signatureBytes, purpose: .request, message: baseBytes))
        #expect(
            headers.signature == "credex=:\(Data(headers.signatureBytes).base64EncodedString()):"
        )
    }

    @Test func signedRequestVerifies() async throws {
        let headers = try F.signed()
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: headers.fields,
            body: F.body,
            now: F.reference.addingTimeInterval(10)
        )
        guard case .accepted(let verified) = outcome else {
            Issue.record("refused: \(String(describing: F.refusal(outcome)))")
            return
        }
        #expect(verified.keyID == F.keyID)
        #expect(verified.nonce == "AAECAwQFBgcICQoLDA0ODw")
        #expect(verified.signature == headers.signatureBytes)
        #expect(verified.expires == F.reference.addingTimeInterval(300))
    }

    @Test func freshNoncesAreRandomAndHeaderNamesAreCaseInsensitive() async throws {
        let signer = HTTPRequestSigner(key: F.key)
        let first = try signer.sign(method: "GET", targetURI: F.target, body: [], now: F.reference)
        let second = try signer.sign(method: "GET", targetURI: F.target, body: [], now: F.reference)
        #expect(first.signatureInput != second.signatureInput)
        let lowered = first.fields.map { (name: $0.name.lowercased(), value: " \($0.value) ") }
        let outcome = try await F.verifier().verify(
            method: "GET",
            targetURI: F.target,
            headers: lowered,
            body: [],
            now: F.reference
        )
        #expect(F.refusal(outcome) == nil)
    }

    @Test func keyOutsideTheTrustSnapshotIsRefused() async throws {
        let headers = try HTTPRequestSigner(key: F.other).sign(
            method: "POST",
            targetURI: F.target,
            body: F.body,
            now: F.reference
        )
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: headers.fields,
            body: F.body,
            now: F.reference
        )
        let refusal = try #require(F.refusal(outcome))
        #expect(refusal.code == .unknownKey)
        #expect(refusal.reason.contains(HTTPSignatureKeyID.of(F.other.publicKey)))
    }

    @Test func replayedNonceIsRefusedButRefusalsDoNotSpendIt() async throws {
        let verifier = F.verifier()
        let headers = try F.signed()
        let tampered = try await verifier.verify(
            method: "DELETE",
            targetURI: F.target,
            headers: headers.fields,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(tampered)?.code == .badSignature)
        let first = try await verifier.verify(
            method: "POST",
            targetURI: F.target,
            headers: headers.fields,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(first) == nil)
        let replay = try await verifier.verify(
            method: "POST",
            targetURI: F.target,
            headers: headers.fields,
            body: F.body,
            now: F.reference.addingTimeInterval(5)
        )
        let refusal = try #require(F.refusal(replay))
        #expect(refusal.code == .replayed)
        #expect(refusal.reason.contains(F.keyID))
    }

    @Test func expiredSignatureIsRefused() async throws {
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: try F.signed().fields,
            body: F.body,
            now: F.reference.addingTimeInterval(301)
        )
        #expect(F.refusal(outcome)?.code == .expired)
    }

    @Test func createdTooFarInTheFutureIsRefused() async throws {
        let verifier = F.verifier()
        let slightlyAhead = try await verifier.verify(
            method: "POST",
            targetURI: F.target,
            headers: try F.signed(at: F.reference.addingTimeInterval(60)).fields,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(slightlyAhead) == nil)
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: try F.signed(at: F.reference.addingTimeInterval(61)).fields,
            body: F.body,
            now: F.reference
        )
        let refusal = try #require(F.refusal(outcome))
        #expect(refusal.code == .notYetValid)
        #expect(refusal.reason.contains(F.keyID))
    }

    @Test func bodyNotMatchingItsDigestIsRefused() async throws {
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: try F.signed().fields,
            body: Array(#"{"hello": "mallory"}"#.utf8),
            now: F.reference
        )
        let refusal = try #require(F.refusal(outcome))
        #expect(refusal.code == .digestMismatch)
        #expect(!refusal.reason.contains("mallory"))
    }

    @Test func missingContentDigestIsRefused() async throws {
        let fields = try F.signed().fields.filter { $0.name != "Content-Digest" }
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: fields,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(outcome)?.code == .missingHeader)
    }

    @Test(arguments: [("PUT", F.target), ("POST", "https://node.example.org/v1/records?since=5")])
    func tamperedMethodOrTargetURIIsRefused(method: String, target: String) async throws {
        let outcome = try await F.verifier().verify(
            method: method,
            targetURI: target,
            headers: try F.signed().fields,
            body: F.body,
            now: F.reference
        )
        let refusal = try #require(F.refusal(outcome))
        #expect(refusal.code == .badSignature)
        #expect(refusal.reason.contains(F.keyID))
    }

    @Test func signatureUnderAnotherPurposeIsRefused() async throws {
        let fields = try F.handSigned(base: Self.expectedBase, input: Self.params, purpose: .response)
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: fields,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(outcome)?.code == .badSignature)
        // The same hand-made base under the request purpose is accepted: only the purpose differs.
        let good = try F.handSigned(base: Self.expectedBase, input: Self.params)
        let accepted = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: good,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(accepted) == nil)
    }

    @Test func signatureValidForTooLongIsRefused() async throws {
        let headers = try HTTPRequestSigner(key: F.key, lifetime: 3600).sign(
            method: "POST",
            targetURI: F.target,
            body: F.body,
            now: F.reference
        )
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: headers.fields,
            body: F.body,
            now: F.reference
        )
        #expect(F.refusal(outcome)?.code == .malformedHeader)
    }

    @Test func missingSignatureInputIsRefused() async throws {
        let fields = try F.signed().fields.filter { $0.name != "Signature-Input" }
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: fields,
            body: F.body,
            now: F.reference
        )
        let refusal = try #require(F.refusal(outcome))
        #expect(refusal.code == .missingHeader)
        #expect(refusal.reason.contains("Signature-Input"))
    }

    @Test(arguments: ["credex=(", "credex=\"text\"", "other=(\"@method\");created=1", "credex=();keyid=\"k\""])
    func garbledSignatureInputIsRefused(input: String) async throws {
        var fields = try F.signed().fields.filter { $0.name != "Signature-Input" }
        fields.append((name: "Signature-Input", value: input))
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: fields,
            body: F.body,
            now: F.reference
        )
        let code = try #require(F.refusal(outcome)).code
        #expect([SignatureRefusal.Code.malformedHeader, .missingHeader].contains(code))
    }

    @Test func signatureCoveringFewerComponentsIsRefused() async throws {
        let params =
            #"("@method" "@target-uri");created=1700000000;expires=1700000300;nonce="AAECAwQFBgcICQoLDA0ODw";"#
            + #"keyid="\#(F.keyID)";alg="ed25519""#
        let base = """
            "@method": POST
            "@target-uri": \(F.target)
            "@signature-params": \(params)
            """
        let outcome = try await F.verifier().verify(
            method: "POST",
            targetURI: F.target,
            headers: try F.handSigned(base: base, input: params),
            body: F.body,
            now: F.reference
        )
        let refusal = try #require(F.refusal(outcome))
        #expect(refusal.code == .wrongComponents)
        #expect(refusal.reason.contains(F.keyID))
    }

    @Test func inMemoryNonceStorePurgesExpiredEntries() async throws {
        let memory = InMemoryNonceStore()
        let store: any NonceStore = memory
        #expect(try await store.remember(nonce: "n1", keyID: "k", expires: F.reference))
        #expect(try await store.remember(nonce: "n2", keyID: "k", expires: F.reference.addingTimeInterval(300)))
        #expect(try await store.remember(nonce: "n1", keyID: "other", expires: F.reference))
        #expect(try await !store.remember(nonce: "n1", keyID: "k", expires: F.reference))
        #expect(try await store.purge(expiredBefore: F.reference.addingTimeInterval(1)) == 2)
        #expect(await memory.count == 1)
        #expect(try await !store.remember(nonce: "n2", keyID: "k", expires: F.reference))
    }
}
