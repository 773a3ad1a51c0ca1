import CredexCore
import CredexCrypto
import CredexReplication
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Logging

/// A federation for replication tests: one admin, members made from test issuers.
enum Federation {
    static let admin = try! Ed25519PrivateKey(seed: [UInt8](repeating: 200, count: 32))

    /// Version 2 of the list, listing `members`.
    static func trust(_ members: [TrustListContent.Member]) throws -> FederationTrust {
        let content = TrustListFactory.content(admins: [admin], threshold: 1, members: members)
        return try FederationTrust(TrustListVersion(TrustListFactory.version(2, content: content, signers: [admin])))
    }

    /// `issuer` as an active member, or with `status` (a withdrawal's cut-off).
    static func member(
        _ issuer: TestIssuer,
        status: [TrustListContent.StatusEntry] = [.init(status: "admitted", version: 1)]
    ) -> TrustListContent.Member {
        let pin = "sha256/" + Data(SHA256.hash(Array(issuer.nodeID.rawValue.utf8))).base64EncodedString()
        return TrustListFactory.member(
            issuer.nodeID.rawValue,
            signingKey: issuer.key.publicKey,
            tlsPin: pin,
            status: status
        )
    }
}

/// Signs `count` more spec records of `issuer`'s chain.
func specs(_ issuer: inout TestIssuer, _ count: Int) throws -> [Record] {
    try (0..<count).map { _ in
        try issuer.next(kind: .spec, body: RecordFactory.specBody(title: ["en": "Spec \((issuer.head?.seq ?? 0) + 1)"]))
    }
}

/// A body of frames of `records`' canonical bytes.
func frames(_ records: [Record]) -> [UInt8] {
    records.flatMap { RecordFrames.frame($0.canonicalBytes) }
}

/// An in-memory peer serving fixed logs, which can be told to misbehave: serve another body,
/// advertise other heads, fail on a request. It counts what it is asked.
actor FakePeer: PeerSource {
    nonisolated let peer: NodeID
    var logs: [NodeID: [Record]]
    /// Heads advertised instead of the logs' own.
    var advertised: [PeerHeads.Head]?
    /// The body served for a request instead of the honest one.
    var body: (@Sendable (_ issuer: NodeID, _ after: Int64, _ limit: Int, _ honest: [Record]) -> [UInt8])?
    /// Throws on the records request with this number (1 for the first).
    var failOnRequest: Int?
    /// Cancels `cancelling` (the round, which may be awaiting a batch fetched ahead in another task)
    /// during the records request with this number.
    var cancelOnRequest: Int?
    var cancelling: Task<RoundReport, any Error>?
    /// The numbers of the heads requests that fail (1 for the first).
    var failingHeads: Set<Int> = []
    private(set) var headsCalls = 0
    private(set) var requests: [(issuer: NodeID, after: Int64, limit: Int)] = []
    /// Yields once per long poll, so a test knows a round has ended.
    let longPolls: AsyncStream<Void>
    private let longPoll: AsyncStream<Void>.Continuation

    init(_ name: String = "did:web:peer.example", logs: [NodeID: [Record]] = [:]) {
        peer = try! NodeID(validating: name)
        self.logs = logs
        (longPolls, longPoll) = AsyncStream.makeStream()
    }

    func serve(_ records: [Record]) {
        for record in records { logs[record.issuer, default: []].append(record) }
    }

    /// The round `cancelOnRequest` cancels.
    func cancel(_ round: Task<RoundReport, any Error>) { cancelling = round }

    func set(
        advertised: [PeerHeads.Head]? = nil,
        body: (@Sendable (NodeID, Int64, Int, [Record]) -> [UInt8])? = nil,
        failOnRequest: Int? = nil,
        cancelOnRequest: Int? = nil,
        failingHeads: Set<Int> = []
    ) {
        self.advertised = advertised
        self.body = body
        self.failOnRequest = failOnRequest
        self.cancelOnRequest = cancelOnRequest
        self.failingHeads = failingHeads
    }

    func heads(known: String?, wait: Duration) async throws -> PeerHeads {
        headsCalls += 1
        if failingHeads.contains(headsCalls) { throw FakePeerError() }
        let heads =
            advertised
            ?? logs.values.compactMap(\.last).map { PeerHeads.Head(issuer: $0.issuer, seq: $0.seq, id: $0.id) }
        let digest = heads.map { "\($0.issuer) \($0.seq) \($0.id)" }.sorted().joined(separator: "\n")
        if known == digest, wait > .zero {
            longPoll.yield()
            try await Task.sleep(for: wait)
        }
        return PeerHeads(node: peer, heads: heads, digest: digest)
    }

    func records(issuer: NodeID, after: Int64, limit: Int) async throws -> [UInt8] {
        requests.append((issuer, after, limit))
        if requests.count == failOnRequest { throw FakePeerError() }
        if requests.count == cancelOnRequest { cancelling?.cancel() }
        let honest = Array((logs[issuer] ?? []).filter { $0.seq > after }.prefix(limit))
        return body?(issuer, after, limit, honest) ?? frames(honest)
    }
}

