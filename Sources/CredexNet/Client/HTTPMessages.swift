/// An HTTP/1.1 request a node sends to a peer.
public struct OutgoingRequest: Sendable {
    public var method: String
    /// The request target: path and query, e.g. `/credex/v1/peer`.
    public var target: String
    /// Header fields besides `host`, `content-length` and `connection`, which the client sets.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response a peer sent back.
public struct ReceivedResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a call to a peer failed.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No TCP connection could be made.
        case connectFailed = "connect-failed"
        /// The TLS handshake failed or the peer is not who the trust list says.
        case handshakeFailed = "handshake-failed"
        /// The peer's key belongs to another member than the one called.
        case wrongPeer = "wrong-peer"
        /// The connection closed, or was unusable, before a whole response arrived.
        case connectionClosed = "connection-closed"
        /// No whole response within the request timeout.
        case timedOut = "timed-out"
        /// The response body was larger than allowed.
        case responseTooLarge = "response-too-large"
        /// The response was not acceptable (e.g. not signed by the member called).
        case badResponse = "bad-response"
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }
}
