/// Limits of strict JSON in records.
public enum JSONLimits {
    /// The largest magnitude an integer in a record may have, 2^53 − 1: every integer up to it
    /// is exact in an IEEE-754 double, so every JSON implementation reads it the same.
    public static let maximumInteger: Int64 = 9_007_199_254_740_991
}
