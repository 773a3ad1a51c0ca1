import CredexCore
import CredexCrypto
import CredexJSON
import CredexReplication
import CredexStore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The peer protocol's log routes: `GET /credex/v1/heads` (with a long poll) and
/// `GET /credex/v1/records` (a range of one issuer's log as `RecordFrames`).
///
/// Heads also name the trust-list version in force (`trustList`), inside the digest, so a long
/// poll wakes up when a new version is put in force and peers come to fetch it.
///
/// They serve every log the node holds, its own and relayed ones, so records travel multi-hop. A
/// forked log is served as held: its head is the record the store kept at each seq.
///
/// ```
/// GET /credex/v1/heads?known=<digest>&wait=25
/// GET /credex/v1/records?issuer=did:web:a.example&after=120&limit=500
/// ```
struct PeerLogRoutes: Sendable {
    /// The longest a long poll is held (`wait` above it is cut to it).
    static let maxWait = 30
    /// How often a long poll reads the heads again.
    static let pollInterval: Duration = .milliseconds(200)
    static let defaultLimit = 500
    static let limits = 1...1000
    /// A records body stops before it would pass this size (it always holds one record if any).
    static let maxBodyBytes = 8 << 20
    /// How many records one store read takes while a records body is written.
    static let pageSize = 64
    /// Frames are written in pieces of about this size (one frame may pass it).
    static let writeSize = 64 << 10
    /// How much is written before waiting for the event loop to take it (see `write`).
    static let catchUpBytes = 256 << 10

    let ownNodeID: String
    let store: any RecordStore
    /// The trust-list version in force, read at every look at the heads; nil: not announced.
    var trustList: @Sendable () -> PeerHeads.TrustList? = { nil }

    func add(to router: Router<PeerRequestContext>) {
        router.get("\(PeerProtocol.pathPrefix)/heads") { request, _ -> Response in
            try await heads(request)
        }
        router.get("\(PeerProtocol.pathPrefix)/records") { request, context -> Response in
            try await records(request, channel: context.channel, logger: context.logger)
        }
    }

    // MARK: heads

