import CredexCore
import Foundation

extension EQFMatch {
    /// The report line for this level conversion.
    public func entry(field: String = "levels") -> MappingReport.Entry {
        MappingReport.Entry(
            field: field,
            outcome: .converted,
            detail: "\(framework) \(level) -> EQF \(eqf) (\(confidence.rawValue))",
            source: source.citation,
            confidence: confidence
        )
    }
}

extension WorkloadConversion {
    /// The report line: `estimated` with the figure and its sources, or `unknown` with why nothing was converted.
    public func entry(field: String) -> MappingReport.Entry {
        switch self {
        case .estimate(let estimate):
            let figure =
                estimate.isExact
                ? crosswalkText(estimate.lower) : "\(crosswalkText(estimate.lower))-\(crosswalkText(estimate.upper))"
            return MappingReport.Entry(
                field: field,
                outcome: .estimated,
                detail: "\(figure) \(estimate.unit.rawValue)",
                source: estimate.sources.isEmpty ? nil : estimate.sources.joined(separator: "; "),
                confidence: estimate.confidence
            )
        case .notConverted(let reason):
            return MappingReport.Entry(field: field, outcome: .unknown, detail: reason)
        }
    }
}

extension TituloPropioAnswer {
    /// The report line: the candidate classes and the rule, or `unknown` when no band holds the figure.
    public func entry(ects: Decimal, field: String = "credentialType") -> MappingReport.Entry {
        guard let first = classes.first else {
            return MappingReport.Entry(
                field: field,
                outcome: .unknown,
                detail: "no título propio class for \(ects) ECTS"
            )
        }
        let names = classes.map { $0.name["es"] ?? $0.id }.joined(separator: " or ")
        return MappingReport.Entry(
            field: field,
            outcome: .estimated,
            detail: "\(crosswalkText(ects)) ECTS: \(names). \(rule)",
            source: first.source.citation,
            confidence: first.confidence
        )
    }
}

extension Crosswalks {
    /// The report lines for a national level: one per EQF candidate, or one `unknown` line saying why there is
    /// none (an unknown framework, a framework with no source, a level the data does not cover).
    public func levelEntries(for level: Level) -> [MappingReport.Entry] {
        let matches = eqf(for: level)
        guard matches.isEmpty else { return matches.map { $0.entry() } }
        let framework = framework(level.framework)
        let why =
            framework.map { $0.noSource ?? $0.notes ?? "the data has no source for this level" }
            ?? "no crosswalk for framework \(level.framework)"
        return [
            MappingReport.Entry(
                field: "levels",
                outcome: .unknown,
                detail: "\(level.framework) \(level.level): no EQF level (\(why)); nothing inferred"
            )
        ]
    }

    /// Adds `entries` to `report` and names this data's version in it.
    public func record(_ entries: [MappingReport.Entry], in report: inout MappingReport) {
        report.dataVersion = version
        for entry in entries { report.add(entry) }
    }
}

/// A decimal for a report, to at most two places.
func crosswalkText(_ value: Decimal) -> String {
    var input = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &input, 2, .plain)
    return "\(rounded)"
}

extension Crosswalks {
    /// What the crosswalks say about `spec`, as a report (format `crosswalk`): the lines of
    /// `conversionEntries(of:)` and this data's version.
    public func conversions(of spec: CredentialSpec) -> MappingReport {
        var report = MappingReport(format: "crosswalk")
        record(conversionEntries(of: spec), in: &report)
        return report
    }

    /// The lines of `conversions(of:)`: the EQF candidates of every national level (or that none is stated); for
    /// every credit figure its
    /// hours (unless the spec states its hours) and, outside ECTS, its ECTS, at the rate the spec states for its
    /// system (exact) before the data's; and the hours of a calendar duration at the spec's weekly rate. Each line
    /// has its source and confidence, or says why nothing was converted.
    func conversionEntries(of spec: CredentialSpec) -> [MappingReport.Entry] {
        var entries: [MappingReport.Entry] = []
        for level in spec.levels ?? [] where level.framework != "EQF" {
            entries += levelEntries(for: level)
        }
        if (spec.levels ?? []).isEmpty {
            entries.append(
                .init(
                    field: "levels",
                    outcome: .unknown,
                    detail: "no level in any framework is stated; none is inferred"
                )
            )
        }
        let workload = spec.workload
        for credit in workload.credits ?? [] {
            let stated = statedRate(for: credit, in: workload)
            if workload.hours == nil {
                entries.append(hours(for: credit, stated: stated).entry(field: "workload.hours"))
            }
            if credit.system != "ECTS" {
                entries.append(ects(for: credit, stated: stated).entry(field: "workload.credits"))
            }
        }
        if workload.hours == nil, let duration = workload.duration, let weekly = workload.weeklyRate {
            let conversion = hours(forDuration: duration, perWeek: StatedRate(weekly))
            entries.append(conversion.entry(field: "workload.hours"))
        }
        return entries
    }
}
