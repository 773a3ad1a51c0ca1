import CredexCore
import CredexRecognition
import CredexVerification

/// What the templates show of the API's values: plain dictionaries of text, with the words of the
/// reader's language (`words`) for outcomes and labels. Every outcome is a word and a symbol,
/// never a colour alone.
enum PageModels {
    /// The symbol of an outcome, shown beside its word.
    static func symbol(_ outcome: Check.Outcome) -> String {
        switch outcome {
        case .pass: "✓"
        case .fail: "✗"
        case .unknown: "?"
        }
    }

    /// A verification report: the overall outcome and every check with its reason and evidence.
    static func checks(_ report: VerificationReport, words: [String: String]) -> [String: Any] {
        [
            "outcome": report.outcome.rawValue,
            "symbol": symbol(report.outcome),
            "outcomeText": words["outcome_\(report.outcome.rawValue)"] ?? report.outcome.rawValue,
            "verifiedAt": report.verifiedAt,
            "checks": report.checks.map { check -> [String: Any] in
                let evidence = (check.evidence ?? [:]).sorted { $0.key < $1.key }
                return [
                    "id": check.id,
                    "name": check.name,
                    "outcome": check.outcome.rawValue,
                    "symbol": symbol(check.outcome),
                    "outcomeText": words["outcome_\(check.outcome.rawValue)"] ?? check.outcome.rawValue,
                    "reason": check.reason,
                    "hasEvidence": !evidence.isEmpty,
                    "evidence": evidence.map { ["key": $0.key, "value": $0.value] },
                ]
            },
        ]
    }

    /// A fact as a row: its name, value or why it is unknown, source and confidence.
    static func fact(_ fact: ReportFact, words: [String: String]) -> [String: Any] {
        [
            "name": fact.name,
            "value": fact.value ?? "\(words["unknown"] ?? "unknown"): \(fact.unknown ?? "")",
            "known": fact.value != nil,
            "source": fact.source?.label ?? "",
            "confidence": fact.confidence?.rawValue ?? "",
        ]
    }

    /// A workload figure as a row.
    static func figure(_ label: String, _ figure: WorkloadFinding.Figure, words: [String: String]) -> [String: Any] {
        let value = figure.value.map { "\($0) \(figure.unit)" } ?? "\(words["unknown"] ?? ""): \(figure.unknown ?? "")"
        return [
            "label": label,
            "value": value,
            "estimated": figure.estimated ? (words["estimated"] ?? "estimated") : (words["stated"] ?? "stated"),
            "source": figure.source?.label ?? "",
            "confidence": figure.confidence?.rawValue ?? "",
        ]
    }

    /// A recognition report, section by section after the Lisbon Recognition Convention.
    static func recognition(_ report: RecognitionReport, language: String, words: [String: String]) -> [String: Any] {
        let level = report.level
        var data: [String: Any] = [
            "target": level.target,
            "candidates": level.candidates.enumerated().map { index, candidate -> [String: Any] in
                [
                    "statement": candidate.statement,
                    "isFirst": index == 0,
                    "eqf": candidate.eqf,
                    "confidence": candidate.confidence?.rawValue ?? (words["stated"] ?? "stated"),
                    "sources": candidate.sources.map(\.label).joined(separator: "; "),
                ]
            },
            "hasCandidates": !level.candidates.isEmpty,
            "levelUnknown": level.unknown ?? "",
            "hasLevelUnknown": level.unknown != nil,
            "stated": level.stated.map { stated -> [String: Any] in
                [
                    "level": String("\(stated.framework) \(stated.level)"),
                    "eqf": stated.eqf.map(\.eqf).joined(separator: ", "),
                    "source": stated.source.label,
                ]
            },
        ]
        let workload = report.workload
        var figures: [[String: Any]] = []
        for credits in workload.credits {
            figures.append(figure(words["workload_given"] ?? "", credits.given, words: words))
        }
        figures.append(figure(words["workload_hours"] ?? "", workload.hours, words: words))
        figures.append(figure(words["workload_ects"] ?? "", workload.ects, words: words))
        data["figures"] = figures
        if let titulo = workload.tituloPropio {
            data["tituloPropio"] = [
                "names": titulo.names.isEmpty
                    ? "\(words["unknown"] ?? ""): \(titulo.unknown ?? "")" : titulo.names.joined(separator: "; "),
                "ects": titulo.ects ?? "",
                "rule": titulo.rule ?? "",
                "source": titulo.source?.label ?? "",
                "confidence": titulo.confidence?.rawValue ?? "",
            ]
        }
        let workloadFacts = [workload.duration, workload.note].compactMap { $0 }
        data["workloadFacts"] = workloadFacts.map { fact($0, words: words) }
        data["hasWorkloadFacts"] = !workloadFacts.isEmpty
        data["quality"] = ["rows": report.quality.facts.map { fact($0, words: words) }]
        data["externallyEvidenced"] =
            report.quality.externallyEvidenced ? (words["yes"] ?? "yes") : (words["no"] ?? "no")
        data["profile"] = ["rows": report.profile.facts.map { fact($0, words: words) }]
        data["outcomes"] = report.learningOutcomes.outcomes.map { outcome -> [String: Any] in
            [
                "text": outcome.text.text(preferring: language),
                "english": outcome.english.flatMap { $0 == outcome.text.text(preferring: language) ? nil : $0 } ?? "",
                "link": outcome.uri ?? outcome.framework ?? "",
            ]
        }
        data["outcomesUnknown"] = report.learningOutcomes.unknown ?? ""
        data["outcomesSource"] = report.learningOutcomes.source.label
        if let grade = report.grade {
            data["grade"] = [
                "rows": ([grade.grade, grade.gradingScheme] + grade.results).map { fact($0, words: words) }
            ]
        }
        data["annexI"] = report.annexI.elements.map { element -> [String: Any] in
            let outcome: Check.Outcome = element.present ? .pass : .fail
            return [
                "element": element.element,
                "presentFlag": element.present ? "true" : "false",
                "field": element.field,
                "outcome": outcome.rawValue,
                "symbol": symbol(outcome),
                "present": element.present ? (words["present"] ?? "present") : (words["missing"] ?? "missing"),
                "detail": element.detail,
            ]
        }
        data["differences"] = report.possibleDifferences.map { difference -> [String: Any] in
            ["code": difference.code.rawValue, "statement": difference.statement, "evidence": difference.evidence]
        }
        data["hasDifferences"] = !report.possibleDifferences.isEmpty
        if let decision = report.decision {
            data["decision"] = [
                "result": words["decision_\(decision.result.rawValue)"] ?? decision.result.rawValue,
                "comment": decision.comment ?? "",
            ]
        }
        let inputs = report.reproduction
        data["reproduction"] = [
            "generatedAt": inputs.generatedAt.rawValue,
            "trustListVersion": inputs.trustListVersion.map(String.init) ?? "",
            "crosswalkVersion": inputs.crosswalkVersion,
            "programmeLevel": inputs.target.programmeLevel ?? "",
        ]
        return data
    }
}
