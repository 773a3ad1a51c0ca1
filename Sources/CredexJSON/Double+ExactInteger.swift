extension Double {
    /// The value as an `Int64` when it is an integer in range, like `Int64(exactly:)`.
    ///
    /// `Int64(exactly:)` calls libm's `trunc`, which leaves this module unable to link on Linux in an executable
    /// that does not otherwise pull in libm (for example, one that does not import Foundation).
    var exactInt64: Int64? {
        guard self >= -0x1p63, self < 0x1p63 else { return nil }  // also refuses NaN
        let integer = Int64(self)
        return Double(integer) == self ? integer : nil
    }
}
