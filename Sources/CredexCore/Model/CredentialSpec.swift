/// A credential specification (`credex.spec/1`): everything about a micro-credential except its
/// learner, following Annex I of the Council Recommendation of 16 June 2022 and aligned with the
/// European Learning Model. `Schemas/README.md` maps each field to its Annex I element.
public struct CredentialSpec: Codable, Hashable, Sendable {
    public static let bodyType = "credex.spec/1"

    public var type: String = bodyType
    public var title: LanguageMap
    public var description: LanguageMap?
    public var credentialType: String?
    public var awardingBodies: [AwardingBody]
    public var learningOutcomes: [LearningOutcome]
    public var workload: Workload
    public var levels: [Level]?
    public var assessment: Assessment
    public var participation: Participation
    public var qualityAssurance: QualityAssurance
    public var prerequisites: LanguageMap?
    public var identityVerification: IdentityVerification?
    public var gradingScheme: LanguageMap?
    public var isPartOf: [String]?
    public var hasPart: [String]?
    public var stackability: LanguageMap?
    public var furtherInformation: LanguageMap?
    public var url: String?
    public var languages: [String]?
    public var identifiers: [Identifier]?
    public var approvedOn: CalendarDate?
    public var reviewDue: CalendarDate?
    public var provenance: Provenance?

    /// Checks what the types alone cannot: the body type, non-empty lists, a workload with a figure.
    public func validate() throws {
        try requireBodyType(type, Self.bodyType)
        try requireNonEmpty(awardingBodies, "awardingBodies")
        try requireNonEmpty(learningOutcomes, "learningOutcomes")
        guard !(workload.credits ?? []).isEmpty || workload.hours != nil || workload.note != nil else {
            throw CredexError(
                .invalidField,
                "the workload needs credits, hours, or a note saying what the source gives",
                pointer: .init(["workload"])
            )
        }
        try validateValues()
        for (index, tag) in (languages ?? []).enumerated() where !LanguageMap.isLanguageTag(tag) {
            throw CredexError(
                .invalidField,
                "\"\(tag)\" is not a BCP 47 language tag",
                pointer: .init(["languages", "\(index)"])
            )
        }
    }
}

/// An awarding body with its country: the attesting node and the awarding bodies are kept apart.
public struct AwardingBody: Codable, Hashable, Sendable {
    public var id: String
    public var name: LanguageMap
    public var country: CountryCode
    public var region: String?
    public var identifiers: [Identifier]?
}

/// One learning outcome, optionally tied to a framework entry (ESCO skill, …).
public struct LearningOutcome: Codable, Hashable, Sendable {
    public var text: LanguageMap
    public var framework: String?
    public var uri: String?
}

/// Notional workload: credits in the systems the source uses, and hours where known.
public struct Workload: Codable, Hashable, Sendable {
    /// Hours per credit as the source states them, e.g. MicroCreds' "1 ECTS = 25 learning hours".
    public struct CreditRate: Codable, Hashable, Sendable {
        /// The credit system, as in `credits`.
        public var system: String
        /// Hours per credit, above zero.
        public var hours: DecimalString
        /// Who states the rate.
        public var source: String
        public init(system: String, hours: DecimalString, source: String) {
            self.system = system
            self.hours = hours
            self.source = source
        }
    }

    /// Hours a week as the source states them, for a calendar `duration`, e.g. "10 hours a week".
    public struct WeeklyRate: Codable, Hashable, Sendable {
        /// Hours a week, above zero.
        public var hours: DecimalString
        /// Who states the rate.
        public var source: String
        public init(hours: DecimalString, source: String) {
            self.hours = hours
            self.source = source
        }
    }

    public var credits: [Credit]?
    public var hours: DecimalString?
    /// ISO 8601 duration, e.g. `P12W`.
    public var duration: String?
    /// At most one rate per credit system; crosswalks use it, exact, before their generic rates.
    public var creditRates: [CreditRate]?
    public var weeklyRate: WeeklyRate?
    public var note: LanguageMap?
}

/// Type of assessment.
public struct Assessment: Codable, Hashable, Sendable {
    public var type: String
    public var description: LanguageMap?
}

/// Form of participation.
public struct Participation: Codable, Hashable, Sendable {
    public enum Mode: String, Codable, Hashable, Sendable {
        case online, onsite, blended
        /// The source does not say; carried as such rather than guessed.
        case notStated = "not-stated"
    }
    public enum Pace: String, Codable, Hashable, Sendable {
        case selfPaced = "self-paced"
        case scheduled
    }
    public var mode: Mode
    public var pace: Pace?
    public var duration: String?
    public var description: LanguageMap?
}

/// Type of quality assurance.
public struct QualityAssurance: Codable, Hashable, Sendable {
    public var type: String
    public var body: String?
    public var description: LanguageMap?
}

/// Supervision and identity verification during assessment.
public struct IdentityVerification: Codable, Hashable, Sendable {
    public enum Supervision: String, Codable, Hashable, Sendable {
        case supervised, unsupervised
        case supervisedOnline = "supervised-online"
    }
    public enum IdentityCheck: String, Codable, Hashable, Sendable { case none, online, onsite }
    public var supervision: Supervision?
    public var identityCheck: IdentityCheck?
    public var description: LanguageMap?
}

/// Where an imported document came from: its hash, format, and whether its own proof verified.
public struct Provenance: Codable, Hashable, Sendable {
    public enum ProofStatus: String, Codable, Hashable, Sendable { case none, verified, failed }
    public var format: String
    public var sha256: String
    public var proof: ProofStatus

    public init(format: String, sha256: String, proof: ProofStatus) {
        self.format = format
        self.sha256 = sha256
        self.proof = proof
    }
}

func requireBodyType(_ actual: String, _ expected: String) throws {
    guard actual == expected else {
        throw CredexError(.invalidField, "body type \"\(actual)\" is not \(expected)", pointer: .init(["type"]))
    }
}

func requireNonEmpty<T>(_ list: [T], _ name: String) throws {
    guard !list.isEmpty else { throw CredexError(.invalidField, "\(name) is empty", pointer: .init([name])) }
}
