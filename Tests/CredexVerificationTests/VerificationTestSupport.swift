import CredexCore
import CredexCrypto
import CredexJSON
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import Testing

@testable import CredexVerification

/// A small federation for verification tests: the attesting issuer (Example University, seed 1),
/// a partner that endorses (Second University, seed 2), one admin, and a store in memory.
struct Scenario {
    static let admin = try! Ed25519PrivateKey(seed: [UInt8](repeating: 200, count: 32))
    /// The records' claimed time, as a date.
    static let claimed = ISO8601DateFormatter().date(from: RecordFactory.claimedAt.rawValue)!
    /// An hour after the records were signed: within the default maximum checkpoint age.
    static let now = claimed.addingTimeInterval(3600)

    var issuer = try! TestIssuer(seed: 1)
    var partner = try! TestIssuer(seed: 2)
    let store = try! SQLiteRecordStore(inMemory: .init())

    /// `issuer`'s trust-list entry, changed by `edit`; `partner` is an active member.
    func trust(
        maxCheckpointAge: Int64 = 86_400,
        _ edit: (inout TrustListContent.Member) -> Void = { _ in }
    ) throws -> FederationTrust {
        var attester = Self.member(issuer, institution: "Example University")
        edit(&attester)
        var content = TrustListFactory.content(
            admins: [Self.admin],
            threshold: 1,
            members: [attester, Self.member(partner, institution: "Second University")]
        )
        content.maxCheckpointAge = maxCheckpointAge
        return try FederationTrust(
            TrustListVersion(TrustListFactory.version(2, content: content, signers: [Self.admin]))
        )
    }

    static func member(_ issuer: TestIssuer, institution: String) -> TrustListContent.Member {
        var member = TrustListFactory.member(
            issuer.nodeID.rawValue,
            signingKey: issuer.key.publicKey,
            tlsPin: "sha256/" + Data(SHA256.hash(Array(issuer.nodeID.rawValue.utf8))).base64EncodedString()
        )
        member.institutions[0].legalName = institution
        return member
    }

    func verifier(trust: FederationTrust?, now: Date = Scenario.now) -> Verifier {
        Verifier(store: store, trust: trust, now: now)
    }

    /// Appends `records`, with the personal parts of awards among them.
    func append(_ records: Record..., parts: [RecordID: PersonalPart] = [:]) async throws {
        let outcome = try await store.append(
            AppendBatch(records: try records.map { try $0.verified() }, personalParts: parts)
        )
        #expect(outcome.appended.count == records.count, "\(outcome)")
    }

    mutating func spec(_ edit: (inout [String: JSONValue]) -> Void = { _ in }) throws -> Record {
        var body = RecordFactory.specBody().objectValue!
        edit(&body)
        return try issuer.next(kind: .spec, body: .object(body))
    }

    mutating func award(
        of spec: Record,
        part: PersonalPart,
        _ edit: (inout [String: JSONValue]) -> Void = { _ in }
    ) throws -> Record {
        var body = RecordFactory.awardBody(spec: spec.id, learner: try part.commitment()).objectValue!
        edit(&body)
        return try issuer.next(kind: .award, body: .object(body))
    }

    mutating func status(_ action: String, of target: Record) throws -> Record {
        try issuer.next(
            kind: .status,
            body: ["type": "credex.status/1", "target": .string(target.id.rawValue), "action": .string(action)]
        )
    }

    mutating func checkpoint() throws -> Record {
        try issuer.next(kind: .checkpoint, body: ["type": "credex.checkpoint/1"])
    }

    static let learner = try! RecordFactory.personalPart(fullName: "Ana Lima")

    static let bodies: JSONValue = [
        ["id": "https://example.org/university", "name": ["en": "Example University"], "country": "IE"],
        ["id": "https://second.example.org", "name": ["en": "Second University"], "country": "ES"],
    ]
}

extension VerificationReport {
    /// The check `id`, or a test failure.
    func require(_ id: Check.ID, sourceLocation: SourceLocation = #_sourceLocation) throws -> Check {
        try #require(check(id), "no \(id.rawValue) check in \(checks.map(\.id))", sourceLocation: sourceLocation)
    }
}
