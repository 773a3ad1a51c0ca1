import CredexCore
import CredexCrypto
import CredexReplication
import CredexStore
import CredexTesting
import CredexTrust
import Logging
import Testing

/// A hostile peer: each bad record refused, the valid prefix before it stored and nothing after,
/// the right party blamed in the report, the metrics and one log line.
@Suite struct HostilePeerTests {
    let stranger = try! TestIssuer(seed: 9)

    /// Issuer 1's honest log of `count`, a harness trusting issuers 1 and 2, the peer serving `served`.
    func setUp(
        count: Int = 3,
        status: [TrustListContent.StatusEntry] = [.init(status: "admitted", version: 1)],
        settings: ReplicationSettings = ReplicationSettings(),
        served: ([Record]) throws -> [Record] = { $0 }
    ) async throws -> (TestIssuer, [Record], Harness) {
        var issuer = try TestIssuer(seed: 1)
        let log = try specs(&issuer, count)
        let other = try TestIssuer(seed: 2)
        let trust = try Federation.trust([Federation.member(issuer, status: status), Federation.member(other)])
        let harness = try Harness(trust: trust, settings: settings)
        await harness.peer.serve(try served(log))
        return (issuer, log, harness)
    }

    /// One round refuses one record for `reason`, blaming `blamed`, and stores exactly `stored`.
    func expectRefusal(
        _ harness: Harness,
        _ reason: Refusal.Reason,
        blaming blamed: Blame,
        of issuer: NodeID,
        stored: [Record],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let report = try await harness.replicator.round()
        #expect(report.refusals.map(\.reason) == [reason], sourceLocation: sourceLocation)
        #expect(report.refusals.first?.blamed == blamed, sourceLocation: sourceLocation)
        #expect(try await harness.stored(issuer) == stored.map(\.id), sourceLocation: sourceLocation)
        let counted = await harness.metrics.peer(harness.peer.peer)?.refusals
        #expect(counted?.count == 1 && counted?.first?.value == 1, sourceLocation: sourceLocation)
        #expect(counted?.first?.key.reason == reason && counted?.first?.key.blamed == blamed)
        let lines = harness.log.all.filter { $0.metadata["refusal.reason"] == .string(reason.name) }
        #expect(lines.count == 1, sourceLocation: sourceLocation)
        #expect(lines.first?.metadata["peer.id"] == .string(harness.peer.peer.rawValue), sourceLocation: sourceLocation)
        #expect(lines.first?.metadata["refusal.party"] == .string(blamed.party), sourceLocation: sourceLocation)
        #expect(lines.first?.message.contains("blamed on \(blamed)") == true, sourceLocation: sourceLocation)
    }

    @Test func aForgedSignatureBlamesTheIssuer() async throws {
        let (issuer, log, harness) = try await setUp { log in
            let draft = log[1].draft
            let signature = try draft.signature(by: stranger.key).signature
            return [log[0], try draft.record(signatures: [.init(keyID: draft.keyID!, signature: signature)]), log[2]]
        }
        try await expectRefusal(
            harness,
            .badSignature,
            blaming: .issuer(issuer.nodeID),
            of: issuer.nodeID,
            stored: [log[0]]
        )
    }

    @Test func aTamperedBodyBlamesTheIssuer() async throws {
        let (issuer, log, harness) = try await setUp { log in
            let text = String(decoding: log[1].canonicalBytes, as: UTF8.self)
            let tampered = try Record(
                canonicalBytes: Array(text.replacingOccurrences(of: "Spec 2", with: "Spec 7").utf8)
            )
            return [log[0], tampered, log[2]]
        }
        try await expectRefusal(
            harness,
            .badSignature,
            blaming: .issuer(issuer.nodeID),
            of: issuer.nodeID,
            stored: [log[0]]
        )
    }

    @Test func aKeyTheIssuerDoesNotHoldBlamesTheIssuer() async throws {
        let (issuer, log, harness) = try await setUp { log in
            let draft = try TestIssuer(seed: 9, node: log[1].issuer.rawValue)
                .draft(kind: .spec, body: RecordFactory.specBody(), seq: 2, prev: log[0].id)
            return [log[0], try draft.signed(with: stranger.key)]
        }
        try await expectRefusal(
            harness,
            .keyNotValid,
            blaming: .issuer(issuer.nodeID),
            of: issuer.nodeID,
            stored: [log[0]]
        )
    }

