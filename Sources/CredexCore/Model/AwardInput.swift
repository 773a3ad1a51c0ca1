/// The input of `credex issue award`: the learner's details in the clear, from which the node
/// makes the personal part (adding a fresh salt) and the award's public commitment.
public struct AwardInput: Codable, Sendable {
    /// The spec awarded; may instead be given on the command line.
    public var spec: RecordID?
    public var issuedOn: CalendarDate
    public var learner: LearnerDetails
    public var credits: [Credit]?
    public var validUntil: CalendarDate?

    /// The award body and its personal part, with a fresh salt.
    public func award(spec: RecordID) throws -> (award: Award, personalPart: PersonalPart) {
        let part = try PersonalPart(details: learner)
        let award = Award(
            spec: spec, learner: try part.commitment(), issuedOn: issuedOn, credits: credits, validUntil: validUntil)
        return (award, part)
    }
}
