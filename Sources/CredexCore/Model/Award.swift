/// One learner was awarded one spec (`credex.award/1`). The learner appears only as a
/// commitment to the personal part, which is never signed and never broadcast.
public struct Award: Codable, Hashable, Sendable {
    public static let bodyType = "credex.award/1"

    public var type: String = bodyType
    /// The spec awarded.
    public var spec: RecordID
    /// SHA-256 (hex) of the canonical personal part.
    public var learner: Commitment
    /// Date of issuing as printed on the credential: shown, never used for trust.
    public var issuedOn: CalendarDate
    public var credits: [Credit]?
    public var validUntil: CalendarDate?
    public var provenance: Provenance?

    public init(
        spec: RecordID,
        learner: Commitment,
        issuedOn: CalendarDate,
        credits: [Credit]? = nil,
        validUntil: CalendarDate? = nil,
        provenance: Provenance? = nil
    ) {
        self.spec = spec
        self.learner = learner
        self.issuedOn = issuedOn
        self.credits = credits
        self.validUntil = validUntil
        self.provenance = provenance
    }

    public func validate() throws { try requireBodyType(type, Self.bodyType) }
}

/// A learner commitment: lowercase hex SHA-256 of a canonical personal part.
public struct Commitment: ValidatedString {
    public let rawValue: String
    public init(validating text: String) throws {
        guard text.utf8.count == 64, text.allBytes(\.isLowerHex) else {
            throw Self.invalid(text, "a learner commitment (64 lowercase hex characters)")
        }
        rawValue = text
    }
}
