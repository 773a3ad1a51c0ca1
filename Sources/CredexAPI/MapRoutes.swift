import CredexCore
import CredexMapping
import Hummingbird

/// Mapping between formats: `GET /api/v1/records/{id}/as/{format}` (a record held here, signed
/// when this node issued it) and `POST /api/v1/map?to={format}` (an uploaded document), each with
/// the report of what was lost, estimated or converted.
extension OfficerAPI {
    /// A mapped record or document, and what the mapping did.
    struct Mapped: Encodable {
        var format: String
        /// The documents, as text (one for a record; one per credential for an upload).
        var documents: [String]
        /// Whether this node signed it (its own active records, as OB3).
        var signedHere: Bool
        var reports: [MappingReport]
    }

    func addMapRoutes(to group: RouterGroup<APIContext>) {
        group.get("records/:id/as/:format") { _, context -> Response in
            _ = try context.require(.readPersonal)
            let stored = try await held(context)
            let name = context.parameters.get("format") ?? ""
            guard let format = CredentialExport.Format(rawValue: name) else {
                throw Problem.badRequest(
                    "format must be one of \(CredentialExport.Format.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard let exporter else {
                throw Problem(.serviceUnavailable, "no-exporter", "this node exports no records")
            }
            let output: CredentialExport.Output
            do {
                output = try await exporter.export(
                    stored.record,
                    status: try await store.status(of: stored.record.id),
                    to: format
                ) { try await store.record(id: $0)?.record }
            } catch let error as CredexError {
                throw Problem(.unprocessableContent, "not-mappable", error.reason)
            }
            return try json(
                Mapped(
                    format: format.rawValue,
                    documents: [String(decoding: output.bytes, as: UTF8.self)],
                    signedHere: output.signedHere,
                    reports: output.reports
                )
            )
        }
        group.post("map") { request, context -> Response in
            _ = try context.require(.readPersonal)
            let query = QueryParameters(request)
            guard let format = try query.value("to", "a format", { CredentialFormat(rawValue: $0) }) else {
                throw Problem.badRequest(
                    "to must name the format: \(CredentialFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let from = try query.value("from", "a format", { CredentialFormat(rawValue: $0) })
            let bytes = try await Self.document(request)
            do {
                let translation = try CredentialFormat.decode(bytes, as: from)
                let (encoded, reports) = try CredentialFormat.encode(translation.specs, to: format)
                return try json(
                    Mapped(
                        format: format.rawValue,
                        documents: [String(decoding: encoded, as: UTF8.self)],
                        signedHere: false,
                        reports: translation.reports + translation.specs.map(crosswalks.conversions) + reports
                    )
                )
            } catch let error as CredexError {
                throw Problem(.unprocessableContent, "not-mappable", error.reason)
            } catch {
                throw Problem(
                    .unprocessableContent,
                    "not-mappable",
                    "the document could not be read as \(from?.rawValue ?? "any format")"
                )
            }
        }
    }
}
