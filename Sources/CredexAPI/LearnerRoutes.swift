import CredexAccess
import CredexCore
import CredexJSON
import CredexStore
import Foundation
import Hummingbird

/// A learner's rights under the GDPR, for operators: `GET /api/v1/learners?identifier=…`
/// (article 15, access: every award this node holds a personal part of for that learner, with
/// the part) and `GET /api/v1/learners/export?identifier=…` (article 20, portability: the same
/// with the signed award and spec records, as one JSON file to hand over). Every answer is
/// audited, naming the awards and never the learner.
extension OfficerAPI {
    /// One award of the learner, with what this node holds of it.
    struct LearnerAward: Encodable {
        var award: String
        var issuer: String
        var status: String?
        var personalPart: PersonalPart
        /// For an export: the signed award and spec records.
        var records: [JSONValue]?
    }

    struct LearnerData: Encodable {
        var node: String
        /// When the answer was made, by this node's clock.
        var madeAt: String
        var awards: [LearnerAward]
    }

    func addLearnerRoutes(to group: RouterGroup<APIContext>) {
        group.get("learners") { request, context -> Response in
            let principal = try context.require(.exportPersonal)
            return try json(try await learnerData(request, principal: principal, export: false))
        }
        group.get("learners/export") { request, context -> Response in
            let principal = try context.require(.exportPersonal)
            var response = try json(try await learnerData(request, principal: principal, export: true))
            response.headers[.contentDisposition] = "attachment; filename=\"learner-data.json\""
            return response
        }
    }

    private func learnerData(_ request: Request, principal: Principal, export: Bool) async throws -> LearnerData {
        let query = QueryParameters(request)
        guard let identifier = query.string("identifier") else {
            throw Problem.badRequest("identifier must give the learner's identifier value or exact name")
        }
        let parts = try await store.personalParts(matching: .learner(identifier, scheme: query.string("scheme")))
        var awards: [LearnerAward] = []
        for (id, part) in parts {
            guard let stored = try await store.record(id: id), case .award(let award) = RecordBody(of: stored.record)
            else { continue }
            var records: [JSONValue]?
            if export {
                records = [try StrictJSON.parseCanonical(stored.record.canonicalBytes)]
                if let spec = try await store.record(id: award.spec) {
                    records?.append(try StrictJSON.parseCanonical(spec.record.canonicalBytes))
                }
            }
            awards.append(
                LearnerAward(
                    award: id.rawValue,
                    issuer: stored.record.issuer.rawValue,
                    status: try await store.status(of: id)?.rawValue,
                    personalPart: part,
                    records: records
                )
            )
        }
        try await access.audit.record(
            try AuditEvent(
                actor: principal.auditActor,
                action: export ? .personalExport : .personalRead,
                targets: parts.map { .award($0.0) },
                outcome: .ok
            )
        )
        return LearnerData(node: nodeID.rawValue, madeAt: ClaimedTime(Date()).rawValue, awards: awards)
    }
}
