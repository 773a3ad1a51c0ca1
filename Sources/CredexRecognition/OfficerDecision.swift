/// The recognition officer's outcome, which the caller attaches to a report (`RecognitionReport.attaching(_:)`):
/// the report itself decides nothing.
///
/// The results are those of a recognition decision in ELMO 2: positive, partially positive, negative.
public struct OfficerDecision: Codable, Hashable, Sendable {
    public enum Result: String, Codable, Hashable, Sendable {
        case positive
        case partiallyPositive = "partially-positive"
        case negative
    }

    public var result: Result
    /// The officer's reasons, e.g. the substantial difference found and what was recognised instead.
    public var comment: String?

    public init(result: Result, comment: String? = nil) {
        self.result = result
        self.comment = comment
    }
}
