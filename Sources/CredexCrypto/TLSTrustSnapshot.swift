/// Pinned peer keys: the SPKI SHA-256 pins (`sha256/<base64>`, as `TLSIdentity.publicKeyPin`) of every
/// member's current TLS keys, mapped to the member's node id. Immutable.
public struct TLSTrustSnapshot: Sendable {
    /// Pin -> node id.
    public let pins: [String: String]
    /// The version of the trust list this snapshot was taken from; only reported in errors.
    public let version: Int

    /// A snapshot of `pins` (pin -> node id) at trust list version `version`.
    public init(pins: [String: String], version: Int) {
        self.pins = pins
        self.version = version
    }

    /// The node id whose key has pin `pin`, or nil if the pin is not trusted.
    public func nodeID(forPin pin: String) -> String? { pins[pin] }
}
