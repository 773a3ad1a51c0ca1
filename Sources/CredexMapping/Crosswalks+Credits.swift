import CredexCore
import Foundation

/// A workload figure computed from credits or a duration: exact when both ends agree, otherwise the range the
/// sources give.
public struct WorkloadEstimate: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable {
        case hours
        case ects = "ECTS"
    }
    public var lower: Decimal
    public var upper: Decimal
    public var unit: Unit
    /// What the figure rests on: crosswalk sources, or the credential's own statement.
    public var sources: [String]
    /// The weakest confidence of the crosswalk rates used; nil when only the source's own figures were used.
    public var confidence: MappingReport.Confidence?

    public var isExact: Bool { lower == upper }
}

/// A conversion of credits or a duration, or why it was not made: a number in an unknown system stays as
/// given and is flagged, never converted.
public enum WorkloadConversion: Sendable, Hashable {
    case estimate(WorkloadEstimate)
    case notConverted(reason: String)
}

/// A rate the credential itself states, e.g. MicroCreds' "1 ECTS = 25 learning hours", or "10 hours a week".
public struct StatedRate: Sendable, Hashable {
    /// Hours per credit, or per week for a duration.
    public var hours: Decimal
    /// Where the credential states it.
    public var source: String
    public init(hours: Decimal, source: String) {
        self.hours = hours
        self.source = source
    }

    /// The rate a spec states per credit.
    init(_ rate: Workload.CreditRate) {
        self.init(hours: crosswalkDecimal(rate.hours.rawValue) ?? 0, source: rate.source)
    }

    /// The rate a spec states per week.
    init(_ rate: Workload.WeeklyRate) {
        self.init(hours: crosswalkDecimal(rate.hours.rawValue) ?? 0, source: rate.source)
    }
}

extension Crosswalks {
    /// The hours of `credit`: at the credential's stated rate when there is one (exact, even in a system the data
    /// does not know), else at the credit system's rate from the data (a range where the source gives one: 5 ECTS
    /// is 125-150 h).
    public func hours(for credit: Credit, stated: StatedRate? = nil) -> WorkloadConversion {
        guard let value = crosswalkDecimal(credit.value.rawValue) else {
            return .notConverted(reason: unknownSystem(credit))
        }
        if let stated {
            let hours = value * stated.hours
            return .estimate(WorkloadEstimate(lower: hours, upper: hours, unit: .hours, sources: [stated.source]))
        }
        guard let system = creditSystem(credit.system) else { return .notConverted(reason: unknownSystem(credit)) }
        return .estimate(scaled(value, by: system.hoursPerCredit, unit: .hours))
    }

    /// The ECTS credits of `credit`: as given for ECTS, at a direct rate where the data has one (UK credit), else
    /// through hours divided by 25-30 h per ECTS (39 NZ credits = 390 h = 13-15.6 ECTS).
    public func ects(for credit: Credit, stated: StatedRate? = nil) -> WorkloadConversion {
        guard let value = crosswalkDecimal(credit.value.rawValue) else {
            return .notConverted(reason: unknownSystem(credit))
        }
        let system = creditSystem(credit.system)
        if system?.id == "ECTS" {
            return .estimate(WorkloadEstimate(lower: value, upper: value, unit: .ects, sources: []))
        }
        if stated == nil, let rate = system?.ectsPerCredit {
            return .estimate(scaled(value, by: rate, unit: .ects))
        }
        guard case .estimate(let hours) = self.hours(for: credit, stated: stated), let ects = creditSystem("ECTS")
        else { return .notConverted(reason: unknownSystem(credit)) }
        let perECTS = scaled(1, by: ects.hoursPerCredit, unit: .hours)
        return .estimate(
            WorkloadEstimate(
                lower: hours.lower / perECTS.upper,
                upper: hours.upper / perECTS.lower,
                unit: .ects,
                sources: hours.sources + perECTS.sources,
                confidence: weakest(hours.confidence, perECTS.confidence)
            )
        )
    }

    /// The hours of an ISO 8601 duration. Time parts (`PT40H`) are hours as given. Calendar parts need the
    /// hours a week the credential states: weeks and days (a seventh of a week) give an exact figure, months
    /// (4 to 31/7 weeks) and years (52 to 366/7 weeks) a range. Without a weekly rate a calendar duration is
    /// not a workload and is not converted.
    public func hours(forDuration text: String, perWeek: StatedRate? = nil) -> WorkloadConversion {
        guard let duration = ISODuration(text) else {
            return .notConverted(reason: "\(text) is not an ISO 8601 duration")
        }
        guard duration.weeks.upper == 0 || perWeek != nil else {
            return .notConverted(reason: "\(text) is calendar time; with no hours a week stated it gives no workload")
        }
        let rate = perWeek?.hours ?? 0
        return .estimate(
            WorkloadEstimate(
                lower: duration.hours + duration.weeks.lower * rate,
                upper: duration.hours + duration.weeks.upper * rate,
                unit: .hours,
                sources: perWeek.map { [$0.source] } ?? []
            )
        )
    }

    /// The rate `workload` states for `credit`'s system, by name or through the data's aliases.
    func statedRate(for credit: Credit, in workload: Workload) -> StatedRate? {
        let id = creditSystem(credit.system)?.id
        return (workload.creditRates ?? []).first { rate in
            rate.system == credit.system || (id != nil && creditSystem(rate.system)?.id == id)
        }.map(StatedRate.init)
    }

    func creditSystem(_ name: String) -> CreditSystem? {
        credits.systems.first { ([$0.id] + ($0.aliases ?? [])).contains(name) }
    }

    private func scaled(_ value: Decimal, by rate: CreditRate, unit: WorkloadEstimate.Unit) -> WorkloadEstimate {
        let source = credits.sources.first { $0.id == rate.source }
        return WorkloadEstimate(
            lower: value * (crosswalkDecimal(rate.min) ?? 0),
            upper: value * (crosswalkDecimal(rate.max) ?? 0),
            unit: unit,
            sources: [source?.citation ?? rate.source],
            confidence: rate.confidence
        )
    }

    private func unknownSystem(_ credit: Credit) -> String {
        let system = credit.system.isEmpty ? "no unit" : "the unknown system \"\(credit.system)\""
        return "\(credit.value) credits in \(system): kept as given, not converted"
    }
}

/// The weaker of two confidences; nil (no crosswalk used) is the strongest.
func weakest(_ a: MappingReport.Confidence?, _ b: MappingReport.Confidence?) -> MappingReport.Confidence? {
    let order: [MappingReport.Confidence?] = [nil, .referenced, .compared, .inferred]
    return (order.firstIndex(of: a) ?? 0) >= (order.firstIndex(of: b) ?? 0) ? a : b
}
