import CredexCore
import CredexStore
import Hummingbird

/// `GET /api/v1/records/{id}`: a record held here, whole, with what this node knows about it.
extension OfficerAPI {
    func addRecordRoutes(to group: RouterGroup<APIContext>) {
        group.get("records/:id") { _, context -> Response in
            try json(try await recordView(try await held(context)))
        }
    }

    /// The record the path's `id` names.
    /// - Throws: a 400 problem for a malformed id, a 404 one for a record not held.
    func held(_ context: APIContext) async throws -> StoredRecord {
        let text = context.parameters.get("id") ?? ""
        guard let id = try? RecordID(validating: text) else {
            throw Problem.badRequest("a record id is 64 lowercase hex characters")
        }
        guard let stored = try await store.record(id: id) else {
            throw Problem.notFound("this node holds no record \(id)")
        }
        return stored
    }
}