    func heads(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let known = query.get("known")
        var wait = 0
        if let text = query.get("wait") {
            guard let seconds = Int(text), seconds >= 0 else {
                return PeerResponses.problem(.badRequest, "wait must be a whole number of seconds from 0 to 30")
            }
            wait = min(seconds, Self.maxWait)
        }
        if let known, !Self.isDigest(known) {
            return PeerResponses.problem(.badRequest, "known must be a heads digest: 64 lowercase hex digits")
        }
        var current = try await currentHeads()
        if let known, wait > 0 {
            let deadline = ContinuousClock.now + .seconds(wait)
            while current.digest == known {
                let left = deadline - ContinuousClock.now
                // A cancelled request or a node shutting down answers now, with the heads as they are.
                guard left > .zero, !Task.isCancelled, !Task.isShuttingDownGracefully else { break }
                try? await Task.sleep(for: min(Self.pollInterval, left))
                guard !Task.isCancelled else { break }
                current = try await currentHeads()
            }
        }
        let body = JCS.canonicalBytes(try JSONValueEncoder().encode(current))
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// The node's heads now.
    func currentHeads() async throws -> PeerHeads {
        Self.peerHeads(node: try NodeID(validating: ownNodeID), try await store.heads(), trustList: trustList())
    }

    /// `logHeads` as the heads message of `node`, sorted by issuer, with `trustList` and their digest.
    static func peerHeads(node: NodeID, _ logHeads: [LogHead], trustList: PeerHeads.TrustList? = nil) -> PeerHeads {
        let heads =
            logHeads
            .sorted { $0.issuer.rawValue.utf8.lexicographicallyPrecedes($1.issuer.rawValue.utf8) }
            .map { PeerHeads.Head(issuer: $0.issuer, seq: $0.seq, id: $0.id) }
        return PeerHeads(
            node: node,
            heads: heads,
            digest: digest(of: heads, trustList: trustList),
            trustList: trustList
        )
    }

    /// SHA-256 (hex) of the canonical JSON (RFC 8785) of `heads`, an array of `{issuer, seq, id}`
    /// objects in the order given (the heads message sorts them by issuer); with `trustList`, of the
    /// object `{"heads": [...], "trustList": {"contentId", "version"}}`, so a new version in force
    /// changes the digest even when no log grew.
    static func digest(of heads: [PeerHeads.Head], trustList: PeerHeads.TrustList? = nil) -> String {
        let array = JSONValue.array(
            heads.map {
                .object([
                    "issuer": .string($0.issuer.rawValue), "seq": .number(Double($0.seq)),
                    "id": .string($0.id.rawValue),
                ])
            }
        )
        guard let trustList else { return SHA256.hex(JCS.canonicalBytes(array)) }
        let object = JSONValue.object([
            "heads": array,
            "trustList": .object([
                "version": .number(Double(trustList.version)), "contentId": .string(trustList.contentID.rawValue),
            ]),
        ])
        return SHA256.hex(JCS.canonicalBytes(object))
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    // MARK: records

    func records(_ request: Request, channel: any Channel, logger: Logger) async throws -> Response {
        let query = request.uri.queryParameters
        guard let issuerText = query.get("issuer"), let issuer = try? NodeID(validating: issuerText) else {
            return PeerResponses.problem(.badRequest, "issuer must be a node id (did:web or urn)")
        }
        var after: Int64 = 0
        if let text = query.get("after") {
            guard let value = Int64(text), value >= 0 else {
                return PeerResponses.problem(.badRequest, "after must be a seq: a whole number from 0")
            }
            after = value
        }
        var limit = Self.defaultLimit
        if let text = query.get("limit") {
            guard let value = Int(text), Self.limits.contains(value) else {
                return PeerResponses.problem(
                    .badRequest,
                    "limit must be a whole number from \(Self.limits.lowerBound) to \(Self.limits.upperBound)"
                )
            }
            limit = value
        }
        // The first page is read before the answer starts, so a store failure is still a clean 500.
        let first = try await store.logBytes(issuer: issuer, afterSeq: after, limit: min(limit, Self.pageSize))
        let store = self.store
        let most = limit
        return Response(
            status: .ok,
            headers: [.contentType: RecordFrames.mediaType],
            body: ResponseBody { writer in
                do {
                    try await Self.write(first, of: issuer, limit: most, from: store, to: &writer) {
                        try await channel.eventLoop.submit {}.get()
                    }
                } catch {
                    // The status is sent: the connection ends before the body's end, which the
                    // client sees as a broken answer.
                    logger.warning(
                        "records answer cut short",
                        metadata: ["credex.issuer": "\(issuer)", "error": "\(String(reflecting: error))"]
                    )
                    throw error
                }
            }
        )
    }

    /// Writes `first` and the pages after it as frames, up to `limit` records and `maxBodyBytes`.
    /// The stored bytes go out as they are: the peer checks every record itself.
    ///
    /// Every `writeSize` bytes go in one write; after every `catchUpBytes` it awaits `caughtUp`,
    /// which returns once the connection's event loop has taken every write made so far. A write
    /// only hands its bytes to the event loop (NIO's async writer hops there and pauses the writer
    /// only when the channel reports it is full), so without this a fast store and a busy event
    /// loop could queue the whole body at once, past what the TLS handler keeps waiting (1 MiB).
    static func write(
        _ first: [StoredBytes],
        of issuer: NodeID,
        limit most: Int,
        from store: any RecordStore,
        to writer: inout any ResponseBodyWriter,
        caughtUp: () async throws -> Void
    ) async throws {
        var page = first
        var sent = 0
        var size = 0
        var requested = min(most, Self.pageSize)
        var full = false
        var buffer = ByteBuffer()
        var sinceCaughtUp = 0
        while !page.isEmpty, !full {
            for stored in page {
                let bytes = stored.bytes
                guard sent == 0 || size + 4 + bytes.count <= Self.maxBodyBytes else {
                    full = true
                    break
                }
                buffer.writeBytes(RecordFrames.frame(bytes))
                sent += 1
                size += 4 + bytes.count
                if buffer.readableBytes >= Self.writeSize {
                    sinceCaughtUp += buffer.readableBytes
                    try await writer.write(buffer)
                    buffer = ByteBuffer()
                    if sinceCaughtUp >= Self.catchUpBytes {
                        try await caughtUp()
                        sinceCaughtUp = 0
                    }
                }
            }
            guard !full, page.count == requested, sent < most, let last = page.last else { break }
            requested = min(most - sent, Self.pageSize)
            page = try await store.logBytes(issuer: issuer, afterSeq: last.seq, limit: requested)
        }
        if buffer.readableBytes > 0 { try await writer.write(buffer) }
        try await writer.finish(nil)
    }
}
