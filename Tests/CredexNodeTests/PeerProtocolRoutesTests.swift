import CredexCore
import CredexCrypto
import CredexJSON
import CredexNet
import CredexReplication
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import HTTPTypes
import HummingbirdCore
import NIOCore
import Testing

@testable import CredexNode

/// The peer protocol's log routes (`/heads` with its long poll, `/records` as frames), its version
/// header, and the trust-list history on the API port, over real TLS on loopback.
@Suite struct PeerProtocolRoutesTests {
    // MARK: helpers

    /// `GET target` on `listeners`' peer port, as `party` (a pinned mutual-TLS member by default).
    static func get(
        _ target: String,
        from listeners: RunningListeners,
        as party: Federation.Party = Federation.partner,
        headers: [(name: String, value: String)] = [(PeerProtocol.versionHeader, PeerProtocol.version)]
    ) async throws -> ReceivedResponse {
        try await PeerHTTPClient().withConnection(
            to: listeners.peer,
            tls: try Federation.client(party, trust: listeners.trust.current),
            expectedPeer: Federation.home.id
        ) { try await $0.send(OutgoingRequest(method: "GET", target: target, headers: headers)) }
    }

    static func heads(_ listeners: RunningListeners, _ query: String = "") async throws -> PeerHeads {
        let response = try await get("/credex/v1/heads" + query, from: listeners)
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(response.header("content-type") == "application/json")
        // Sent as canonical JSON, and parsed the way replication parses it.
        let value = try StrictJSON.parse(response.body, mode: .record)
        #expect(JCS.canonicalBytes(value) == response.body)
        return try JSONValueDecoder().decode(PeerHeads.self, from: value)
    }

    static func records(_ listeners: RunningListeners, _ query: String) async throws -> ReceivedResponse {
        try await get("/credex/v1/records?" + query, from: listeners)
    }

    /// A store holding `chains` logs of `length` records each, signed by issuers seeded 1, 2, ...
    static func filledStore(chains: Int, length: Int) async throws -> (SQLiteRecordStore, [TestIssuer]) {
        let store = try SQLiteRecordStore(inMemory: .init())
        var issuers: [TestIssuer] = []
        for seed in 1...chains {
            var issuer = try TestIssuer(seed: UInt8(seed))
            try await append(length, of: &issuer, to: store)
            issuers.append(issuer)
        }
        return (store, issuers)
    }

    /// Appends `count` more spec records of `issuer` (each `padding` characters of outcome text longer).
    static func append(
        _ count: Int,
        of issuer: inout TestIssuer,
        to store: some RecordStore,
        padding: Int = 0
    )
        async throws
    {
        var batch: [VerifiedRecord] = []
        for index in 0..<count {
            let outcome = "Outcome \(index) " + String(repeating: "x", count: padding)
            batch.append(try issuer.nextVerified(kind: .spec, body: RecordFactory.specBody(outcome: ["en": outcome])))
        }
        let outcome = try await store.append(AppendBatch(records: batch))
        #expect(outcome.appended.count == count)
    }

    /// The frames of a records answer, parsed back.
    static func frames(_ response: ReceivedResponse) throws -> [[UInt8]] {
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(response.header("content-type") == RecordFrames.mediaType)
        return try RecordFrames.split(response.body).map(Array.init)
    }

    // MARK: heads

