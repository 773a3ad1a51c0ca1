/// How strictly `StrictJSON` reads numbers.
public enum JSONParseMode: Sendable {
    /// Credential records: every number is an integer written without fraction or exponent, within ±(2^53−1).
    case record
    /// Foreign documents: any number that is a finite IEEE-754 double, correctly rounded.
    case document
}
