import CredexCore
import CredexJSON

/// The Open Badges 3.0 adapter: reads `AchievementCredential` / `OpenBadgeCredential` documents
/// (Data Integrity JSON or VC-JWT) and CLR 2.0 `ClrCredential`s into the canonical model, and
/// writes a `CredentialSpec` as an OB 3.0 `AchievementCredential` that validates against the
/// formal 1EdTech JSON Schema.
///
/// OB 3.0 has no fields for qualification levels, credit systems or Annex I elements such as
/// assessment and quality assurance. Levels and credits travel in `alignment` entries (see
/// `OpenBadgesAlignment`); everything else a decode cannot find is reported, never guessed.
///
///     let decoded = try OpenBadges.decode(bytes)
///     decoded.spec.title; decoded.report.entries; decoded.proof
public enum OpenBadges {
    /// The format name in a `MappingReport`.
    public static let reportFormat = "ob3"
    /// The format name in a record's `provenance`.
    public static let provenanceFormat = "ob-3"
    /// The largest document accepted, in bytes.
    public static let maximumBytes = 1 << 20
    static let credentialTypes: Set<String> = ["AchievementCredential", "OpenBadgeCredential"]

    /// True for an OB 3.0 achievement credential or a CLR 2.0 credential.
    public static func detect(_ json: JSONValue) -> Bool {
        isAchievementCredential(json) || isClrCredential(json)
    }

    static func types(of json: JSONValue) -> Set<String> {
        guard let type = json["type"] else { return [] }
        return Set((type.arrayValue ?? [type]).compactMap(\.stringValue))
    }

    static func isAchievementCredential(_ json: JSONValue) -> Bool {
        let types = types(of: json)
        return types.contains("VerifiableCredential") && !types.isDisjoint(with: credentialTypes)
    }

    static func isClrCredential(_ json: JSONValue) -> Bool {
        let types = types(of: json)
        return types.contains("VerifiableCredential") && types.contains("ClrCredential")
    }

    /// One credential read into the canonical model.
    public struct Decoded: Sendable, Hashable {
        /// The achievement as a spec; its `provenance` names the format, the document hash and the proof status.
        public var spec: CredentialSpec
        public var award: AwardFacts
        public var report: MappingReport
        /// Whether the document's own proof verified.
        public var proof: ProofResult
    }

    /// A CLR 2.0 credential: its own proof, and each achievement credential it carries.
    public struct DecodedCLR: Sendable, Hashable {
        public var proof: ProofResult
        public var credentials: [Decoded]
    }

    /// What a credential says about one award. `learner` is personal data: it belongs in a
    /// personal part, never in a signed record.
    public struct AwardFacts: Sendable, Hashable {
        public var issuedOn: CalendarDate
        public var validUntil: CalendarDate?
        public var creditsEarned: [Credit]?
        /// The subject's `id` (scheme `subject-id`) and identity objects (scheme = identity type).
        public var learner: [Identifier]
        public var activityStart: CalendarDate?
        public var activityEnd: CalendarDate?

        public init(
            issuedOn: CalendarDate,
            validUntil: CalendarDate? = nil,
            creditsEarned: [Credit]? = nil,
            learner: [Identifier] = [],
            activityStart: CalendarDate? = nil,
            activityEnd: CalendarDate? = nil
        ) {
            self.issuedOn = issuedOn
            self.validUntil = validUntil
            self.creditsEarned = creditsEarned
            self.learner = learner
            self.activityStart = activityStart
            self.activityEnd = activityEnd
        }
    }

    /// The outcome of checking a document's own proof. A failure is a value, not a throw.
    public enum ProofResult: Sendable, Hashable {
        /// The document carries no proof.
        case none
        case verified(method: String)
        case failed(method: String, reasons: [String])
        /// The proof uses a method Credex cannot check (e.g. `eddsa-rdfc-2022`).
        case notChecked(method: String, reason: String)

        /// The status recorded in `provenance`: an unchecked proof counts as none.
        public var provenanceStatus: Provenance.ProofStatus {
            switch self {
            case .verified: .verified
            case .failed: .failed
            case .none, .notChecked: .none
            }
        }
    }

    /// A `BitstringStatusListEntry` with purpose `revocation`: bit `index` of the status list
    /// credential at `listCredential` is set when the credential is revoked.
    public struct StatusListEntry: Sendable, Hashable {
        public var listCredential: String
        public var index: Int

        public init(listCredential: String, index: Int) {
            self.listCredential = listCredential
            self.index = index
        }
    }
}
