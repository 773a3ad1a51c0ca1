import CredexTesting
import Foundation
import Testing

/// `credex verify ID` asks the trust list in force: the issuer's standing and key range refuse,
/// accreditation only flags (an unknown check, never a failure).
@Suite("CLI verify under the trust list")
struct VerifyTrustTests {
    @Test("a record past its issuer's withdrawal is refused; the ones before stay valid; accreditation flags")
    func withdrawalCutoff() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let admin = try await node.foundSoloFederation()
        let before = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let valid = try await node.credex("verify", before.id)
        #expect(valid.status == 0, "\(valid)")
        #expect(valid.stdout.contains("ok   issuer standing: an active member"), "\(valid)")
        #expect(
            valid.stdout.contains("??   accreditation: the trust list states no accreditation scope"),
            "\(valid)"
        )

        let proposal = node.file("trust-v3.json").path
        let withdraw = try await node.credex([
            "trust", "propose", "--withdraw", node.nodeID, "--through", "\(before.seq):\(before.id)", "--out", proposal,
        ])
        #expect(withdraw.status == 0, "\(withdraw)")
        #expect(try await CLI.run(["trust", "sign", proposal, "--key", admin]).status == 0)
        let published = try await node.credex(["trust", "publish", proposal])
        #expect(published.status == 0, "\(published)")

        let after = try await node.issue("spec", Examples.path("spec-anu-microcredential.json"))
        let refused = try await node.credex("verify", after.id)
        #expect(refused.status == 1, "\(refused)")
        #expect(
            refused.stdout.contains(
                "FAIL issuer standing: \(node.nodeID) is withdrawn: its records are valid through (\(before.seq),"
            ),
            "\(refused)"
        )
        #expect(try await node.credex("verify", before.id).status == 0)
    }
}
