/// The user event `OpenSSLTLSHandler` fires once the TLS handshake is done.
public struct TLSHandshakeCompleted: Sendable, Hashable {
    /// The node id of the peer's pinned key; nil for a client a server did not ask to authenticate.
    public let peerNodeID: String?
    /// The negotiated ALPN protocol, if any.
    public let alpn: String?

    /// Makes the event.
    public init(peerNodeID: String?, alpn: String?) {
        self.peerNodeID = peerNodeID
        self.alpn = alpn
    }
}
