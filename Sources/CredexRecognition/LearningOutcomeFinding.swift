import CredexCore

/// The LRC element *learning outcomes*: each outcome in its original language(s), in English where given,
/// and its framework link (an ESCO skill) where present.
public struct LearningOutcomeFinding: Codable, Hashable, Sendable {
    /// One outcome as the spec states it.
    public struct Outcome: Codable, Hashable, Sendable {
        /// Every language the spec gives, the original among them.
        public var text: LanguageMap
        public var english: String?
        /// The framework the outcome is tied to, e.g. `ESCO`.
        public var framework: String?
        public var uri: String?
        /// True when the link is to ESCO (by framework name or a `data.europa.eu/esco` URI).
        public var esco: Bool
    }

    public var outcomes: [Outcome]
    public var source: FactSource
    /// Why there are no outcomes, when the spec carries only the importers' "not stated" line.
    public var unknown: String?

    /// The line importers write where the source states no learning outcomes.
    static let notStated = "Learning outcomes not stated in the source."
}

extension LearningOutcomeFinding {
    init(spec: CredentialSpec) {
        outcomes = spec.learningOutcomes.filter { $0.text.values != ["en": Self.notStated] }.map { outcome in
            Outcome(
                text: outcome.text,
                english: outcome.text.values["en"],
                framework: outcome.framework,
                uri: outcome.uri,
                esco: outcome.framework?.uppercased() == "ESCO" || outcome.uri?.contains("data.europa.eu/esco/") == true
            )
        }
        source = .spec
        if outcomes.isEmpty { unknown = "the source states no learning outcomes" }
    }
}
