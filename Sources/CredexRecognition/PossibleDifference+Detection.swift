import CredexCore
import CredexMapping

extension PossibleDifference {
    /// Every possible difference the sections of `report` show, given its `input`.
    static func all(in report: RecognitionReport, input: RecognitionInput, crosswalks: Crosswalks) -> [Self] {
        level(report.level, input.target, crosswalks) + workload(report.workload)
            + quality(report.quality, input, eqf: report.level.stated.flatMap(\.eqf).map(\.eqf))
            + annexI(report.annexI) + validity(input) + profile(input.spec, input.award)
    }

    private static func level(_ level: LevelFinding, _ target: RecognitionTarget, _ crosswalks: Crosswalks) -> [Self] {
        var found: [Self] = []
        let weak = level.stated.flatMap { stated in
            stated.eqf.filter { $0.confidence == .inferred || $0.confidence == .compared }.map {
                "\(stated.framework) \(stated.level) -> EQF \($0.eqf) (\($0.confidence?.rawValue ?? ""))"
            }
        }
        if !weak.isEmpty {
            found.append(
                Self(
                    .levelLowConfidence,
                    "the level match rests on a comparison or an inference, not a referencing, and may not hold",
                    weak
                )
            )
        }
        guard !level.candidates.isEmpty else {
            return found + [Self(.levelUnknown, "the level cannot be placed in \(target.name)", [level.unknown ?? ""])]
        }
        if let programme = target.programmeLevel {
            let programmeEQF =
                target.isEQF
                ? [programme] : crosswalks.eqf(for: Level(framework: target.framework, level: programme)).map(\.eqf)
            if let floor = programmeEQF.compactMap({ Int($0) }).min() {
                let below = level.candidates.filter { (Int($0.eqf) ?? 0) < floor }
                if !below.isEmpty {
                    let which =
                        below.count == level.candidates.count ? "the credential's level" : "some candidate levels"
                    found.append(
                        Self(
                            .levelBelowProgramme,
                            "\(which) may be below the programme's, \(target.name) \(programme) (EQF \(floor))",
                            below.map { "\($0.statement) (EQF \($0.eqf))" }
                        )
                    )
                }
            }
        }
        return found
    }

    private static func workload(_ workload: WorkloadFinding) -> [Self] {
        let ects = workload.ects
        guard let value = ects.value else {
            return [Self(.workloadUnknown, "the workload in ECTS cannot be established", [ects.unknown ?? ""])]
        }
        guard ects.estimated else { return [] }
        return [
            Self(
                .workloadEstimated,
                "the workload in ECTS is estimated, not stated, and may differ",
                ["\(value) ECTS, \(ects.source?.label ?? "")"]
            )
        ]
    }

    private static func quality(_ quality: QualityFinding, _ input: RecognitionInput, eqf: [String]) -> [Self] {
        var found: [Self] = []
        if !quality.externallyEvidenced {
            let evidence = quality.facts.map { fact in
                fact.value.map { "\(fact.name): \($0) (\(fact.source?.label ?? ""))" }
                    ?? "\(fact.name): unknown (\(fact.unknown ?? ""))"
            }
            found.append(
                Self(
                    .noExternalQualityAssurance,
                    "no external quality assurance is shown: nothing beyond the issuer's own word evidences it",
                    evidence
                )
            )
        }
        if let accreditation = input.member?.accreditation {
            var evidence: [String] = []
            let types = accreditation.credentialTypes
            if let type = input.spec.credentialType, !types.contains(type) {
                evidence.append("credential type \(type) is not among \(types.joined(separator: ", "))")
            }
            let levels = accreditation.eqfLevels.map(String.init)
            evidence += Set(eqf).subtracting(levels).sorted().map {
                "EQF \($0) is not among EQF \(levels.joined(separator: ", "))"
            }
            if !evidence.isEmpty {
                found.append(
                    Self(.outsideAccreditation, "the credential may be outside the issuer's accreditation", evidence)
                )
            }
        }
        return found
    }

    private static func annexI(_ annexI: AnnexICompleteness) -> [Self] {
        let missing = annexI.elements.filter { !$0.present }
        guard !missing.isEmpty else { return [] }
        return [
            Self(
                .annexIMissing,
                "mandatory Annex I elements are missing, so the credential may not be fully described",
                missing.map { "\($0.element): \($0.detail)" }
            )
        ]
    }

    private static func validity(_ input: RecognitionInput) -> [Self] {
        var found: [Self] = []
        if let until = input.award?.validUntil, isBefore(until.rawValue, input.asOf) {
            found.append(Self(.expired, "the award may have expired", ["valid until \(until), as of \(input.asOf)"]))
        }
        if let issued = input.award?.issuedOn, isBefore(input.asOf, issued.rawValue) {
            found.append(
                Self(.notYetValid, "the award may not be valid yet", ["issued on \(issued), as of \(input.asOf)"])
            )
        }
        if let due = input.spec.reviewDue, isBefore(due.rawValue, input.asOf) {
            found.append(
                Self(
                    .reviewOverdue,
                    "the listing is due for review and may have changed",
                    ["review due \(due), as of \(input.asOf)"]
                )
            )
        }
        return found
    }

    private static func profile(_ spec: CredentialSpec, _ award: Award?) -> [Self] {
        var found: [Self] = []
        if (spec.levels ?? []).isEmpty {
            found.append(
                Self(
                    .possiblyNonFormal,
                    "the learning may be non-formal: no qualifications-framework level is stated",
                    [
                        "credential type: \(spec.credentialType ?? "not stated")",
                        "quality assurance: \(spec.qualityAssurance.type)",
                    ]
                )
            )
        }
        let failed = [("spec", spec.provenance), ("award", award?.provenance)].compactMap { record, provenance in
            provenance.flatMap { $0.proof == .failed ? "the \(record) from \($0.format), sha256 \($0.sha256)" : nil }
        }
        if !failed.isEmpty {
            found.append(
                Self(
                    .importedProofFailed,
                    "the imported document's own proof failed, so its content may have been altered",
                    failed
                )
            )
        }
        return found
    }

    /// Whether `date` ends before `other` begins, for days `YYYY-MM-DD` or months `YYYY-MM`.
    private static func isBefore(_ date: String, _ other: String) -> Bool {
        let length = min(date.count, other.count)
        return date.prefix(length) < other.prefix(length)
    }

    private init(_ code: Code, _ statement: String, _ evidence: [String]) {
        self.code = code
        self.statement = "possible difference: \(statement)"
        self.evidence = evidence
    }
}
