import CredexCore
import CredexJSON
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Testing

@testable import CredexVerification

/// Status as of a checkpoint, expiry, accreditation, awarding bodies, provenance and personal parts.
@Suite("Verifier: credential checks")
struct CredentialChecksTests {
    /// A spec and an award of it, held with the learner's personal part, then `more` records.
    static func awarded(
        _ scenario: inout Scenario,
        award edit: (inout [String: JSONValue]) -> Void = { _ in },
        more: (inout Scenario, Record) throws -> [Record] = { _, _ in [] }
    ) async throws -> Record {
        let spec = try scenario.spec()
        let award = try scenario.award(of: spec, part: Scenario.learner, edit)
        let extra = try more(&scenario, award)
        try await scenario.append(spec, award, parts: [award.id: Scenario.learner])
        for record in extra { try await scenario.append(record) }
        return award
    }

    @Test("an award neither revoked nor suspended as of a fresh checkpoint passes its status")
    func activeAsOfCheckpoint() async throws {
        var scenario = Scenario()
        let award = try await Self.awarded(&scenario, more: { scenario, _ in [try scenario.checkpoint()] })
        let status = try await scenario.verifier(trust: try scenario.trust()).verify(id: award.id).require(.status)
        #expect(status.outcome == .pass, "\(status)")
        #expect(status.reason.contains("as of \(scenario.issuer.nodeID)'s checkpoint #3, signed at"), "\(status)")
        #expect(status.evidence?["checkpointClaimedAt"] == RecordFactory.claimedAt.rawValue)
        #expect(status.evidence?["checkpointAge"] == "3600")
    }

    @Test("a revoked and a suspended award fail their status, naming the status record")
    func revokedAndSuspended() async throws {
        for action in ["revoke", "suspend"] {
            var scenario = Scenario()
            var statusRecord: Record?
            let award = try await Self.awarded(
                &scenario,
                more: { scenario, award in
                    statusRecord = try scenario.status(action, of: award)
                    return [statusRecord!, try scenario.checkpoint()]
                }
            )
            let report = try await scenario.verifier(trust: try scenario.trust()).verify(id: award.id)
            let status = try report.require(.status)
            #expect(status.outcome == .fail, "\(action): \(status)")
            #expect(status.reason.hasPrefix(action == "revoke" ? "revoked by #3" : "suspended by #3"), "\(status)")
            #expect(status.evidence?["statusRecord"] == statusRecord?.id.rawValue)
            #expect(report.outcome == .fail)
        }
    }

    @Test("a reinstated award is active again")
    func reinstated() async throws {
        var scenario = Scenario()
        let award = try await Self.awarded(
            &scenario,
            more: { scenario, award in
                [
                    try scenario.status("suspend", of: award), try scenario.status("reinstate", of: award),
                    try scenario.checkpoint(),
                ]
            }
        )
        let status = try await scenario.verifier(trust: try scenario.trust()).verify(id: award.id).require(.status)
        #expect(status.outcome == .pass, "\(status)")
    }

    @Test("a checkpoint older than the federation allows, or none, leaves the status unknown")
    func staleOrMissingCheckpoint() async throws {
        var scenario = Scenario()
        let award = try await Self.awarded(&scenario, more: { scenario, _ in [try scenario.checkpoint()] })
        let twoDaysLater = Scenario.claimed.addingTimeInterval(2 * 86_400)
        let stale = try await scenario.verifier(trust: try scenario.trust(), now: twoDaysLater).verify(id: award.id)
        let status = try stale.require(.status)
        #expect(status.outcome == .unknown, "\(status)")
        #expect(status.reason.contains("is 172800 s old, beyond the federation's 86400 s"), "\(status)")
        #expect(stale.outcome == .unknown, "\(stale.checks)")

        var bare = Scenario()
        let unchecked = try await Self.awarded(&bare)
        let none = try await bare.verifier(trust: try bare.trust()).verify(id: unchecked.id).require(.status)
        #expect(none.outcome == .unknown)
        #expect(none.reason.contains("holds no checkpoint of \(bare.issuer.nodeID)"), "\(none)")
    }

    @Test("an award past its validUntil fails expiry; one still valid, or without a date, passes")
    func expiry() async throws {
        var scenario = Scenario()
        let expired = try await Self.awarded(&scenario) { $0["validUntil"] = "2026-11-21" }
        let check = try await scenario.verifier(trust: nil).verify(id: expired.id).require(.expiry)
        #expect(check.outcome == .fail)
        #expect(check.reason == "expired: valid until 2026-11-21")

        var month = Scenario()
        let valid = try await Self.awarded(&month) { $0["validUntil"] = "2026-11" }
        #expect(try await month.verifier(trust: nil).verify(id: valid.id).require(.expiry).outcome == .pass)
        let december = Scenario.claimed.addingTimeInterval(10 * 86_400)
        #expect(
            try await month.verifier(trust: nil, now: december).verify(id: valid.id).require(.expiry).outcome == .fail
        )

