import CredexTesting
import Foundation
import Testing

/// Personal parts between real nodes over mutual TLS on loopback: they go exactly where the
/// learner authorised, and an erasure at the issuer removes them everywhere, for good.
@Suite("CLI personal-part delivery", .serialized)
struct PersonalDeliveryTests {
    /// Waits until `node` holds (or no longer holds) `award`'s personal part.
    static func waitForPart(
        _ award: String,
        held: Bool,
        at node: TestNode,
        timeout: Duration = .seconds(60)
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await EraseTests.personalPartHeld(award, in: node) == held { return true }
            try await Task.sleep(for: .milliseconds(300))
        }
        return false
    }

    /// Which nodes hold `award`'s personal part.
    static func holders(_ award: String, in federation: LocalFederation) async throws -> [Int] {
        var holders: [Int] = []
        for (index, node) in federation.nodes.enumerated()
        where try await EraseTests.personalPartHeld(award, in: node) == true {
            holders.append(index)
        }
        return holders
    }

    @Test("five nodes: the part goes only where authorised, a share adds one node, an erasure removes it everywhere")
    func fiveNodes() async throws {
        // Node 4 is outside the EEA without an adequacy decision.
        let federation = try await LocalFederation.make(count: 5, outsideEEA: [4])
        defer { federation.remove() }
        let nodes = federation.nodes
        let issuer = nodes[0]
        let spec = try await issuer.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let input = Examples.path("award-maynooth-aoife.json")

        // A first recipient outside the EEA is refused before anything is issued.
        let outside = try await issuer.credex(
            "issue",
            "award",
            input,
            "--spec",
            spec.id,
            "--deliver-to",
            nodes[4].nodeID
        )
        #expect(outside.status != 0 && outside.stderr.contains("outside the EEA"), "\(outside)")
        #expect(try await issuer.headSeq() == spec.seq)

        // Issued with its first recipient before any node runs: the delivery waits in the outbox.
        let award = try await issuer.issue("award", input, extra: ["--spec", spec.id, "--deliver-to", nodes[1].nodeID])
        var running: [ChildProcess] = []
        defer { for child in running { child.stop() } }
        for index in nodes.indices { running.append(try await federation.start(index)) }
        #expect(try await federation.waitForHead(issuer.nodeID, award.seq, at: Array(nodes.indices)))
        #expect(try await Self.waitForPart(award.id, held: true, at: nodes[1]), "\(running[0].stderrText)")
        #expect(try await Self.holders(award.id, in: federation) == [0, 1])

        // Only the issuer shares; a member outside the EEA needs the operator's confirmation.
        let relayed = try await nodes[1].credex("share", award.id, "--with", nodes[2].nodeID)
        #expect(relayed.status != 0 && relayed.stderr.contains("only its issuer"), "\(relayed)")
        let unconfirmed = try await issuer.credex("share", award.id, "--with", nodes[4].nodeID)
        #expect(unconfirmed.status != 0 && unconfirmed.stderr.contains("--allow-outside-eea"), "\(unconfirmed)")

        // A share adds exactly one node.
        let shared = try await issuer.credex("share", award.id, "--with", nodes[2].nodeID)
        #expect(shared.status == 0 && shared.stdout.contains("queued for \(nodes[2].nodeID)"), "\(shared)")
        #expect(try await Self.waitForPart(award.id, held: true, at: nodes[2]), "\(running[0].stderrText)")
        #expect(try await Self.holders(award.id, in: federation) == [0, 1, 2])
        let again = try await issuer.credex("share", award.id, "--with", nodes[2].nodeID)
        #expect(again.stdout.contains("was sent this personal part already"), "\(again)")
        let sent = try await issuer.credex("deliveries", award.id)
        #expect(sent.stdout.contains("part     \(nodes[1].nodeID)  done: stored"), "\(sent)")
        #expect(sent.stdout.contains("part     \(nodes[2].nodeID)  done: stored"), "\(sent)")

        // An erasure at the issuer reaches every node that received the part.
        let erased = try await issuer.credex("erase", "--award", award.id)
        #expect(erased.status == 0, "\(erased)")
        #expect(erased.stdout.contains(nodes[1].nodeID) && erased.stdout.contains(nodes[2].nodeID), "\(erased)")
        for index in [1, 2] {
            #expect(try await Self.waitForPart(award.id, held: false, at: nodes[index]), "\(running[index].stderrText)")
        }
        #expect(try await Self.holders(award.id, in: federation) == [])
        let received = try await nodes[2].credex("deliveries")
        #expect(received.stdout.contains("erasure notice from \(issuer.nodeID)"), "\(received)")
        #expect(received.stdout.contains(": erased"), "\(received)")

        // It never comes back: nothing is left to share, and no node's files hold the learner.
        let reshare = try await issuer.credex("share", award.id, "--with", nodes[3].nodeID)
        #expect(reshare.status != 0 && reshare.stderr.contains("no personal part"), "\(reshare)")
        try await Task.sleep(for: .seconds(2))
        #expect(try await Self.holders(award.id, in: federation) == [])
        for child in running { child.stop() }
        running = []
        for node in nodes {
            for file in try node.files() {
                #expect(!file.bytes.contains(bytes: Array("Bhriain".utf8)), "\(file.path) still holds the name")
            }
        }
        // Every envelope stays everywhere and verifies.
        for node in nodes {
            let verified = try await node.credex("verify", award.id)
            #expect(verified.status == 0, "\(verified)")
        }
    }

    @Test("a restore keeps the record of where parts went; an erasure cancels a delivery never attempted")
    func restoreKeepsTheOutbox() async throws {
        let federation = try await LocalFederation.make(count: 2)
        defer { federation.remove() }
        let issuer = federation.nodes[0]
        let recipient = federation.nodes[1].nodeID
        let spec = try await issuer.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let award = try await issuer.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )
        let backup = issuer.file("backup.sqlite").path
        try LocalFederation.succeed(try await issuer.credex("backup", backup))
        // Queued after the backup, with no node running to send it.
        try LocalFederation.succeed(try await issuer.credex("share", award.id, "--with", recipient))
        try LocalFederation.succeed(try await issuer.credex("restore", backup))
        let listed = try await issuer.credex("deliveries", award.id)
        #expect(listed.stdout.contains("part     \(recipient)  pending (0 attempts)"), "\(listed)")
        try LocalFederation.succeed(try await issuer.credex("erase", "--award", award.id))
        let after = try await issuer.credex("deliveries", award.id)
        #expect(after.stdout.contains("part     \(recipient)  cancelled"), "\(after)")
        #expect(!after.stdout.contains("erasure"), "nothing was sent, so no notice is due:\n\(after)")
    }
}
