import CredexCore
import CredexRecognition
import CredexStore
import Foundation
import Hummingbird

/// `GET /credentials/{id}`: a spec or award held here, with its checks, its canonical content, the
/// recognition report for the officer's framework (the node's own by default, else the one the
/// form asks for), and the signed record. `POST /credentials/{id}/report` saves that report.
extension WebPages {
    func addCredentialPages(to group: RouterGroup<APIContext>) {
        group.get("credentials/:id") { request, context -> Response in
            let principal = try context.require(.readPersonal)
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            let stored = try await api.held(context)
            let view = try await api.recordView(stored)
            let query = QueryParameters(request)
            var data: [String: Any] = [
                "id": view.id,
                "kind": words["kind_\(view.kind)"] ?? view.kind,
                "issuer": view.issuer,
                "status": words["status_\(view.status ?? "active")"] ?? view.status ?? "active",
                "verification": PageModels.checks(view.verification, words: words),
                "original": try Self.pretty(view.record),
            ]
            var title = words["kind_\(view.kind)"] ?? view.kind
            let (spec, award) = try await content(of: stored)
            if let spec {
                title = spec.title.text(preferring: frame.language)
                data["spec"] = Self.canonical(spec, language: frame.language, words: words)
            }
            if let award {
                data["award"] = [
                    "spec": award.spec.rawValue,
                    "issuedOn": award.issuedOn.rawValue,
                    "validUntil": award.validUntil?.rawValue ?? "",
                    "credits": (award.credits ?? []).map { "\($0.value) \($0.system)" }.joined(separator: ", "),
                ]
            }
            let programmeLevel = query.string("programmeLevel")
            do {
                let target = try api.target(framework: query.string("framework"), programmeLevel: programmeLevel)
                data["frameworks"] = frameworkOptions(selected: target.framework)
                let report = try await api.recognition(
                    of: stored,
                    target: target,
                    generatedAt: ClaimedTime(Date()),
                    reader: principal
                )
                data["report"] = PageModels.recognition(report, language: frame.language, words: words)
                data["save"] = ["framework": target.framework, "programmeLevel": target.programmeLevel ?? ""]
            } catch let problem as Problem {
                data["frameworks"] = frameworkOptions(selected: query.string("framework") ?? "")
                data["recognitionError"] = problem.detail
            }
            data["programmeLevel"] = programmeLevel ?? ""
            return renderer.page("credential", title: title, data, frame: frame)
        }
        group.post("credentials/:id/report") { request, context -> Response in
            let principal = try context.require(.saveReport)
            let form = try await checkedForm(request)
            let stored = try await api.held(context)
            let target = try api.target(framework: form["framework"], programmeLevel: form["programmeLevel"])
            let saved = try await api.saveReport(on: stored, target: target, by: principal)
            return PageRenderer.redirect(to: "/reports/\(saved.id)")
        }
    }

    /// The spec of a record (itself, or an award's when held here) and the award.
    func content(of stored: StoredRecord) async throws -> (CredentialSpec?, Award?) {
        switch RecordBody(of: stored.record) {
        case .spec(let spec):
            return (spec, nil)
        case .award(let award):
            guard let held = try await api.store.record(id: award.spec),
                case .spec(let spec) = RecordBody(of: held.record)
            else { return (nil, award) }
            return (spec, award)
        default:
            return (nil, nil)
        }
    }

    /// The frameworks a report can be made for: the EQF and every one of the crosswalks with levels.
    func frameworkOptions(selected: String) -> [[String: Any]] {
        let frameworks = api.crosswalks.frameworks.filter { !$0.levels.isEmpty }
        return [["value": "EQF", "label": "EQF", "selected": selected.caseInsensitiveCompare("EQF") == .orderedSame]]
            + frameworks.map { framework in
                let names = [framework.id] + (framework.aliases ?? [])
                return [
                    "value": framework.id,
                    "label": String("\(framework.name) (\(framework.country))"),
                    "selected": names.contains { $0.caseInsensitiveCompare(selected) == .orderedSame },
                ]
            }
    }

    /// A spec in canonical form, field by field.
    static func canonical(_ spec: CredentialSpec, language: String, words: [String: String]) -> [String: Any] {
        let workload = spec.workload
        let participation = spec.participation
        let quality = spec.qualityAssurance
        let rows: [(String, String?)] = [
            (
                "field_title",
                spec.title.values.sorted { $0.key < $1.key }.map { "\($0.value) [\($0.key)]" }
                    .joined(separator: " · ")
            ),
            ("field_description", spec.description?.text(preferring: language)),
            ("field_type", spec.credentialType),
            (
                "field_awarding_bodies",
                spec.awardingBodies.map { body in
                    let place = [body.country.rawValue, body.region].compactMap(\.self).joined(separator: ", ")
                    return "\(body.name.text(preferring: language)) (\(place)) \(body.id)"
                }.joined(separator: "; ")
            ),
            ("field_credits", (workload.credits ?? []).map { "\($0.value) \($0.system)" }.joined(separator: ", ")),
            ("field_hours", workload.hours.map { "\($0)" }),
            ("field_workload_note", workload.note?.text(preferring: language)),
            ("field_levels", (spec.levels ?? []).map { "\($0.framework) \($0.level)" }.joined(separator: ", ")),
            (
                "field_assessment",
                [spec.assessment.type, spec.assessment.description?.text(preferring: language)]
                    .compactMap(\.self).joined(separator: ": ")
            ),
            (
                "field_participation",
                [
                    participation.mode.rawValue, participation.pace?.rawValue, participation.duration,
                ].compactMap(\.self).joined(separator: ", ")
            ),
            (
                "field_quality",
                [quality.type, quality.body, quality.description?.text(preferring: language)]
                    .compactMap(\.self).joined(separator: "; ")
            ),
            ("field_languages", spec.languages?.joined(separator: ", ")),
            ("field_grading", spec.gradingScheme?.text(preferring: language)),
        ]
        return [
            "fields": rows.compactMap { key, value -> [String: Any]? in
                guard let value, !value.isEmpty else { return nil }
                return ["label": words[key] ?? key, "value": value]
            },
            "outcomes": spec.learningOutcomes.map { $0.text.text(preferring: language) },
        ]
    }

    /// A record's JSON, pretty-printed with sorted keys.
    static func pretty<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
