import CredexCore
import CredexCrypto
import CredexTesting
import CredexTrust
import Foundation
import Testing

/// The trust questions, by log position: a rotated key's range, a withdrawal's cut-off,
/// accreditation as a flag, who may pull, staleness.
@Suite struct FederationTrustTests {
    static let admin = Ed25519PrivateKey.generate()
    static let oldKey = Ed25519PrivateKey.generate()
    static let newKey = Ed25519PrivateKey.generate()
    static let issuer = try! NodeID(validating: "did:web:issuer.example")
    /// The issuer's log as this node holds it: seq -> id, one chain.
    static let chain: [Int64: RecordID] = Dictionary(
        uniqueKeysWithValues: (1...10).map { (Int64($0), RecordID(canonicalBytes: Array("record \($0)".utf8))) }
    )
    static let lookup: FederationTrust.ChainLookup = { end, seq in
        end.seq <= 10 && chain[end.seq] == end.id ? chain[seq] : nil
    }
    static let rotatedAt = LogPosition(seq: 5, id: chain[5]!)

    /// Version 3: the issuer's old key valid through (5, …), the new one from seq 6, then `status`.
    static func trust(
        status: [TrustListContent.StatusEntry] = [.init(status: "admitted", version: 1)],
        accreditation: TrustListContent.Accreditation? = .init(
            credentialTypes: ["micro-credential"],
            eqfLevels: [5, 6]
        ),
        nextUpdate: String = "2036-11-22T15:41:00Z"
    ) throws -> FederationTrust {
        var member = TrustListFactory.member(
            issuer.rawValue,
            signingKey: oldKey.publicKey,
            tlsPin: try TLSIdentity.generate(commonName: "issuer", dnsNames: ["issuer.example"]).publicKeyPin,
            status: status
        )
        member.signingKeys = [
            .init(keyId: KeyID(oldKey.publicKey), through: rotatedAt),
            .init(keyId: KeyID(newKey.publicKey), fromSeq: 6),
        ]
        member.accreditation = accreditation
        var content = TrustListFactory.content(admins: [admin], threshold: 1, members: [member])
        content.nextUpdate = try ClaimedTime(validating: nextUpdate)
        return try FederationTrust(TrustListVersion(TrustListFactory.version(3, content: content, signers: [admin])))
    }

    func verdict(_ key: Ed25519PrivateKey, seq: Int64, id: RecordID? = nil) throws -> FederationTrust.Verdict {
        try Self.trust().signingKeyVerdict(
            KeyID(key.publicKey),
            issuer: Self.issuer,
            seq: seq,
            id: id ?? Self.chain[seq] ?? RecordID(canonicalBytes: [UInt8(seq)]),
            chain: Self.lookup
        )
    }

    func expectInvalid(_ verdict: FederationTrust.Verdict, _ code: TrustError.Code, _ text: String) {
        guard case .invalid(let error) = verdict else {
            Issue.record("expected \(code), got \(verdict)")
            return
        }
        #expect(error.code == code)
        #expect(error.reason.contains(text), "\(error)")
    }

    @Test func aRotatedKeySignsOnlyTheChainThroughItsLastPosition() throws {
        #expect(try verdict(Self.oldKey, seq: 3) == .valid)
        #expect(try verdict(Self.oldKey, seq: 5) == .valid)
        expectInvalid(try verdict(Self.oldKey, seq: 6), .keyNotValid, "only through (5,")
        // A thief's record at seq 4 that is not on the chain ending at (5, …): the key's fault, not a fork.
        let stolen = RecordID(canonicalBytes: Array("forged 4".utf8))
        expectInvalid(try verdict(Self.oldKey, seq: 4, id: stolen), .keyNotValid, "seq 4")
        expectInvalid(try verdict(Self.oldKey, seq: 5, id: stolen), .keyNotValid, "seq 5")
        #expect(try verdict(Self.newKey, seq: 6) == .valid)
        expectInvalid(try verdict(Self.newKey, seq: 5), .keyNotValid, "from seq 6")
        expectInvalid(try verdict(Ed25519PrivateKey.generate(), seq: 2), .keyNotValid, "is not a signing key of")
    }

