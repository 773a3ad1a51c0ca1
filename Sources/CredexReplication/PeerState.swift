/// One member as `credex peers` and the federation view show it: whether the running node pulls
/// from it, and how that has gone since the node started.
public struct PeerState: Codable, Sendable, Hashable {
    public var node: String
    public var transport: String
    public var standing: String
    public var pulling: Bool
    public var rounds = 0
    public var failedRounds = 0
    public var recordsStored = 0
    public var bytesReceived = 0
    /// Records the peer held that this node did not, after the last round, over all logs.
    public var lag: Int64 = 0
    public var refusals = 0
    /// The error that ended the last round; nil once a round succeeds.
    public var lastError: String?

    public init(node: String, transport: String, standing: String, pulling: Bool) {
        self.node = node
        self.transport = transport
        self.standing = standing
        self.pulling = pulling
    }
}