    @Test func headsListEveryLogSortedWithTheDigestOfTheirCanonicalJSON() async throws {
        let (store, issuers) = try await Self.filledStore(chains: 3, length: 4)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let answer = try await Self.heads(listeners)
            #expect(answer.node.rawValue == Federation.home.id)
            let expected = issuers.sorted { $0.nodeID.rawValue < $1.nodeID.rawValue }
                .map { PeerHeads.Head(issuer: $0.nodeID, seq: 4, id: $0.head!.id) }
            #expect(answer.heads == expected)
            // The trust list in force is announced, and the digest covers it with the heads.
            let trust = listeners.trust.current
            #expect(answer.trustList == PeerHeads.TrustList(version: trust.version, contentID: trust.contentID))
            let canonical = JCS.canonicalBytes(
                .object([
                    "heads": try JSONValueEncoder().encode(expected),
                    "trustList": ["contentId": .string(trust.contentID.rawValue), "version": 1],
                ])
            )
            #expect(answer.digest == SHA256.hex(canonical))
            // Stable while nothing changes.
            #expect(try await Self.heads(listeners) == answer)
        }
    }

    @Test func theDigestChangesWhenALogGrows() async throws {
        var (store, issuers) = try await Self.filledStore(chains: 2, length: 2)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let before = try await Self.heads(listeners)
            try await Self.append(1, of: &issuers[1], to: store)
            let after = try await Self.heads(listeners)
            #expect(after.digest != before.digest)
            #expect(after.heads.first { $0.issuer == issuers[1].nodeID }?.seq == 3)
        }
    }

    @Test func anEmptyStoreHasNoHeads() async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let answer = try await Self.heads(listeners)
            #expect(answer.heads.isEmpty)
            let contentID = listeners.trust.current.contentID.rawValue
            let canonical = #"{"heads":[],"trustList":{"contentId":"\#(contentID)","version":1}}"#
            #expect(answer.digest == SHA256.hex(Array(canonical.utf8)))
        }
    }

    @Test func aLongPollAnswersWhenARecordIsAppendedMeanwhile() async throws {
        var (store, issuers) = try await Self.filledStore(chains: 1, length: 2)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let before = try await Self.heads(listeners)
            async let polled = Self.heads(listeners, "?known=\(before.digest)&wait=30")
            // Whether the append lands before or during the wait, the answer has the new head.
            try await Self.append(1, of: &issuers[0], to: store)
            let answer = try await polled
            #expect(answer.digest != before.digest)
            #expect(answer.heads == [.init(issuer: issuers[0].nodeID, seq: 3, id: issuers[0].head!.id)])
        }
    }

    @Test func aLongPollThatSeesNoChangeAnswersTheSameHeadsWhenItsWaitEnds() async throws {
        let (store, _) = try await Self.filledStore(chains: 1, length: 1)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let before = try await Self.heads(listeners)
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await Self.heads(listeners, "?known=\(before.digest)&wait=1")
            #expect(answer == before)
            #expect(clock.now - start >= .milliseconds(900), "the answer was held for the wait")
            // Another digest than the current one is answered at once.
            let other = String(repeating: "0", count: 64)
            #expect(try await Self.heads(listeners, "?known=\(other)&wait=30") == before)
        }
    }

    @Test func shuttingDownDoesNotWaitForALongPoll() async throws {
        let waiting = WaitingStore(try SQLiteRecordStore(inMemory: .init()))
        let clock = ContinuousClock()
        let poll = try await RunningListeners.with(trust: try Federation.trust(version: 1), store: waiting) {
            listeners in
            let digest = try await Self.heads(listeners).digest
            let poll = Task { try await Self.heads(listeners, "?known=\(digest)&wait=30") }
            // The poll's second read of the heads means it is waiting; then the listeners stop.
            await waiting.readsOfHeads(atLeast: 3)
            return (poll, clock.now)
        }
        // The listeners stopped well before the poll's 30 seconds, and the poll was answered first,
        // with the heads as they were.
        let stopped = clock.now - poll.1
        #expect(stopped < .seconds(20), "stopping took \(stopped)")
        #expect(try await poll.0.value.heads.isEmpty)
    }

    @Test(arguments: ["known=abc&wait=5", "known=\(String(repeating: "A", count: 64))", "wait=-1", "wait=soon"])
    func badHeadsQueriesAreRefused(_ query: String) async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let response = try await Self.get("/credex/v1/heads?\(query)", from: listeners)
            #expect(response.status == 400)
            let problem = try StrictJSON.parse(response.body, mode: .document)
            #expect(problem["error"]?.stringValue == "Bad Request")
        }
    }

    // MARK: records

    @Test func recordsAreServedAfterASeqUpToALimitAsFramesOfTheStoredBytes() async throws {
        let (store, issuers) = try await Self.filledStore(chains: 2, length: 150)
        let issuer = issuers[1].nodeID
        let stored = try await store.log(issuer: issuer, afterSeq: 0, limit: 1000).map(\.record.canonicalBytes)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let all = try Self.frames(try await Self.records(listeners, "issuer=\(issuer)"))
            #expect(all == stored)
            let middle = try Self.frames(try await Self.records(listeners, "issuer=\(issuer)&after=10&limit=100"))
            #expect(middle == Array(stored[10..<110]))
            let tail = try Self.frames(try await Self.records(listeners, "issuer=\(issuer)&after=140&limit=1000"))
            #expect(tail == Array(stored[140...]))
            let one = try Self.frames(try await Self.records(listeners, "issuer=\(issuer)&after=0&limit=1"))
            #expect(one == [stored[0]])
            let past = try Self.frames(try await Self.records(listeners, "issuer=\(issuer)&after=150"))
            #expect(past.isEmpty)
            // Each frame is a record of the issuer's chain, in order.
            let records = try middle.map { try Record(canonicalBytes: $0) }
            #expect(records.map(\.seq) == Array(11...110))
            #expect(records.allSatisfy { $0.issuer == issuer })
        }
    }

    @Test func theDefaultLimitIs500() async throws {
        let (store, issuers) = try await Self.filledStore(chains: 1, length: 520)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let frames = try Self.frames(try await Self.records(listeners, "issuer=\(issuers[0].nodeID)"))
            #expect(frames.count == 500)
            #expect(try Record(canonicalBytes: frames[499]).seq == 500)
        }
    }

    @Test func aRecordsBodyStopsBeforePassing8MiB() async throws {
        let store = try SQLiteRecordStore(inMemory: .init())
        var issuer = try TestIssuer(seed: 9)
        // 40 records of about 200 KiB: 8 MiB holds 40 frames only if each is under 209,715 bytes.
        try await Self.append(45, of: &issuer, to: store, padding: 200_000)
        let sizes = try await store.log(issuer: issuer.nodeID, afterSeq: 0, limit: 100)
            .map { $0.record.canonicalBytes.count + 4 }
        var fits = 0
        var total = 0
        while fits < sizes.count, total + sizes[fits] <= PeerLogRoutes.maxBodyBytes {
            total += sizes[fits]
            fits += 1
        }
        #expect(fits < sizes.count)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let response = try await Self.records(listeners, "issuer=\(issuer.nodeID)&limit=1000")
            #expect(response.body.count <= PeerLogRoutes.maxBodyBytes)
            let frames = try Self.frames(response)
            #expect(frames.count == fits)
            // The next pull resumes where this one stopped.
            let next = try Self.frames(try await Self.records(listeners, "issuer=\(issuer.nodeID)&after=\(fits)"))
            #expect(try next.map { try Record(canonicalBytes: $0).seq } == Array(Int64(fits + 1)...45))
        }
    }

    @Test func aRecordsBodyWaitsForTheEventLoopAfterEveryFewHundredKiB() async throws {
        let store = try SQLiteRecordStore(inMemory: .init())
        var issuer = try TestIssuer(seed: 8)
        try await Self.append(30, of: &issuer, to: store, padding: 50_000)
        let first = try await store.logBytes(issuer: issuer.nodeID, afterSeq: 0, limit: PeerLogRoutes.pageSize)
        let collected = CollectingWriter()
        var writer: any ResponseBodyWriter = collected
        try await PeerLogRoutes.write(first, of: issuer.nodeID, limit: 1000, from: store, to: &writer) {
            collected.caughtUp()
        }
        #expect(collected.finished)
        #expect(collected.catchUps > 0)
        // Never more than a catch-up's worth, one write and one frame, between two catch-ups.
        let bound = PeerLogRoutes.catchUpBytes + PeerLogRoutes.writeSize + Record.maximumSize + 4
        #expect(collected.mostBetweenCatchUps <= bound)
        let stored = try await store.log(issuer: issuer.nodeID, afterSeq: 0, limit: 100).map(\.record.canonicalBytes)
        #expect(try RecordFrames.split(collected.bytes).map(Array.init) == stored)
    }

    @Test func anUnknownIssuerHasAnEmptyBody() async throws {
        let (store, _) = try await Self.filledStore(chains: 1, length: 3)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let response = try await Self.records(listeners, "issuer=did:web:nobody.example")
            #expect(try Self.frames(response).isEmpty)
            #expect(response.body.isEmpty)
        }
    }

    @Test(arguments: [
        ("", "issuer"),
        ("issuer=not-a-node", "issuer"),
        ("issuer=did:web:a.example&after=-1", "after"),
        ("issuer=did:web:a.example&after=x", "after"),
        ("issuer=did:web:a.example&limit=0", "limit"),
        ("issuer=did:web:a.example&limit=1001", "limit"),
        ("issuer=did:web:a.example&limit=ten", "limit"),
    ])
    func badRecordsQueriesAreRefusedNamingTheParameter(_ query: String, _ parameter: String) async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let response = try await Self.records(listeners, query)
            #expect(response.status == 400, "\(query)")
            #expect(response.header("content-type") == "application/json")
            let problem = try StrictJSON.parse(response.body, mode: .document)
            #expect(problem["reason"]?.stringValue?.hasPrefix(parameter) == true, "\(query): \(problem)")
        }
    }

    // MARK: protocol version and access

    @Test func everyPeerAnswerSaysItsProtocolVersion() async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            for target in ["/credex/v1/heads", "/credex/v1/records?limit=0", "/credex/v1/peer", "/credex/v1/none"] {
                let response = try await Self.get(target, from: listeners)
                #expect(response.header(PeerProtocol.versionHeader) == "1", "\(target): \(response.status)")
            }
            // A request without the header is served as version 1; a minor version is the same major.
            #expect(try await Self.get("/credex/v1/heads", from: listeners, headers: []).status == 200)
            let minor = try await Self.get("/credex/v1/heads", from: listeners, headers: [("Credex-Protocol", "1.4")])
            #expect(minor.status == 200)
        }
    }

    @Test func anotherMajorVersionIsRefusedSayingWhichAreSpoken() async throws {
        try await RunningListeners.with(trust: try Federation.trust(version: 1)) { listeners in
            let response = try await Self.get(
                "/credex/v1/heads",
                from: listeners,
                headers: [(PeerProtocol.versionHeader, "2")]
            )
            #expect(response.status == 400)
            #expect(response.header(PeerProtocol.versionHeader) == "1")
            let problem = try StrictJSON.parse(response.body, mode: .document)
            #expect(problem["reason"]?.stringValue?.contains("speaks version 1") == true, "\(problem)")
        }
    }

    @Test func aStrangerIsRefusedAtTheHandshakeASuspendedMemberMayPullAWithdrawnOneMayNot() async throws {
        let trust = try Federation.trust(version: 1, partner: Federation.partner.member(.suspended))
        try await RunningListeners.with(trust: trust) { listeners in
            await #expect(throws: HTTPClientError.self) {
                _ = try await Self.get("/credex/v1/heads", from: listeners, as: Federation.stranger)
            }
            // A suspended member keeps pulling public records, so it can be reinstated cleanly.
            let heads = try await Self.get("/credex/v1/heads", from: listeners)
            #expect(heads.status == 200)
            let records = try await Self.records(listeners, "issuer=\(Federation.home.id)")
            #expect(records.status == 200)
        }
        // A withdrawn member's key passes no handshake.
        let withdrawn = try Federation.trust(version: 1, partner: Federation.partner.member(.withdrawn))
        let answered = try await RunningListeners.with(trust: withdrawn) { listeners in
            (try? await Self.get("/credex/v1/heads", from: listeners, as: Federation.partner)) != nil
        }
        #expect(!answered)
    }

    @Test func theProxyListenerServesHeadsAndRecordsSignedToAnHTTPSigMember() async throws {
        let folder = try TemporaryDirectory()
        let (store, issuers) = try await Self.filledStore(chains: 1, length: 3)
        let stored = try await store.log(issuer: issuers[0].nodeID, afterSeq: 0, limit: 10).map(\.record.canonicalBytes)
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            for target in ["/credex/v1/heads", "/credex/v1/records?issuer=\(issuers[0].nodeID)&after=1"] {
                let signed = try HTTPRequestSigner(key: Federation.proxied.key).sign(
                    method: "GET",
                    targetURI: Federation.homeProxyEndpoint + target,
                    body: [],
                    now: Date(),
                    nonce: SecureRandom.bytes(16)
                )
                let bodyFile = folder.url.appendingPathComponent("body-\(UUID().uuidString)")
                let headerFile = folder.url.appendingPathComponent("headers-\(UUID().uuidString)")
                var arguments = ["-s", "-o", bodyFile.path, "-D", headerFile.path, "-H", "host: proxy.home.example"]
                arguments += ["-H", "\(PeerProtocol.versionHeader): 1"]
                for field in signed.fields { arguments += ["-H", "\(field.name): \(field.value)"] }
                let run = try await runProgram(
                    "/usr/bin/curl",
                    arguments + ["http://127.0.0.1:\(listeners.ports[.proxy]!)\(target)"]
                )
                #expect(run.status == 0)
                let lines = try String(contentsOf: headerFile, encoding: .utf8).components(separatedBy: "\r\n")
                let status = Int(lines[0].split(separator: " ")[1]) ?? 0
                let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    return (String(line[..<colon]), value)
                }
                let body = Array(try Data(contentsOf: bodyFile))
                #expect(status == 200, "\(target): \(String(decoding: body, as: UTF8.self))")
                #expect(headers.first { $0.name.lowercased() == "credex-protocol" }?.value == "1")
                let home = Federation.home.key.publicKey
                let verifier = SignedResponseVerifier(keys: { $0 == HTTPSignatureKeyID.of(home) ? home : nil })
                let outcome = verifier.verify(
                    status: status,
                    headers: headers,
                    body: body,
                    requestSignature: signed.signatureBytes,
                    now: Date()
                )
                #expect(outcome == .accepted(keyID: HTTPSignatureKeyID.of(home)), "\(target)")
                if target.contains("records") {
                    #expect(try RecordFrames.split(body).map(Array.init) == Array(stored[1...]))
                } else {
                    let heads = try JSONValueDecoder().decode(
                        PeerHeads.self,
                        from: try StrictJSON.parse(body, mode: .record)
                    )
                    #expect(heads.heads.map(\.seq) == [3])
                }
            }
        }
    }

    // MARK: schema

    @Test(
        "Heads and problem answers pass Schemas/protocol",
        .enabled(if: ProtocolSchemaCheck.canRun, "needs python3 and `pip install jsonschema==4.26.0`")
    )
    func answersPassTheProtocolSchemas() async throws {
        let folder = try TemporaryDirectory()
        let (store, _) = try await Self.filledStore(chains: 3, length: 2)
        let (heads, problems) = try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) {
            listeners in
            let heads = [
                try await Self.get("/credex/v1/heads", from: listeners).body,
                try await Self.get("/credex/v1/heads?wait=0", from: listeners).body,
            ]
            let problems = [
                try await Self.records(listeners, "limit=0").body,
                try await Self.get("/credex/v1/heads", from: listeners, headers: [("Credex-Protocol", "9")]).body,
            ]
            return (heads, problems)
        }
        for (schema, bodies) in [("heads", heads), ("problem", problems)] {
            var paths: [String] = []
            for (index, body) in bodies.enumerated() {
                let url = folder.url.appendingPathComponent("\(schema)-\(index).json")
                try Data(body).write(to: url)
                paths.append(url.path)
            }
            let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/schema-check.py").path
            let result = try await runProgram("/usr/bin/env", ["python3", script, "--protocol", schema] + paths)
            #expect(result.status == 0, "schema-check.py --protocol \(schema):\n\(result.output)")
        }
    }

    // MARK: trust list on the API port

    @Test func theAPIPortServesTheTrustListHistoryAsJSONLines() async throws {
        let folder = try TemporaryDirectory()
        let certificate = folder.url.appendingPathComponent("home.pem")
        try Federation.home.tls.certificatePEM.write(to: certificate, atomically: true, encoding: .utf8)
        let content = TrustListFactory.content(admins: [Federation.admin], threshold: 1)
        let first = try TrustListFactory.version(1, of: Federation.name, content: content, signers: [Federation.admin])
        let second = try TrustListFactory.version(
            2,
            of: Federation.name,
            after: first,
            content: content,
            signers: [Federation.admin]
        )
        let store = try SQLiteRecordStore(inMemory: .init())
        let archive = TrustListArchive(store: store, federation: Federation.name, pin: first.draft.contentID)
        try await archive.add([first, second])
        try await RunningListeners.with(trust: try Federation.trust(version: 1), store: store) { listeners in
            let port = listeners.ports[.api]!
            let url = "https://localhost:\(port)/credex/v1/trust-list"
            let arguments = [
                "-s", "--cacert", certificate.path, "--resolve", "localhost:\(port):127.0.0.1",
                "-w", "\n%{http_code} %{content_type}", url,
            ]
            let reply = try await runProgram("/usr/bin/curl", arguments)
            #expect(reply.status == 0)
            var lines = reply.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.removeLast() == "200 application/jsonl")
            #expect(lines.removeLast() == "", "every line ends with a newline")
            #expect(lines.map { Array($0.utf8) } == [first.canonicalBytes, second.canonicalBytes])
            // What a bootstrapping node does: check the history up to its pin.
            var log = TrustListLog(federation: Federation.name, pin: first.draft.contentID)
            for line in lines { try log.add(try Record(canonicalBytes: Array(line.utf8))) }
            #expect(log.current?.record.seq == 2)
        }
    }
}

