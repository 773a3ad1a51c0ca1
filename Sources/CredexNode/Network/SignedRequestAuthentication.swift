import CredexCrypto
import CredexNet
import CredexTrust
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// On the plain listener behind the institution's proxy: serves only requests signed (RFC 9421) by
/// an active or suspended `httpsig` member of the current trust list (`admitsCaller`), and signs every response, bound to the
/// request's signature. The signed target URI is this node's endpoint from the trust list plus the
/// request target, so the check does not depend on what the proxy forwards as `Host`.
struct SignedRequestAuthentication: RouterMiddleware {
    let trust: NodeTrust
    let ownNodeID: String
    let nonces: any NonceStore
    let responseSigner: HTTPResponseSigner
    let now: @Sendable () -> Date
    /// The largest request body accepted (it is read whole to check its digest).
    let maxBodyBytes: Int

    func handle(
        _ request: Request,
        context: PeerRequestContext,
        next: (Request, PeerRequestContext) async throws -> Response
    ) async throws -> Response {
        let current = trust.current
        guard let own = current.member(ownNodeID) else {
            return refuse(
                context,
                .forbidden,
                "this node (\(ownNodeID)) is not in trust list version \(current.version)"
            )
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            return refuse(context, .contentTooLarge, "the request body is larger than \(maxBodyBytes) bytes")
        }
        let bodyBytes = Array(body.readableBytesView)
        let verifier = SignedRequestVerifier(
            keys: { current.requestSigner(keyID: $0)?.key },
            nonces: nonces
        )
        let outcome = try await verifier.verify(
            method: request.method.rawValue,
            targetURI: own.endpoint.url(for: request.head.path ?? "/"),
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) },
            body: bodyBytes,
            now: now()
        )
        switch outcome {
        case .refused(let refusal):
            return refuse(context, .unauthorized, "signed request refused: \(refusal)")
        case .accepted(let signed):
            guard let signer = current.requestSigner(keyID: signed.keyID) else {
                return refuse(
                    context,
                    .unauthorized,
                    "key \(signed.keyID) is not an active or suspended httpsig member's"
                )
            }
            var context = context
            context.peerNodeID = signer.member.nodeID.rawValue
            context.logger[metadataKey: "peer.id"] = "\(signer.member.nodeID)"
            request.body = .init(buffer: body)
            let response = try await next(request, context)
            return try await signing(response, requestSignature: signed.signature)
        }
    }

    /// `response` with its body read whole and the signature fields added.
    private func signing(_ response: Response, requestSignature: [UInt8]) async throws -> Response {
        let collector = CollectingBodyWriter()
        var response = response
        let body = response.body
        try await body.write(collector)
        let bytes = collector.bytes
        let headers = try responseSigner.sign(
            status: response.status.code,
            body: bytes,
            requestSignature: requestSignature,
            now: now()
        )
        for field in headers.fields {
            guard let name = HTTPField.Name(field.name) else { continue }
            response.headers[name] = field.value
        }
        response.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
        return response
    }

    private func refuse(_ context: PeerRequestContext, _ status: HTTPResponse.Status, _ reason: String) -> Response {
        context.logger.warning("signed request refused", metadata: ["reason": "\(reason)"])
        return PeerResponses.problem(status, reason)
    }
}

/// Reads a response body whole (to sign it).
private final class CollectingBodyWriter: ResponseBodyWriter {
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
