import CredexCrypto
import Foundation
import Testing

@testable import CredexNet

@Suite("Signing: responses")
struct SigningResponseTests {
    typealias F = SigningFixtures

    static let requestSignature = [UInt8](repeating: 7, count: 64)
    static let responseBody = Array(#"{"accepted": 3}"#.utf8)

    static func verifier(expecting key: Ed25519PrivateKey = F.key) -> SignedResponseVerifier {
        SignedResponseVerifier(keys: F.trusting(key))
    }

    static func signed(by key: Ed25519PrivateKey = F.key, keyID: String? = nil) throws -> SignatureHeaders {
        try HTTPResponseSigner(key: key, keyID: keyID).sign(
            status: 200,
            body: responseBody,
            requestSignature: requestSignature,
            now: F.reference
        )
    }

    static func verify(
        _ headers: [(name: String, value: String)],
        status: Int = 200,
        body: [UInt8] = responseBody,
        requestSignature: [UInt8] = requestSignature,
        verifier: SignedResponseVerifier = verifier()
    ) -> SignedResponseVerifier.Outcome {
        verifier.verify(
            status: status,
            headers: headers,
            body: body,
            requestSignature: requestSignature,
            now: F.reference.addingTimeInterval(2)
        )
    }

    @Test func signedResponseIsAcceptedAndBoundToTheRequest() throws {
        let headers = try Self.signed()
        #expect(
            headers.signatureInput
                == #"credex=("@status" "content-digest" "signature";req;key="credex");created=1700000000;"#
                + #"keyid="\#(F.keyID)";alg="ed25519""#
        )
        #expect(Self.verify(headers.fields) == .accepted(keyID: F.keyID))
        let digest = ContentDigest.value(for: Self.responseBody)
        let base = """
            "@status": 200
            "content-digest": \(digest)
            "signature";req;key="credex": :\(Data(Self.requestSignature).base64EncodedString()):
            "@signature-params": \(headers.signatureInput.dropFirst("credex=".count))
            """
        #expect(F.key.publicKey.isValidSignature(headers.signatureBytes, purpose: .response, message: Array(base.utf8)))
    }

    @Test func unsignedResponseIsRefused() {
        let outcome = Self.verify([(name: "Content-Digest", value: ContentDigest.value(for: Self.responseBody))])
        guard case .refused(let refusal) = outcome else {
            Issue.record("an unsigned response was accepted")
            return
        }
        #expect(refusal.code == .missingHeader)
    }

    @Test func responseSignedByAnotherKeyIsRefused() throws {
        guard case .refused(let unknown) = Self.verify(try Self.signed(by: F.other).fields) else {
            Issue.record("a response by an unexpected key was accepted")
            return
        }
        #expect(unknown.code == .unknownKey)
        #expect(unknown.reason.contains(HTTPSignatureKeyID.of(F.other.publicKey)))
        // Another key claiming the expected key id does not verify.
        guard case .refused(let forged) = Self.verify(try Self.signed(by: F.other, keyID: F.keyID).fields) else {
            Issue.record("a forged response was accepted")
            return
        }
        #expect(forged.code == .badSignature)
    }

    @Test func responseToAnotherRequestOrWithAnotherStatusIsRefused() throws {
        let fields = try Self.signed().fields
        let otherRequest = [UInt8](repeating: 8, count: 64)
        #expect(Self.verify(fields, requestSignature: otherRequest) != .accepted(keyID: F.keyID))
        #expect(Self.verify(fields, status: 500) != .accepted(keyID: F.keyID))
        guard case .refused(let refusal) = Self.verify(fields, body: Array("{}".utf8)) else {
            Issue.record("a response with another body was accepted")
            return
        }
        #expect(refusal.code == .digestMismatch)
    }

    @Test func requestSignatureUnderTheResponsePurposeIsNotAResponse() throws {
        // A request's signature covers other components, so it is refused as a response signature.
        let request = try F.signed()
        guard case .refused(let refusal) = Self.verify(request.fields) else {
            Issue.record("a request signature was accepted as a response")
            return
        }
        #expect(refusal.code == .wrongComponents)
    }
}