/// Whether `Tests/schema-check.py` can run: always in CI, elsewhere when `python3` has `jsonschema`.
enum ProtocolSchemaCheck {
    static var canRun: Bool {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        return (try? ExternalTool.run("python3", ["-c", "import jsonschema, referencing"]))?.status == 0
    }
}

/// A response body writer that keeps what it is given and counts the bytes between catch-ups.
final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    // @unchecked: used by one task at a time, in order.
    private(set) var bytes: [UInt8] = []
    private(set) var finished = false
    private(set) var catchUps = 0
    private(set) var mostBetweenCatchUps = 0
    private var sinceCatchUp = 0

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
        sinceCatchUp += buffer.readableBytes
        mostBetweenCatchUps = max(mostBetweenCatchUps, sinceCatchUp)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws { finished = true }

    func caughtUp() {
        catchUps += 1
        sinceCatchUp = 0
    }
}

/// A store that lets a test wait until the heads have been read a number of times (a long poll
/// reading them again means it is waiting).
final class WaitingStore: RecordStore, @unchecked Sendable {
    // @unchecked: `reads` and `waiters` are only touched under `lock`.
    private let base: SQLiteRecordStore
    private let lock = NSLock()
    private var reads = 0
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []

    init(_ base: SQLiteRecordStore) { self.base = base }

