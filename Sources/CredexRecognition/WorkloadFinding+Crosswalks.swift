import CredexCore
import CredexMapping
import Foundation

extension WorkloadFinding {
    /// The workload of `spec` (credits from `award` where it states them), converted by `crosswalks` as
    /// `Crosswalks.conversions(of:)` converts it: the spec's stated rates first, then the data's.
    init(spec: CredentialSpec, award: Award?, target: RecognitionTarget, crosswalks: Crosswalks) {
        let workload = spec.workload
        let awardCredits = award?.credits ?? []
        let given = awardCredits.isEmpty ? workload.credits ?? [] : awardCredits
        let givenSource: FactSource = awardCredits.isEmpty ? .spec : .award
        var hourConversions: [WorkloadConversion] = []
        var ectsConversions: [WorkloadConversion] = []
        credits = given.map { credit in
            let stated = Self.statedRate(for: credit, in: workload)
            let hours = crosswalks.hours(for: credit, stated: stated)
            let ects = crosswalks.ects(for: credit, stated: stated)
            hourConversions.append(hours)
            ectsConversions.append(ects)
            return Credits(
                given: Figure(stated: credit.value.rawValue, unit: credit.system, source: givenSource),
                hours: Figure(hours, unit: "hours", givenSource),
                ects: Figure(ects, unit: "ECTS", givenSource)
            )
        }
        if workload.hours == nil, let duration = workload.duration {
            hourConversions.append(
                crosswalks.hours(
                    forDuration: duration,
                    perWeek: workload.weeklyRate.map {
                        StatedRate(hours: Self.decimal($0.hours.rawValue), source: $0.source)
                    }
                )
            )
        }
        let totalHours = Self.first(hourConversions)
        hours =
            workload.hours.map { Figure(stated: $0.rawValue, unit: "hours", source: .spec) }
            ?? Figure(totalHours, unit: "hours", givenSource, none: Self.noFigure(workload))
        if case .notConverted = Self.first(ectsConversions) {
            if let stated = workload.hours {
                let hours = Self.decimal(stated.rawValue)
                ectsConversions.append(Self.ects(ofHours: hours, hours, sources: [], confidence: nil, crosswalks))
            } else if case .estimate(let hours) = totalHours {
                ectsConversions.append(
                    Self.ects(
                        ofHours: hours.lower,
                        hours.upper,
                        sources: hours.sources,
                        confidence: hours.confidence,
                        crosswalks
                    )
                )
            }
        }
        let totalECTS = Self.first(ectsConversions)
        ects = Figure(totalECTS, unit: "ECTS", givenSource, none: Self.noFigure(workload))
        duration = workload.duration.map { ReportFact("workload.duration", $0, source: .spec) }
        note = workload.note.map { ReportFact("workload.note", $0.text(), source: .spec) }
        if crosswalks.framework(target.framework)?.country == "ES" {
            tituloPropio = TituloPropio(totalECTS, why: ects.unknown, crosswalks)
        }
    }

    /// The rate the workload states for `credit`'s system, by the system's name as given.
    private static func statedRate(for credit: Credit, in workload: Workload) -> StatedRate? {
        (workload.creditRates ?? []).first { $0.system == credit.system }
            .map { StatedRate(hours: decimal($0.hours.rawValue), source: $0.source) }
    }

    /// The first estimate, else the reasons none was made.
    private static func first(_ conversions: [WorkloadConversion]) -> WorkloadConversion {
        var reasons: [String] = []
        for conversion in conversions {
            switch conversion {
            case .estimate: return conversion
            case .notConverted(let reason): reasons.append(reason)
            }
        }
        return .notConverted(reason: reasons.joined(separator: "; "))
    }

    /// Hours in ECTS at the data's hours per ECTS (25-30), as `Crosswalks.ects(for:stated:)` converts hours.
    private static func ects(
        ofHours lower: Decimal,
        _ upper: Decimal,
        sources: [String],
        confidence: MappingReport.Confidence?,
        _ crosswalks: Crosswalks
    ) -> WorkloadConversion {
        guard case .estimate(var estimate) = crosswalks.hours(for: Credit(system: "ECTS", value: one)) else {
            return .notConverted(reason: "the crosswalk data has no ECTS rate")
        }
        (estimate.lower, estimate.upper) = (lower / estimate.upper, upper / estimate.lower)
        estimate.unit = .ects
        estimate.sources = sources + estimate.sources
        estimate.confidence = weaker(confidence, estimate.confidence)
        return .estimate(estimate)
    }

    private static func noFigure(_ workload: Workload) -> String {
        let note = workload.note.map { ": \"\($0.text())\"" } ?? ""
        return "no credits, hours or duration is stated\(note)"
    }

    static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0
    }

    // A valid decimal literal.
    private static let one = try! DecimalString(validating: "1")
}

extension WorkloadFinding.Figure {
    /// A figure as the credential states it.
    init(stated value: String, unit: String, source: FactSource) {
        self.value = value
        self.unit = unit
        estimated = false
        self.source = source
    }

    /// A conversion's figure: as given when it used no rate, else estimated with its sources; or unknown.
    init(_ conversion: WorkloadConversion, unit: String, _ given: FactSource, none: String? = nil) {
        self.unit = unit
        switch conversion {
        case .estimate(let estimate):
            value = reportFigure(estimate.lower, estimate.upper)
            estimated = !estimate.sources.isEmpty
            confidence = estimate.confidence
            let cited = estimate.sources.joined(separator: "; ")
            source =
                !estimated
                ? given
                : estimate.confidence == nil
                    ? FactSource(kind: .selfDeclared, label: "estimated at the rate the credential states: \(cited)")
                    : .external(cited)
        case .notConverted(let reason):
            estimated = false
            unknown = reason.isEmpty ? none : reason
        }
    }
}

extension WorkloadFinding.TituloPropio {
    /// Every class whose band meets the ECTS range of `conversion`, found by walking up its bands.
    init(_ conversion: WorkloadConversion, why: String?, _ crosswalks: Crosswalks) {
        guard case .estimate(let ects) = conversion else {
            classes = []
            names = []
            unknown = "no ECTS figure: \(why ?? "none was found")"
            return
        }
        var found: [TituloPropioClass] = []
        var probe = ects.lower
        var answer = crosswalks.tituloPropioClasses(ects: probe)
        while true {
            found += answer.classes.filter { !found.contains($0) }
            guard let next = answer.classes.compactMap(\.maxECTS).filter({ $0 > probe }).min(), next <= ects.upper
            else { break }
            probe = next
            answer = crosswalks.tituloPropioClasses(ects: probe)
        }
        classes = found.map(\.id)
        names = found.map { $0.name["es"] ?? $0.id }
        self.ects = reportFigure(ects.lower, ects.upper)
        if found.isEmpty {
            unknown = "no class of título propio holds \(self.ects ?? "") ECTS"
        } else {
            rule = answer.rule
            source = .external(found[0].source.citation)
            confidence = found.map(\.confidence).reduce(nil) { weaker($0, $1) }
        }
    }
}

/// A figure for a report, to at most two decimal places: `125`, or a range `13-15.6`.
func reportFigure(_ lower: Decimal, _ upper: Decimal) -> String {
    func text(_ value: Decimal) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        return "\(rounded)"
    }
    return lower == upper ? text(lower) : "\(text(lower))-\(text(upper))"
}
