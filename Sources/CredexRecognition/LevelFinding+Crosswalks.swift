import CredexCore
import CredexMapping

extension LevelFinding {
    /// The levels `spec` states, through the EQF, as candidate levels of `target`.
    init(spec: CredentialSpec, target: RecognitionTarget, crosswalks: Crosswalks) {
        let targetFramework = target.isEQF ? nil : crosswalks.framework(target.framework)
        stated = (spec.levels ?? []).map { Stated($0, crosswalks: crosswalks) }
        self.target = targetFramework?.id ?? (target.isEQF ? RecognitionTarget.eqfID : target.framework)
        candidates = []
        if !target.isEQF, targetFramework == nil {
            unknown = "the crosswalk data has no framework \(target.framework) to state levels in"
        } else if stated.isEmpty {
            unknown = "no level in any framework is stated; none is inferred"
        } else {
            for level in stated {
                for candidate in Self.candidates(level, target, targetFramework, crosswalks)
                where !candidates.contains(where: { $0.level == candidate.level && $0.eqf == candidate.eqf }) {
                    candidates.append(candidate)
                }
            }
            candidates = candidates.enumerated()
                .sorted { (Int($0.element.eqf) ?? 0, $0.offset) < (Int($1.element.eqf) ?? 0, $1.offset) }
                .map(\.element)
            if candidates.isEmpty {
                let found = stated.flatMap(\.eqf).map(\.eqf)
                let why =
                    stated.compactMap(\.unknown)
                    + (found.isEmpty ? [] : [Self.noTarget(target, found, targetFramework)])
                unknown = why.joined(separator: "; ")
            }
        }
    }

    /// Why the EQF levels `found` have no level in the target: they lie outside the EQF levels its rows cover.
    private static func noTarget(
        _ target: RecognitionTarget,
        _ found: [String],
        _ framework: CrosswalkFramework?
    ) -> String {
        let covered = Set((framework?.levels ?? []).flatMap(\.eqf)).sorted { Int($0) ?? 0 < Int($1) ?? 0 }
        let list = Array(Set(found)).sorted { Int($0) ?? 0 < Int($1) ?? 0 }.joined(separator: " or ")
        return "no level of \(target.name) corresponds to EQF \(list); its levels correspond to EQF "
            + covered.joined(separator: ", ")
    }

    private static func candidates(
        _ level: Stated,
        _ target: RecognitionTarget,
        _ framework: CrosswalkFramework?,
        _ crosswalks: Crosswalks
    ) -> [Candidate] {
        if let framework, crosswalks.framework(level.framework)?.id == framework.id {
            return level.eqf.map {
                Candidate(framework.id, level.level, $0.eqf, target, confidence: nil, sources: [level.source])
            }
        }
        return level.eqf.flatMap { eqf -> [Candidate] in
            guard let framework else {
                let id = RecognitionTarget.eqfID
                return [Candidate(id, eqf.eqf, eqf.eqf, target, confidence: eqf.confidence, sources: [eqf.source])]
            }
            return crosswalks.national(framework: framework.id, forEQF: eqf.eqf).map { match in
                Candidate(
                    framework.id,
                    match.level,
                    eqf.eqf,
                    target,
                    confidence: weaker(eqf.confidence, match.confidence),
                    sources: [eqf.source, .external(match.source.citation)]
                )
            }
        }
    }
}

extension LevelFinding.Stated {
    /// `level` as the spec states it; an EQF level is its own EQF level, any other goes through the crosswalks.
    init(_ level: Level, crosswalks: Crosswalks) {
        framework = level.framework
        self.level = level.level
        source = .spec
        guard level.framework != RecognitionTarget.eqfID else {
            let valid = (1...8).map(String.init).contains(level.level)
            eqf = valid ? [LevelFinding.EQFLevel(eqf: level.level, confidence: nil, source: .spec)] : []
            unknown = valid ? nil : "EQF \(level.level) is not an EQF level (1-8); nothing inferred"
            return
        }
        eqf = crosswalks.eqf(for: level).map {
            LevelFinding.EQFLevel(eqf: $0.eqf, confidence: $0.confidence, source: .external($0.source.citation))
        }
        if eqf.isEmpty {
            unknown = crosswalks.levelEntries(for: level).first { $0.outcome == .unknown }?.detail
        }
    }
}

extension LevelFinding.Candidate {
    init(
        _ framework: String,
        _ level: String,
        _ eqf: String,
        _ target: RecognitionTarget,
        confidence: MappingReport.Confidence?,
        sources: [FactSource]
    ) {
        self.framework = framework
        self.level = level
        self.eqf = eqf
        self.confidence = confidence
        statement = "at the level of \(target.name) \(level) qualifications"
        self.sources = sources
    }
}

/// The weaker of two confidences; nil (stated, nothing converted) is the strongest.
func weaker(_ a: MappingReport.Confidence?, _ b: MappingReport.Confidence?) -> MappingReport.Confidence? {
    let order: [MappingReport.Confidence?] = [nil, .referenced, .compared, .inferred]
    return (order.firstIndex(of: a) ?? 0) >= (order.firstIndex(of: b) ?? 0) ? a : b
}