    func readsOfHeads(atLeast count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = lock.withLock {
                if reads >= count { return true }
                waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func heads() async throws -> [LogHead] {
        let ready = lock.withLock {
            reads += 1
            let ready = waiters.filter { $0.0 <= reads }.map(\.1)
            waiters.removeAll { $0.0 <= reads }
            return ready
        }
        for continuation in ready { continuation.resume() }
        return try await base.heads()
    }

    func append(_ batch: AppendBatch) async throws -> AppendOutcome { try await base.append(batch) }
    func record(id: RecordID) async throws -> StoredRecord? { try await base.record(id: id) }
    func log(issuer: NodeID?, afterSeq: Int64, limit: Int) async throws -> [StoredRecord] {
        try await base.log(issuer: issuer, afterSeq: afterSeq, limit: limit)
    }
    func logBytes(issuer: NodeID, afterSeq: Int64, limit: Int) async throws -> [StoredBytes] {
        try await base.logBytes(issuer: issuer, afterSeq: afterSeq, limit: limit)
    }
    func head(of issuer: NodeID) async throws -> LogHead? { try await base.head(of: issuer) }
    func search(_ query: RecordQuery) async throws -> [StoredRecord] { try await base.search(query) }
    func statusRecords(target: RecordID) async throws -> [StoredRecord] {
        try await base.statusRecords(target: target)
    }
    func status(of id: RecordID) async throws -> CredentialStatus? { try await base.status(of: id) }
    func personalPart(award: RecordID) async throws -> PersonalPart? { try await base.personalPart(award: award) }
    func erase(_ selector: ErasureSelector) async throws -> [RecordID] { try await base.erase(selector) }
    func check() async throws -> IntegrityReport { try await base.check() }
    func state(_ key: NodeStateKey) async throws -> String? { try await base.state(key) }
    func setState(_ key: NodeStateKey, _ value: String?) async throws { try await base.setState(key, value) }
}
