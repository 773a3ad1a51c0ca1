import CredexCore

/// What `Verifier` found about one record or uploaded document: every check, and an outcome that
/// fails if any check fails, else is unknown if any is unknown, else passes.
///
/// Its `Codable` form is the API's: `subject`, `checks` (in a stable order), `outcome`,
/// `verifiedAt` (the time the caller gave) and the trust list used, so a report can be reproduced.
public struct VerificationReport: Codable, Sendable, Hashable {
    /// What was verified.
    public struct Subject: Codable, Sendable, Hashable {
        /// The record verified, or the held record an uploaded document was identified as.
        public var record: RecordRef?
        /// The uploaded document, when one was verified.
        public var document: DocumentRef?

        public init(record: RecordRef? = nil, document: DocumentRef? = nil) {
            self.record = record
            self.document = document
        }
    }

    /// A record by its id and log position.
    public typealias RecordRef = CredexCore.RecordRef

    /// An uploaded document by its digest.
    public struct DocumentRef: Codable, Sendable, Hashable {
        /// The detected format: `credex-record`, `w3c-vc`, `vc-jwt`, or a `CredentialFormat` name.
        public var format: String?
        public var sha256: String
        public var size: Int

        public init(format: String?, sha256: String, size: Int) {
            self.format = format
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The trust list a report was made under.
    public struct TrustListRef: Codable, Sendable, Hashable {
        public var federation: String
        public var version: Int64
        public var contentID: String
    }

    public var subject: Subject
    public var checks: [Check]
    public var outcome: Check.Outcome
    /// The time the verifier was given as now, RFC 3339 UTC.
    public var verifiedAt: String
    public var trustList: TrustListRef?

    public init(subject: Subject, checks: [Check], verifiedAt: String, trustList: TrustListRef?) {
        self.subject = subject
        self.checks = checks
        self.outcome = Self.outcome(of: checks)
        self.verifiedAt = verifiedAt
        self.trustList = trustList
    }

    /// Fail if any fails, else unknown if any is unknown, else pass.
    public static func outcome(of checks: [Check]) -> Check.Outcome {
        if checks.contains(where: { $0.outcome == .fail }) { return .fail }
        if checks.contains(where: { $0.outcome == .unknown }) { return .unknown }
        return .pass
    }

    /// The check with `id`, if the report has one.
    public func check(_ id: Check.ID) -> Check? { checks.first { $0.id == id.rawValue } }
}
