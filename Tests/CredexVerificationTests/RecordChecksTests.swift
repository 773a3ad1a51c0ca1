import CredexCore
import CredexJSON
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Testing

@testable import CredexVerification

/// Signature, chain link, the key's range and the issuer's cut-off: the checks that can refuse.
@Suite("Verifier: signature, chain and trust")
struct RecordChecksTests {
    @Test("a held spec of an active member passes every deterministic check")
    func validSpec() async throws {
        var scenario = Scenario()
        let spec = try scenario.spec()
        try await scenario.append(spec, try scenario.checkpoint())
        let report = try await scenario.verifier(trust: try scenario.trust()).verify(id: spec.id)
        for id in [Check.ID.recordHeld, .recordSignature, .recordBody, .recordChain, .trustList, .trustSigningKey] {
            #expect(try report.require(id).outcome == .pass, "\(report.checks)")
        }
        #expect(try report.require(.trustStanding).reason == "an active member")
        #expect(report.subject.record?.id == spec.id.rawValue)
        #expect(report.trustList?.version == 2)
    }

    @Test("a record that is not held is one failing check")
    func notHeld() async throws {
        let scenario = Scenario()
        let id = RecordID(canonicalBytes: Array("nothing".utf8))
        let report = try await scenario.verifier(trust: nil).verify(id: id)
        #expect(report.outcome == .fail)
        #expect(report.checks.map(\.id) == ["record.held"])
    }

    @Test("a record file whose signature was copied from another record fails its signature check")
    func forgedSignature() async throws {
        var scenario = Scenario()
        let first = try scenario.spec()
        let second = try scenario.spec { $0["title"] = ["en": "Another title"] }
        var json = second.canonicalBytes
        let theirs = Array(first.signatures[0].signature.utf8)
        let ours = Array(second.signatures[0].signature.utf8)
        let at = try #require(json.firstRange(of: ours))
        json.replaceSubrange(at, with: theirs)
        let report = try await scenario.verifier(trust: try scenario.trust()).verify(document: json)
        let signature = try report.require(.recordSignature)
        #expect(signature.outcome == .fail)
        #expect(signature.reason.contains("does not verify"), "\(signature.reason)")
        #expect(report.outcome == .fail)
    }

    @Test("prev must be the held record at seq - 1; a first record and an unheld one are said so")
    func chainLink() async throws {
        var scenario = Scenario()
        let first = try scenario.spec()
        try await scenario.append(first)
        let held = try await scenario.verifier(trust: nil).verify(id: first.id)
        #expect(try held.require(.recordChain).outcome == .pass)
        #expect(try held.require(.recordChain).reason.contains("first record"))

        let wrongPrev = RecordID(canonicalBytes: Array("elsewhere".utf8))
        let broken = try scenario.issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 2, prev: wrongPrev)
            .signed(with: scenario.issuer.key)
        let report = try await scenario.verifier(trust: nil).verify(document: broken.canonicalBytes)
        let chain = try report.require(.recordChain)
        #expect(chain.outcome == .fail)
        #expect(chain.reason.contains("is not the held record #1"), "\(chain.reason)")
        #expect(chain.evidence?["held"] == first.id.rawValue)

        let far = try scenario.issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 9, prev: wrongPrev)
            .signed(with: scenario.issuer.key)
        let unheld = try await scenario.verifier(trust: nil).verify(document: far.canonicalBytes)
        #expect(try unheld.require(.recordChain).outcome == .unknown)
        #expect(try unheld.require(.recordHeld).outcome == .unknown)
    }

    @Test("a key valid through #1 cannot sign #2")
    func keyPastThrough() async throws {
        var scenario = Scenario()
        let first = try scenario.spec()
        let second = try scenario.spec()
        try await scenario.append(first, second)
        let keyID = scenario.issuer.keyID
        let trust = try scenario.trust {
            $0.signingKeys = [.init(keyId: keyID, through: LogPosition(seq: 1, id: first.id))]
        }
        let before = try await scenario.verifier(trust: trust).verify(id: first.id)
        #expect(try before.require(.trustSigningKey).outcome == .pass)
        let after = try await scenario.verifier(trust: trust).verify(id: second.id)
        let key = try after.require(.trustSigningKey)
        #expect(key.outcome == .fail)
        #expect(key.reason.contains("is valid for \(scenario.issuer.nodeID) only through"), "\(key.reason)")
        #expect(key.evidence?["through"] == "1:\(first.id.rawValue)")
        #expect(after.outcome == .fail)
    }

    @Test("a record past its issuer's withdrawal cut-off fails its standing; the one before passes")
    func pastCutoff() async throws {
        var scenario = Scenario()
        let first = try scenario.spec()
        let second = try scenario.spec()
        try await scenario.append(first, second)
        let trust = try scenario.trust {
            $0.status.append(.init(status: "withdrawn", version: 2, validThrough: LogPosition(seq: 1, id: first.id)))
        }
        #expect(try await scenario.verifier(trust: trust).verify(id: first.id).require(.trustStanding).outcome == .pass)
        let standing = try await scenario.verifier(trust: trust).verify(id: second.id).require(.trustStanding)
        #expect(standing.outcome == .fail)
        #expect(standing.reason.contains("is withdrawn: its records are valid through (1,"), "\(standing.reason)")
    }

    @Test("an issuer that is not a member fails; with no trust list, trust is unknown")
    func notMember() async throws {
        let scenario = Scenario()
        var stranger = try TestIssuer(seed: 9)
        let spec = try stranger.next(kind: .spec, body: RecordFactory.specBody())
        try await scenario.append(spec)
        let report = try await scenario.verifier(trust: try scenario.trust()).verify(id: spec.id)
        #expect(try report.require(.trustStanding).outcome == .fail)
        let untrusted = try await scenario.verifier(trust: nil).verify(id: spec.id)
        #expect(try untrusted.require(.trustList).outcome == .unknown)
        #expect(untrusted.check(.trustStanding) == nil)
    }
}
