import CredexCore
import CredexVerification
import Foundation
import Hummingbird
import NIOCore

/// `POST /api/v1/verify`: an uploaded document (any supported format, a W3C credential with an
/// `eddsa-jcs-2022` proof, a VC-JWT, a Credex record) checked, nothing kept. A record's own
/// checks are part of `GET /api/v1/records/{id}`.
extension OfficerAPI {
    /// The largest document accepted for verification or mapping.
    static let maxDocumentBytes = 4 << 20

    /// The checks of record `id` against what this node holds and the trust list in force.
    func verification(of id: RecordID) async throws -> VerificationReport {
        try await Verifier(store: store, trust: trust(), now: Date()).verify(id: id)
    }

    /// The checks of an uploaded document.
    func verification(ofDocument bytes: [UInt8]) async throws -> VerificationReport {
        try await Verifier(store: store, trust: trust(), now: Date()).verify(document: bytes)
    }

    func addVerifyRoutes(to group: RouterGroup<APIContext>) {
        group.post("verify") { request, context -> Response in
            _ = try context.require(.readPersonal)
            return try json(try await verification(ofDocument: try await Self.document(request)))
        }
    }

    /// The request body whole, up to `maxDocumentBytes`.
    static func document(_ request: Request) async throws -> [UInt8] {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxDocumentBytes)
            guard buffer.readableBytes > 0 else { throw Problem.badRequest("the body holds no document") }
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "too-large", "a document is at most \(maxDocumentBytes) bytes")
        }
    }
}