struct FakePeerError: Error {}

/// A peer that serves what a store holds, as a node's server routes do.
struct StorePeer: PeerSource {
    let peer: NodeID
    let store: any RecordStore

    func heads(known: String?, wait: Duration) async throws -> PeerHeads {
        let heads = try await store.heads().map { PeerHeads.Head(issuer: $0.issuer, seq: $0.seq, id: $0.id) }
        return PeerHeads(node: peer, heads: heads, digest: heads.map { "\($0.id)" }.joined(separator: ","))
    }

    func records(issuer: NodeID, after: Int64, limit: Int) async throws -> [UInt8] {
        try await store.log(issuer: issuer, afterSeq: after, limit: limit).flatMap {
            RecordFrames.frame($0.record.canonicalBytes)
        }
    }
}

/// A log handler that keeps every line, with its metadata, for tests to read.
struct CapturedLog: LogHandler {
    final class Lines: @unchecked Sendable {
        // Guarded by `lock`; tests read it after the work that logs is done.
        private var lines: [(message: String, metadata: Logger.Metadata)] = []
        private let lock = NSLock()

        func append(_ message: String, _ metadata: Logger.Metadata) {
            lock.withLock { lines.append((message, metadata)) }
        }
        var all: [(message: String, metadata: Logger.Metadata)] { lock.withLock { lines } }
    }

    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append(event.message.description, metadata.merging(event.metadata ?? [:]) { _, new in new })
    }

    /// A logger writing into a fresh `Lines`.
    static func logger() -> (Logger, Lines) {
        let lines = Lines()
        return (Logger(label: "replication-test") { _ in CapturedLog(lines: lines) }, lines)
    }
}

/// A store, a peer, a replicator over them, and the metrics and log lines they produce.
struct Harness {
    let store: SQLiteRecordStore
    let peer: FakePeer
    let metrics = ReplicationMetrics()
    let log: CapturedLog.Lines
    let replicator: PeerReplicator

    init(
        trust: FederationTrust,
        peer: FakePeer = FakePeer(),
        settings: ReplicationSettings = ReplicationSettings()
    )
        throws
    {
        store = try SQLiteRecordStore(inMemory: .init())
        self.peer = peer
        let (logger, lines) = CapturedLog.logger()
        log = lines
        replicator = PeerReplicator(
            source: peer,
            store: store,
            trust: { trust },
            metrics: metrics,
            settings: settings,
            logger: logger
        )
    }

    /// The ids of `issuer`'s log as stored.
    func stored(_ issuer: NodeID) async throws -> [RecordID] {
        try await store.log(issuer: issuer, afterSeq: 0, limit: 10_000).map(\.record.id)
    }
}
