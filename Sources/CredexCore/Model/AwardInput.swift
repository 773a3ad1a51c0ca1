/// The input of `credex issue award`: the learner's details in the clear, from which the node
/// makes the personal part (adding a fresh salt) and the award's public commitment.
public struct AwardInput: Codable, Sendable {
    /// The spec awarded; may instead be given on the command line.
    public var spec: RecordID?
    public var issuedOn: CalendarDate
    public var learner: LearnerDetails
    public var credits: [Credit]?
    public var validUntil: CalendarDate?

    public init(
        spec: RecordID?,
        issuedOn: CalendarDate,
        learner: LearnerDetails,
        credits: [Credit]? = nil,
        validUntil: CalendarDate? = nil
    ) {
        self.spec = spec
        self.issuedOn = issuedOn
        self.learner = learner
        self.credits = credits
        self.validUntil = validUntil
    }

    /// The award body and its personal part, with a fresh salt.
    public func award(spec: RecordID) throws -> (award: Award, personalPart: PersonalPart) {
        let part = try PersonalPart(details: learner)
        let award = Award(
            spec: spec,
            learner: try part.commitment(),
            issuedOn: issuedOn,
            credits: credits,
            validUntil: validUntil
        )
        return (award, part)
    }
}
