import CredexCore
import Hummingbird

/// `GET /search?q=&eqf=&country=&type=&minEcts=&maxEcts=`: the spec search of the JSON API as a
/// form and a table; a filter the API refuses shows its problem detail, not a failure.
extension WebPages {
    func addSearchPages(to group: RouterGroup<APIContext>) {
        group.get("search") { request, context -> Response in
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            let query = QueryParameters(request)
            var data: [String: Any] = [:]
            for name in ["q", "country", "type", "minEcts", "maxEcts"] { data[name] = query.string(name) ?? "" }
            let eqf = query.string("eqf") ?? ""
            data["eqfOptions"] =
                [["value": "", "label": words["eqf_any"] ?? "", "selected": eqf.isEmpty]]
                + (1...8).map { level -> [String: Any] in
                    ["value": String(level), "label": String("EQF \(level)"), "selected": eqf == String(level)]
                }
            var status = HTTPResponse.Status.ok
            do {
                let summaries = try await api.specSummaries(try api.specQuery(query))
                data["results"] = summaries.map { Self.row($0, language: frame.language, words: words) }
                data["hasResults"] = !summaries.isEmpty
            } catch let problem as Problem {
                data["error"] = problem.detail
                data["hasResults"] = false
                status = HTTPResponse.Status(code: problem.status)
            }
            return renderer.page("search", title: words["search_title"] ?? "", data, frame: frame, status: status)
        }
    }

    /// A spec summary as one row of the results.
    static func row(_ summary: SpecSummary, language: String, words: [String: String]) -> [String: Any] {
        [
            "id": summary.id,
            "title": Self.text(summary.title, language),
            "issuer": summary.awardingBodies.map { Self.text($0.name, language) }.joined(separator: "; "),
            "country": Array(Set(summary.awardingBodies.map(\.country))).sorted().joined(separator: ", "),
            "level": summary.levels.map { level -> String in
                let eqf = level.eqf.isEmpty ? "" : " (EQF \(level.eqf.joined(separator: "/")))"
                return "\(level.framework) \(level.level)\(eqf)"
            }.joined(separator: "; "),
            "credits": summary.credits.map { "\($0.value) \($0.system)" }.joined(separator: ", "),
            "status": words["status_\(summary.status)"] ?? summary.status,
        ]
    }

    /// The text of a language map in `language`, else English, else the first by tag.
    static func text(_ values: [String: String], _ language: String) -> String {
        values[language] ?? values["en"] ?? values.keys.sorted().first.flatMap { values[$0] } ?? ""
    }
}
