import CredexCore
import CredexJSON
import CredexMapping
import CredexStore
import CredexVerification

/// What a search answer says about a spec: enough to choose one, no personal data.
public struct SpecSummary: Codable, Sendable, Hashable {
    public var id: String
    public var issuer: String
    public var seq: Int64
    public var receivedAt: String
    public var title: [String: String]
    public var credentialType: String?
    public var awardingBodies: [Body]
    public var levels: [LevelView]
    public var credits: [CreditView]
    /// `active`, `suspended`, `revoked` or `withdrawn`, after its issuer's status records.
    public var status: String

    public struct Body: Codable, Sendable, Hashable {
        public var name: [String: String]
        public var country: String
    }

    public struct LevelView: Codable, Sendable, Hashable {
        public var framework: String
        public var level: String
        /// The EQF levels the crosswalks give it (one level can have two).
        public var eqf: [String]
    }

    public struct CreditView: Codable, Sendable, Hashable {
        public var system: String
        public var value: String
    }
}

/// What a search answer says about an award: its spec and standing, never its learner.
public struct AwardSummary: Codable, Sendable, Hashable {
    public var id: String
    public var issuer: String
    public var seq: Int64
    public var receivedAt: String
    public var spec: String
    public var issuedOn: String
    public var validUntil: String?
    public var status: String
    /// Whether this node holds the learner's personal part (it was delivered here).
    public var personalPartHeld: Bool
}

/// A record as the API shows it: the signed record whole, what this node knows about it, and its
/// body's standing.
public struct RecordView: Encodable, Sendable {
    public var id: String
    public var kind: String
    public var issuer: String
    public var seq: Int64
    /// The issuer's clock: shown, never trusted.
    public var claimedAt: String
    public var receivedAt: String
    public var understood: Bool
    public var status: String?
    public var flags: [String: String]
    public var personalPartHeld: Bool?
    public var record: JSONValue
    /// Every check of the record, as `CredexVerification` makes them.
    public var verification: VerificationReport
}

extension OfficerAPI {
    func specSummary(_ stored: StoredRecord) async throws -> SpecSummary? {
        guard case .spec(let spec) = RecordBody(of: stored.record) else { return nil }
        let record = stored.record
        return SpecSummary(
            id: record.id.rawValue,
            issuer: record.issuer.rawValue,
            seq: record.seq,
            receivedAt: stored.receivedAt,
            title: spec.title.values,
            credentialType: spec.credentialType,
            awardingBodies: spec.awardingBodies.map { .init(name: $0.name.values, country: $0.country.rawValue) },
            levels: (spec.levels ?? []).map { level in
                let eqf =
                    level.framework.caseInsensitiveCompare("EQF") == .orderedSame
                    ? [level.level] : crosswalks.eqf(for: level).map(\.eqf)
                return .init(framework: level.framework, level: level.level, eqf: eqf)
            },
            credits: (spec.workload.credits ?? []).map { .init(system: $0.system, value: $0.value.rawValue) },
            status: try await store.status(of: record.id)?.rawValue ?? CredentialStatus.active.rawValue
        )
    }

    func awardSummary(_ stored: StoredRecord) async throws -> AwardSummary? {
        guard case .award(let award) = RecordBody(of: stored.record) else { return nil }
        let record = stored.record
        return AwardSummary(
            id: record.id.rawValue,
            issuer: record.issuer.rawValue,
            seq: record.seq,
            receivedAt: stored.receivedAt,
            spec: award.spec.rawValue,
            issuedOn: award.issuedOn.rawValue,
            validUntil: award.validUntil?.rawValue,
            status: try await store.status(of: record.id)?.rawValue ?? CredentialStatus.active.rawValue,
            personalPartHeld: try await store.personalPart(award: record.id) != nil
        )
    }

    func recordView(_ stored: StoredRecord) async throws -> RecordView {
        let record = stored.record
        return RecordView(
            id: record.id.rawValue,
            kind: record.kind.rawValue,
            issuer: record.issuer.rawValue,
            seq: record.seq,
            claimedAt: record.claimedAt.rawValue,
            receivedAt: stored.receivedAt,
            understood: RecordBody(of: record).isUnderstood,
            status: try await store.status(of: record.id)?.rawValue,
            flags: Dictionary(stored.flags.map { ($0.code, $0.detail) }) { first, _ in first },
            personalPartHeld: record.kind == .award ? try await store.personalPart(award: record.id) != nil : nil,
            record: try StrictJSON.parseCanonical(record.canonicalBytes),
            verification: try await verification(of: record.id)
        )
    }
}
