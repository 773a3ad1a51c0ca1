import CredexCore
import CredexJSON
import CredexRecognition
import Hummingbird

/// `GET /reports` lists the saved reports; `GET /reports/{report}` shows one as on the credential
/// page, whether it still reproduces, and takes the officer's decision (`POST
/// /reports/{report}/decision`).
extension WebPages {
    func addReportPages(to group: RouterGroup<APIContext>) {
        group.get("reports") { request, context -> Response in
            _ = try context.require(.saveReport)
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            let query = QueryParameters(request)
            let saved = try await api.store.savedReports(
                limit: try query.integer("limit", in: OfficerAPI.pageSizes, default: 50),
                offset: try query.integer("offset", in: 0...100_000, default: 0)
            )
            var rows: [[String: Any]] = []
            for report in saved {
                let view = try await api.view(report, reproduce: false)
                rows.append([
                    "id": view.id,
                    "title": view.report.title.text(preferring: frame.language),
                    "record": view.record,
                    "framework": view.framework,
                    "savedAt": view.savedAt,
                    "decision": view.report.decision.map {
                        words["decision_\($0.result.rawValue)"] ?? $0.result.rawValue
                    }
                        ?? (words["decision_none"] ?? ""),
                ])
            }
            return renderer.page(
                "reports",
                title: words["reports_title"] ?? "",
                ["reports": rows, "hasReports": !rows.isEmpty],
                frame: frame
            )
        }
        group.get("reports/:report") { request, context -> Response in
            _ = try context.require(.saveReport)
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            let view = try await api.view(try await api.savedReport(context), reproduce: true)
            let title = view.report.title.text(preferring: frame.language)
            let reproduces = view.reproduces == true
            let result = view.report.decision?.result.rawValue
            return renderer.page(
                "report",
                title: title,
                [
                    "id": view.id,
                    "title": title,
                    "record": view.record,
                    "framework": view.framework,
                    "savedAt": view.savedAt,
                    "reproduces": reproduces ? "true" : "false",
                    "reproductionSymbol": reproduces ? "✓" : "✗",
                    "reproductionOutcome": reproduces ? "pass" : "fail",
                    "reproductionText": (reproduces ? words["reproduces_yes"] : words["reproduces_no"]) ?? "",
                    "reproductionNote": view.reproduction ?? "",
                    "report": PageModels.recognition(view.report, language: frame.language, words: words),
                    "results": OfficerDecision.Result.allPage.map { option in
                        [
                            "value": option.rawValue,
                            "label": words["decision_\(option.rawValue)"] ?? option.rawValue,
                            "checked": option.rawValue == result,
                        ]
                    },
                    "comment": view.report.decision?.comment ?? "",
                ],
                frame: frame
            )
        }
        group.post("reports/:report/decision") { request, context -> Response in
            let principal = try context.require(.saveReport)
            let form = try await checkedForm(request)
            let saved = try await api.savedReport(context)
            guard let text = form["result"], let result = OfficerDecision.Result(rawValue: text) else {
                throw Problem.badRequest("choose positive, partially positive or negative")
            }
            _ = try await api.decide(saved, OfficerDecision(result: result, comment: form["comment"]), by: principal)
            return PageRenderer.redirect(to: "/reports/\(saved.id)")
        }
    }
}

extension OfficerDecision.Result {
    /// Every result, in the order the decision form offers them.
    static let allPage: [OfficerDecision.Result] = [.positive, .partiallyPositive, .negative]
}
