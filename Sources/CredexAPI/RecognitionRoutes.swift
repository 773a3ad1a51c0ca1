import CredexAccess
import CredexCore
import CredexJSON
import CredexRecognition
import CredexStore
import Foundation
import Hummingbird

/// Recognition reports: `GET /api/v1/records/{id}/recognition` builds one now; `POST
/// /api/v1/reports` saves one (without the learner's grade: saved reports hold no personal data);
/// `GET /api/v1/reports[/{id}]` lists and shows them, each regenerated to show it still
/// reproduces; `PUT /api/v1/reports/{id}/decision` records the officer's decision.
extension OfficerAPI {
    struct SaveRequest: Decodable {
        var record: String
        var framework: String?
        var programmeLevel: String?
    }

    struct DecisionRequest: Decodable {
        var result: OfficerDecision.Result
        var comment: String?
    }

    /// A saved report as the API shows it.
    struct SavedReportView: Encodable {
        var id: String
        var record: String
        var framework: String
        var author: String
        var savedAt: String
        var report: RecognitionReport
        /// Whether regenerating it from the same records, versions and time gives the same bytes.
        var reproduces: Bool?
        var reproduction: String?
    }

    func addRecognitionRoutes(to group: RouterGroup<APIContext>) {
        group.get("records/:id/recognition") { request, context -> Response in
            let principal = try context.require(.readPersonal)
            let query = QueryParameters(request)
            let target = try target(
                framework: query.string("framework"),
                programmeLevel: query.string("programmeLevel")
            )
            let report = try await recognition(
                of: try await held(context),
                target: target,
                generatedAt: ClaimedTime(Date()),
                reader: principal
            )
            return try json(report)
        }
        group.post("reports") { request, context -> Response in
            let principal = try context.require(.saveReport)
            let body = try await request.decode(as: SaveRequest.self, context: context)
            guard let id = try? RecordID(validating: body.record), let stored = try await store.record(id: id) else {
                throw Problem.notFound("this node holds no record \(body.record.prefix(80))")
            }
            let target = try target(framework: body.framework, programmeLevel: body.programmeLevel)
            let saved = try await saveReport(on: stored, target: target, by: principal)
            return try json(try await view(saved, reproduce: false), status: .created)
        }
        group.get("reports") { request, context -> Response in
            _ = try context.require(.saveReport)
            let query = QueryParameters(request)
            let reports = try await store.savedReports(
                limit: try query.integer("limit", in: Self.pageSizes, default: 20),
                offset: try query.integer("offset", in: 0...100_000, default: 0)
            )
            var views: [SavedReportView] = []
            for saved in reports { views.append(try await view(saved, reproduce: false)) }
            return try json(views)
        }
        group.get("reports/:report") { _, context -> Response in
            _ = try context.require(.saveReport)
            return try json(try await view(try await savedReport(context), reproduce: true))
        }
        group.put("reports/:report/decision") { request, context -> Response in
            let principal = try context.require(.saveReport)
            let saved = try await savedReport(context)
            let body = try await request.decode(as: DecisionRequest.self, context: context)
            let decision = OfficerDecision(result: body.result, comment: body.comment)
            return try json(try await view(try await decide(saved, decision, by: principal), reproduce: false))
        }
    }

    /// Saves the report on `stored` for `target`, built now without personal data, and audits it.
    func saveReport(
        on stored: StoredRecord,
        target: RecognitionTarget,
        by principal: Principal
    ) async throws
        -> SavedReport
    {
        let report = try await recognition(of: stored, target: target, generatedAt: ClaimedTime(Date()), reader: nil)
        let saved = try await store.saveReport(
            .init(
                record: stored.record.id,
                framework: target.framework,
                author: principal.tokenID.rawValue,
                report: try report.canonicalBytes()
            )
        )
        try await access.audit.record(
            try AuditEvent(
                actor: principal.auditActor,
                action: .reportSave,
                targets: [.record(stored.record.id)],
                outcome: .ok
            )
        )
        return saved
    }

    /// Records `principal`'s decision on `saved`.
    func decide(
        _ saved: SavedReport,
        _ decision: OfficerDecision,
        by principal: Principal
    ) async throws -> SavedReport {
        try await store.decide(
            report: saved.id,
            decision: try JSONValueEncoder().canonicalBytes(decision),
            by: principal.tokenID.rawValue
        )
    }

    /// The saved report the path's `report` names.
    /// - Throws: a 404 problem when there is none.
    func savedReport(_ context: APIContext) async throws -> SavedReport {
        let id = context.parameters.get("report") ?? ""
        guard let saved = try await store.savedReport(id: id) else {
            throw Problem.notFound("no saved report \(id.prefix(80))")
        }
        return saved
    }

    /// `saved` for the API, its decision attached; with `reproduce`, regenerated and compared.
    func view(_ saved: SavedReport, reproduce: Bool) async throws -> SavedReportView {
        var report = try JSONValueDecoder().decode(
            RecognitionReport.self,
            from: try StrictJSON.parseCanonical(saved.report)
        )
        var reproduces: Bool?
        var note: String?
        if reproduce {
            (reproduces, note) = try await reproduction(of: report, record: saved.record)
        }
        if let decision = saved.decision {
            report = report.attaching(
                try JSONValueDecoder().decode(OfficerDecision.self, from: try StrictJSON.parseCanonical(decision))
            )
        }
        return SavedReportView(
            id: saved.id,
            record: saved.record.rawValue,
            framework: saved.framework,
            author: saved.author,
            savedAt: saved.savedAt,
            report: report,
            reproduces: reproduces,
            reproduction: note
        )
    }

    /// Regenerates `report` from the records it names, the trust-list version and time it used.
    private func reproduction(of report: RecognitionReport, record: RecordID) async throws -> (Bool, String) {
        let inputs = report.reproduction
        guard inputs.crosswalkVersion == crosswalks.version else {
            return (false, "made with crosswalk data \(inputs.crosswalkVersion); this node has \(crosswalks.version)")
        }
        guard let stored = try await store.record(id: record) else {
            return (false, "record \(record) is no longer held")
        }
        let again = try await recognition(
            of: stored,
            target: inputs.target,
            generatedAt: inputs.generatedAt,
            trustVersion: inputs.trustListVersion,
            reader: nil
        )
        return again.reproduces(report)
            ? (true, "regenerated byte for byte from the same records and versions")
            : (false, "regenerating it gives a different report")
    }
}