    @Test func aNonMemberIsRefused() async throws {
        let (_, _, harness) = try await setUp()
        var outsider = try TestIssuer(seed: 7)
        await harness.peer.serve(try specs(&outsider, 2))
        try await expectRefusal(harness, .notMember, blaming: .issuer(outsider.nodeID), of: outsider.nodeID, stored: [])
    }

    @Test func aRecordPastTheCutoffIsRefused() async throws {
        var issuer = try TestIssuer(seed: 1)
        let log = try specs(&issuer, 4)
        let withdrawn: [TrustListContent.StatusEntry] = [
            .init(status: "admitted", version: 1),
            .init(status: "withdrawn", version: 2, validThrough: LogPosition(seq: 2, id: log[1].id)),
        ]
        let (_, _, harness) = try await setUp(count: 4, status: withdrawn)
        try await expectRefusal(
            harness,
            .pastCutoff,
            blaming: .issuer(issuer.nodeID),
            of: issuer.nodeID,
            stored: log.prefix(2).map { $0 }
        )
        // The first batch stops at the cut-off's position, so the verdicts before it are decided.
        #expect(await harness.peer.requests.map(\.limit) == [2, 500])
    }

    @Test func nonCanonicalBytesBlameThePeer() async throws {
        let (issuer, log, harness) = try await setUp()
        await harness.peer.set { _, _, _, honest in
            frames([honest[0]]) + RecordFrames.frame(Array("{ ".utf8) + honest[1].canonicalBytes.dropFirst())
        }
        try await expectRefusal(
            harness,
            .nonCanonical,
            blaming: .peer(harness.peer.peer),
            of: issuer.nodeID,
            stored: [log[0]]
        )
    }

    @Test func anOversizedFrameBlamesThePeer() async throws {
        let (issuer, log, harness) = try await setUp()
        await harness.peer.set { _, _, _, honest in
            frames([honest[0]]) + RecordFrames.frame([UInt8](repeating: 0x20, count: Record.maximumSize + 1))
        }
        try await expectRefusal(
            harness,
            .badFrame,
            blaming: .peer(harness.peer.peer),
            of: issuer.nodeID,
            stored: [log[0]]
        )
    }

    @Test func anotherIssuersRecordBlamesThePeer() async throws {
        var other = try TestIssuer(seed: 2)
        let foreign = try specs(&other, 1)
        let (issuer, log, harness) = try await setUp()
        await harness.peer.set { _, _, _, honest in frames([honest[0]] + foreign) }
        try await expectRefusal(
            harness,
            .notAsked,
            blaming: .peer(harness.peer.peer),
            of: issuer.nodeID,
            stored: [log[0]]
        )
    }

    @Test func aRecordOutsideTheRangeBlamesThePeer() async throws {
        let (issuer, log, harness) = try await setUp()
        _ = try await harness.store.append(AppendBatch(records: log.prefix(2).map { try $0.verified() }))
        await harness.peer.set { _, _, _, _ in frames([log[0]]) }
        try await expectRefusal(
            harness,
            .notAsked,
            blaming: .peer(harness.peer.peer),
            of: issuer.nodeID,
            stored: log.prefix(2).map { $0 }
        )
    }

    @Test func aGapBlamesThePeer() async throws {
        let (issuer, log, harness) = try await setUp(count: 4) { [$0[0], $0[1], $0[3]] }
        try await expectRefusal(
            harness,
            .brokenChain,
            blaming: .peer(harness.peer.peer),
            of: issuer.nodeID,
            stored: log.prefix(2).map { $0 }
        )
    }

    @Test func moreRecordsThanTheLimitBlameThePeer() async throws {
        let (issuer, log, harness) = try await setUp(count: 5, settings: ReplicationSettings(batchLimit: 3))
        await harness.peer.set { _, after, _, _ in frames(log.filter { $0.seq > after }) }
        try await expectRefusal(
            harness,
            .overlong,
            blaming: .peer(harness.peer.peer),
            of: issuer.nodeID,
            stored: log.prefix(3).map { $0 }
        )
        // Only the records asked for were verified.
        #expect(await harness.metrics.peer(harness.peer.peer)?.recordsVerified == 3)
    }
}
