import CredexCrypto
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 client for node-to-node calls: NIOHTTP1 over `OpenSSLTLSHandler`, one
/// keep-alive connection per `withConnection` scope. There is no plain-text mode: every call is TLS.
public struct PeerHTTPClient: Sendable {
    /// Where to connect: the TCP address, and the name sent as SNI (and checked against the
    /// certificate when the context verifies by CA).
    public struct Endpoint: Sendable, Hashable {
        public let host: String
        public let port: Int
        public let serverName: String?

        public init(host: String, port: Int, serverName: String? = nil) {
            self.host = host
            self.port = port
            self.serverName = serverName
        }

        /// `host:port`, as the `host` header and error messages write it.
        public var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public let group: any EventLoopGroup
    public var connectTimeout: TimeAmount = .seconds(10)
    public var handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout
    /// How long one request may wait for its whole response.
    public var requestTimeout: TimeAmount = .seconds(60)
    /// The largest response body accepted.
    public var maxResponseBytes = 64 << 20

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// Connects to `endpoint` over TLS from `context` (a client context), checks that the peer is
    /// `expectedPeer` when given (the node id its pinned key belongs to), runs `body`, and closes.
    /// With `connections`, the connection is bound to the peer's node id meanwhile, so a trust
    /// change that affects the peer closes it.
    /// - Throws: `HTTPClientError` (connect, handshake, wrong peer), or what `body` throws.
    public func withConnection<Result>(
        to endpoint: Endpoint,
        tls context: TLSContext,
        expectedPeer: String? = nil,
        connections: PeerConnections? = nil,
        _ body: (HTTPClientConnection) async throws -> Result
    ) async throws -> Result {
        let handshake = group.any().makePromise(of: TLSHandshakeCompleted.self)
        let firstError = NIOLockedValueBox<(any Error)?>(nil)
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let operations = channel.pipeline.syncOperations
                        try operations.addOpenSSLTLS(
                            context: context,
                            serverName: endpoint.serverName,
                            handshakeTimeout: handshakeTimeout
                        )
                        try operations.addHandler(HandshakeWaiter(promise: handshake, firstError: firstError))
                        try operations.addHTTPClientHandlers()
                        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            handshake.fail(error)
            throw HTTPClientError(.connectFailed, "cannot connect to \(endpoint.authority): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            let peer: TLSHandshakeCompleted
            do {
                peer = try await handshake.futureResult.get()
            } catch {
                throw HTTPClientError(.handshakeFailed, "TLS with \(endpoint.authority) failed: \(error)")
            }
            if let expectedPeer, peer.peerNodeID != expectedPeer {
                throw HTTPClientError(
                    .wrongPeer,
                    "\(endpoint.authority) presented the key of \(peer.peerNodeID ?? "no member"), not of \(expectedPeer)"
                )
            }
            if let connections, let nodeID = peer.peerNodeID { connections.bind(channel.channel, to: nodeID) }
            defer { connections?.unbind(channel.channel) }
            let connection = HTTPClientConnection(
                endpoint: endpoint,
                peerNodeID: peer.peerNodeID,
                channel: channel.channel,
                inbound: inbound.makeAsyncIterator(),
                outbound: outbound,
                firstError: firstError,
                limits: (requestTimeout, maxResponseBytes)
            )
            return try await body(connection)
        }
    }
}

/// One open connection to a peer, inside `PeerHTTPClient.withConnection`: requests go one at a
/// time, each waiting for its whole response.
public final class HTTPClientConnection {
    /// The node id the peer's pinned key belongs to; nil when the server was verified by CA.
    public let peerNodeID: String?
    public let endpoint: PeerHTTPClient.Endpoint

    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private let firstError: NIOLockedValueBox<(any Error)?>
    private let limits: (timeout: TimeAmount, maxBytes: Int)
    private var broken = false

    init(
        endpoint: PeerHTTPClient.Endpoint,
        peerNodeID: String?,
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>,
        firstError: NIOLockedValueBox<(any Error)?>,
        limits: (timeout: TimeAmount, maxBytes: Int)
    ) {
        self.firstError = firstError
        self.endpoint = endpoint
        self.peerNodeID = peerNodeID
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.limits = limits
    }

    /// Sends `request` and returns the whole response.
    /// - Throws: `HTTPClientError` if the connection breaks, times out or the body is too large;
    ///   the connection is unusable afterwards.
    public func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
        guard !broken else {
            throw HTTPClientError(.connectionClosed, "the connection to \(endpoint.authority) is no longer usable")
        }
        broken = true
        let timedOut = NIOLockedValueBox(false)
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: limits.timeout) {
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            try await write(request)
            let response = try await readResponse()
            broken = response.header("connection")?.lowercased() == "close"
            return response
        } catch let error as HTTPClientError {
            channel.close(promise: nil)
            throw error
        } catch {
            channel.close(promise: nil)
            if timedOut.withLockedValue({ $0 }) {
                throw HTTPClientError(.timedOut, "\(endpoint.authority) did not answer within \(limits.timeout)")
            }
            let cause = firstError.withLockedValue { $0 } ?? error
            throw HTTPClientError(.connectionClosed, "the connection to \(endpoint.authority) failed: \(cause)")
        }
    }

    private func write(_ request: OutgoingRequest) async throws {
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target)
        head.headers.add(name: "host", value: endpoint.serverName ?? endpoint.authority)
        for field in request.headers { head.headers.add(name: field.name, value: field.value) }
        head.headers.replaceOrAdd(name: "content-length", value: "\(request.body.count)")
        try await outbound.write(.head(head))
        if !request.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: request.body))))
        }
        try await outbound.write(.end(nil))
    }

    private func readResponse() async throws -> ReceivedResponse {
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        while let part = try await inbound.next() {
            switch part {
            case .head(let received):
                // 1xx interim responses are skipped; the final head follows.
                if received.status.code >= 200 { head = received }
            case .body(let buffer):
                guard body.count + buffer.readableBytes <= limits.maxBytes else {
                    throw HTTPClientError(
                        .responseTooLarge,
                        "\(endpoint.authority) sent a response body over \(limits.maxBytes) bytes"
                    )
                }
                body += buffer.readableBytesView
            case .end:
                guard let head else { continue }
                return ReceivedResponse(
                    status: Int(head.status.code),
                    headers: head.headers.map { (name: $0.name, value: $0.value) },
                    body: body
                )
            }
        }
        throw HTTPClientError(.connectionClosed, "\(endpoint.authority) closed the connection before a whole response")
    }
}