    @Test func aRangeThatEndsBeyondTheHeldLogIsUndecidedNotRefused() throws {
        let trust = try Self.trust()
        let verdict = trust.signingKeyVerdict(
            KeyID(Self.oldKey.publicKey),
            issuer: Self.issuer,
            seq: 3,
            id: Self.chain[3]!,
            chain: { _, _ in nil }
        )
        guard case .undetermined = verdict else {
            Issue.record("expected undetermined, got \(verdict)")
            return
        }
    }

    @Test func aRecordPastItsIssuersWithdrawalIsRefused() throws {
        let trust = try Self.trust(status: [
            .init(status: "admitted", version: 1),
            .init(status: "withdrawn", version: 3, validThrough: LogPosition(seq: 7, id: Self.chain[7]!)),
        ])
        #expect(trust.cutoffVerdict(issuer: Self.issuer, seq: 7, id: Self.chain[7]!, chain: Self.lookup) == .valid)
        #expect(trust.cutoffVerdict(issuer: Self.issuer, seq: 2, id: Self.chain[2]!, chain: Self.lookup) == .valid)
        expectInvalid(
            trust.cutoffVerdict(issuer: Self.issuer, seq: 8, id: Self.chain[8]!, chain: Self.lookup),
            .pastCutoff,
            "withdrawn: its records are valid through (7,"
        )
        let stranger = try NodeID(validating: "did:web:stranger.example")
        expectInvalid(
            trust.cutoffVerdict(issuer: stranger, seq: 1, id: Self.chain[1]!, chain: Self.lookup),
            .notMember,
            "is not a member"
        )
        #expect(trust.member(Self.issuer.rawValue)?.mayPullPublicRecords == false)
        #expect(trust.tlsSnapshot.pins.isEmpty, "a withdrawn member completes no handshake")
    }

    @Test func aSuspendedMemberMayPullButIsNotServed() throws {
        let trust = try Self.trust(status: [
            .init(status: "admitted", version: 1),
            .init(status: "suspended", version: 2, validThrough: LogPosition(seq: 7, id: Self.chain[7]!)),
        ])
        let member = try #require(trust.member(Self.issuer.rawValue))
        #expect(member.mayPullPublicRecords)
        #expect(trust.admitsCaller(Self.issuer.rawValue, via: .mtls))
        #expect(!trust.admitsCaller(Self.issuer.rawValue, via: .httpsig))
        #expect(!trust.admits(Self.issuer.rawValue, via: .mtls))
        #expect(trust.tlsSnapshot.pins.count == 1)
    }

    @Test func accreditationIsAFlagNeverARefusal() throws {
        let trust = try Self.trust()
        #expect(trust.accreditationFlag(issuer: Self.issuer, credentialType: "micro-credential", eqfLevel: 6) == nil)
        #expect(
            trust.accreditationFlag(issuer: Self.issuer, credentialType: "micro-credential", eqfLevel: 7)
                == "did:web:issuer.example is not accredited at EQF level 7"
        )
        #expect(trust.accreditationFlag(issuer: Self.issuer, credentialType: "degree", eqfLevel: 6) != nil)
        let unscoped = try Self.trust(accreditation: nil)
        #expect(unscoped.accreditationFlag(issuer: Self.issuer, credentialType: nil, eqfLevel: nil) != nil)
    }

    @Test func aListPastItsNextUpdateIsStaleButUsed() throws {
        let trust = try Self.trust(nextUpdate: "2026-01-01T00:00:00Z")
        #expect(trust.isStale(now: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(!trust.isStale(now: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(trust.admits(Self.issuer.rawValue, via: .mtls))
    }
}
