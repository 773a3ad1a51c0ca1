/// A signature's purpose, signed before the message so no signature can be replayed in another role.
///
/// The signing input is `UTF-8(label) || 0x00 || message`. Labels must not contain NUL, so the
/// split between label and message is unambiguous.
///
/// ```swift
/// let signature = try key.signature(purpose: .record, message: canonicalBytes)
/// ```
public struct SignaturePurpose: Sendable, Hashable {
    /// The label, e.g. `credex/v1/record`.
    public let label: String

    /// A purpose with the given label; the label must not contain NUL.
    public init(_ label: String) {
        precondition(!label.utf8.contains(0), "SignaturePurpose label must not contain NUL")
        self.label = label
    }

    /// Signs a record of a credential log.
    public static let record = SignaturePurpose("credex/v1/record")
    /// Signs a trust list.
    public static let trustList = SignaturePurpose("credex/v1/trustlist")
    /// Signs a request between peers.
    public static let request = SignaturePurpose("credex/v1/request")
    /// Signs a response between peers.
    public static let response = SignaturePurpose("credex/v1/response")
    /// Signs a request to join a federation, once with each key the requester will be known by.
    public static let joinRequest = SignaturePurpose("credex/v1/join-request")
    /// Signs a message about an award's personal part: a delivery grant or an erasure notice.
    public static let personal = SignaturePurpose("credex/v1/personal")

    /// The bytes actually signed: `UTF-8(label) || 0x00 || message`.
    public func signingInput<D: Sequence>(_ message: D) -> [UInt8] where D.Element == UInt8 {
        var input = Array(label.utf8)
        input.append(0)
        input.append(contentsOf: message)
        return input
    }
}
