import CredexMapping

/// Where a fact in a recognition report comes from, so the officer can weigh it.
public struct FactSource: Codable, Hashable, Sendable {
    /// Who vouches for the fact.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// The issuer's own statement: the spec, the award or the personal part.
        case selfDeclared = "self-declared"
        /// Checked out of band by the federation admins and signed in a trust-list version.
        case attested
        /// The member's own statement, carried in a trust-list version without the admins' check.
        case memberDeclared = "member-declared"
        /// A source outside the federation: a referencing report, a regulation, a register the caller consulted.
        case external
    }

    public var kind: Kind
    /// The source in words, e.g. `attested by the federation admins in trust-list version 5`.
    public var label: String

    public init(kind: Kind, label: String) {
        self.kind = kind
        self.label = label
    }

    static let spec = FactSource(kind: .selfDeclared, label: "self-declared in the spec")
    static let award = FactSource(kind: .selfDeclared, label: "self-declared in the award")
    static let personalPart = FactSource(kind: .selfDeclared, label: "self-declared in the personal part")

    static func attested(_ version: Int64?) -> FactSource {
        FactSource(kind: .attested, label: "attested by the federation admins in trust-list version \(name(version))")
    }

    static func memberDeclared(_ version: Int64?) -> FactSource {
        FactSource(
            kind: .memberDeclared,
            label: "declared by the member in trust-list version \(name(version)), not attested"
        )
    }

    private static func name(_ version: Int64?) -> String { version.map(String.init) ?? "(not given)" }

    static func external(_ citation: String) -> FactSource {
        FactSource(kind: .external, label: "external: \(citation)")
    }
}

/// One labelled fact: a value with its source, or `unknown` saying why there is none. Nothing is guessed.
public struct ReportFact: Codable, Hashable, Sendable {
    /// What the fact is about, e.g. `qualityAssurance.type`, `institution.deqarId`.
    public var name: String
    public var value: String?
    public var source: FactSource?
    /// How sure a converted fact is; nil for a fact taken as stated.
    public var confidence: MappingReport.Confidence?
    /// Why there is no value; nil when there is one.
    public var unknown: String?

    /// A known fact.
    public init(
        _ name: String,
        _ value: String,
        source: FactSource,
        confidence: MappingReport.Confidence? = nil
    ) {
        self.name = name
        self.value = value
        self.source = source
        self.confidence = confidence
    }

    /// A fact the inputs do not give, and why.
    public init(_ name: String, unknown why: String) {
        self.name = name
        unknown = why
    }
}