        var open = Scenario()
        let forever = try await Self.awarded(&open)
        #expect(try await open.verifier(trust: nil).verify(id: forever.id).require(.expiry).reason == "no expiry date")
    }

    @Test("outside the accredited scope is a flag (unknown); inside it passes")
    func accreditation() async throws {
        var scenario = Scenario()
        let spec = try scenario.spec()
        try await scenario.append(spec)
        let outside = try scenario.trust { $0.accreditation = .init(credentialTypes: [], eqfLevels: [7]) }
        let flag = try await scenario.verifier(trust: outside).verify(id: spec.id).require(.trustAccreditation)
        #expect(flag.outcome == .unknown)
        #expect(flag.reason == "\(scenario.issuer.nodeID) is not accredited at EQF level 6")
        let inside = try scenario.trust { $0.accreditation = .init(credentialTypes: [], eqfLevels: [6]) }
        #expect(
            try await scenario.verifier(trust: inside).verify(id: spec.id).require(.trustAccreditation).outcome == .pass
        )
    }

    @Test("a held personal part matching the commitment passes; not held is unknown")
    func personalPart() async throws {
        var scenario = Scenario()
        let award = try await Self.awarded(&scenario)
        let report = try await scenario.verifier(trust: try scenario.trust()).verify(id: award.id)
        #expect(try report.require(.personalCommitment).outcome == .pass)
        #expect(try report.require(.personalGrant).outcome == .pass)
        #expect(
            try report.require(.personalCommitment).evidence?["commitment"] == Scenario.learner.commitment().rawValue
        )

        var other = Scenario()
        let spec = try other.spec()
        let unheld = try other.award(of: spec, part: Scenario.learner)
        try await other.append(spec, unheld)
        let missing = try await other.verifier(trust: nil).verify(id: unheld.id)
        #expect(try missing.require(.personalCommitment).outcome == .unknown)
        #expect(missing.check(.personalGrant) == nil)
    }

    @Test("a delivered part's grant must be signed with a signing key of the award's issuer")
    func deliveredGrant() async throws {
        for signer in [UInt8(1), 3] {
            var scenario = Scenario()
            let spec = try scenario.spec()
            let award = try scenario.award(of: spec, part: Scenario.learner)
            try await scenario.append(spec, award)
            let grant = try PersonalMessage(
                .grant,
                federation: RecordFactory.federation,
                issuer: scenario.issuer.nodeID,
                recipient: scenario.partner.nodeID,
                award: award.id,
                commitment: try Scenario.learner.commitment(),
                reason: .firstRecipient,
                key: try TestIssuer(seed: signer).key
            )
            do {
                try await scenario.store.storeDelivered(Scenario.learner, grant: grant)
            } catch {
                #expect(signer != 1, "the issuer's own grant is refused: \(error)")
                continue
            }
            let check = try await scenario.verifier(trust: try scenario.trust()).verify(id: award.id)
                .require(.personalGrant)
            if signer == 1 {
                #expect(check.outcome == .pass, "\(check)")
                #expect(check.evidence?["recipient"] == scenario.partner.nodeID.rawValue)
            } else {
                #expect(check.outcome == .fail, "\(check)")
                #expect(check.reason.contains("is not a signing key of \(scenario.issuer.nodeID)"), "\(check)")
            }
        }
    }

    @Test("of two awarding bodies, the attester's is covered and the other needs a member's endorsement")
    func awardingBodies() async throws {
        for endorsed in [true, false] {
            var scenario = Scenario()
            let spec = try scenario.spec { $0["awardingBodies"] = Scenario.bodies }
            let award = try scenario.award(of: spec, part: Scenario.learner)
            try await scenario.append(spec, award)
            if endorsed {
                let endorsement = try scenario.partner.next(
                    kind: .endorsement,
                    body: [
                        "type": "credex.endorsement/1", "target": .string(spec.id.rawValue),
                        "targetIssuer": .string(scenario.issuer.nodeID.rawValue), "role": "co-awarding",
                        "body": [
                            "id": "https://second.example.org", "name": ["en": "Second University"], "country": "ES",
                        ],
                    ]
                )
                try await scenario.append(endorsement)
            }
            let check = try await scenario.verifier(trust: try scenario.trust()).verify(id: award.id)
                .require(.awardingBodies)
            #expect(check.evidence?["attestingNode"] == scenario.issuer.nodeID.rawValue)
            #expect(check.evidence?["body https://example.org/university"] == "attested by \(scenario.issuer.nodeID)")
            #expect(check.reason.contains("Example University is the signing node's institution"), "\(check)")
            if endorsed {
                #expect(check.outcome == .pass, "\(check)")
                #expect(check.reason.contains("Second University endorsed (co-awarding) by \(scenario.partner.nodeID)"))
            } else {
                #expect(check.outcome == .unknown, "\(check)")
                #expect(check.evidence?["body https://second.example.org"] == "none")
            }
        }
    }

    @Test("an imported spec's original proof: verified passes, failed fails, none is unknown")
    func provenance() async throws {
        let expected: [String: Check.Outcome] = ["verified": .pass, "failed": .fail, "none": .unknown]
        for (proof, outcome) in expected {
            var scenario = Scenario()
            let spec = try scenario.spec {
                $0["provenance"] = [
                    "format": "ob-3", "sha256": .string(String(repeating: "ab", count: 32)), "proof": .string(proof),
                ]
            }
            let award = try scenario.award(of: spec, part: Scenario.learner)
            try await scenario.append(spec, award)
            let own = try await scenario.verifier(trust: nil).verify(id: spec.id).require(.provenance)
            #expect(own.outcome == outcome, "\(proof): \(own)")
            #expect(own.evidence?["format"] == "ob-3")
            let viaAward = try await scenario.verifier(trust: nil).verify(id: award.id)
            #expect(try viaAward.require(.specProvenance).outcome == outcome)
            #expect(viaAward.check(.provenance) == nil, "the award itself was not imported")
        }
    }
}
