import CredexCore
import CredexCrypto
import CredexJSON

/// Sample values for tests: a fixed claimed time, spec and award bodies, personal parts.
///
/// Everything is deterministic, so a test that signs the same input twice gets the same record id.
///
/// ```swift
/// var issuer = try TestIssuer(seed: 1)
/// let spec = try issuer.next(kind: .spec, body: RecordFactory.specBody())
/// let part = try RecordFactory.personalPart(fullName: "Ana Lima")
/// let award = try issuer.next(kind: .award, body: RecordFactory.awardBody(spec: spec.id, learner: part.commitment()))
/// ```
public enum RecordFactory {
    /// The federation every test issuer belongs to unless told otherwise.
    public static let federation = "urn:credex:federation:test"

    /// The one reference time of the tests' records.
    public static let claimedAt: ClaimedTime = try! ClaimedTime(validating: "2026-11-22T15:41:00Z")

    /// A valid `credex.spec/1` body; `title` and `outcome` go into the full-text index.
    public static func specBody(
        title: [String: String] = ["en": "Sustainable Construction Basics"],
        outcome: [String: String] = ["en": "Explain the life cycle of building materials."]
    ) -> JSONValue {
        [
            "type": "credex.spec/1",
            "title": languageMap(title),
            "awardingBodies": [
                ["id": "https://example.org/university", "name": ["en": "Example University"], "country": "IE"]
            ],
            "learningOutcomes": [["text": languageMap(outcome)]],
            "workload": ["credits": [["system": "ECTS", "value": "5"]], "hours": "125"],
            "levels": [["framework": "EQF", "level": "6"]],
            "assessment": ["type": "project"],
            "participation": ["mode": "online", "pace": "self-paced"],
            "qualityAssurance": ["type": "internal"],
        ]
    }

    /// A valid `credex.award/1` body awarding `spec` to the learner committed to by `learner`.
    public static func awardBody(spec: RecordID, learner: Commitment, issuedOn: String = "2026-11-20") -> JSONValue {
        [
            "type": "credex.award/1", "spec": .string(spec.rawValue), "learner": .string(learner.rawValue),
            "issuedOn": .string(issuedOn),
        ]
    }

    /// A personal part naming `fullName`, with a salt of sixteen `saltByte`s (so it is reproducible)
    /// and an optional student identifier.
    public static func personalPart(
        fullName: String,
        saltByte: UInt8 = 7,
        studentID: String? = nil
    ) throws -> PersonalPart {
        var details: JSONValue = ["names": ["full": .string(fullName)], "grade": "A"]
        if let studentID, case .object(var members) = details {
            members["identifiers"] = [["scheme": "student-id", "value": .string(studentID)]]
            details = .object(members)
        }
        return try PersonalPart(
            details: JSONValueDecoder().decode(LearnerDetails.self, from: details),
            salt: [UInt8](repeating: saltByte, count: 16)
        )
    }

    private static func languageMap(_ values: [String: String]) -> JSONValue {
        .object(values.mapValues { .string($0) })
    }
}

/// A node that signs records in one hash-chained log: a key made from a seed byte, a node id and
/// a federation. `next(kind:body:)` signs the record after the last one it made.
public struct TestIssuer: Sendable {
    /// The signing key: the Ed25519 key whose 32-byte seed is `seed` repeated.
    public let key: Ed25519PrivateKey
    public let nodeID: NodeID
    public let federation: String
    /// The last record this issuer signed, which the next one links to.
    public private(set) var head: Record?

    public var keyID: KeyID { KeyID(key.publicKey) }

    /// An issuer `did:web:node<seed>.example` (unless `node` is given) whose key comes from `seed`.
    public init(seed: UInt8 = 1, node: String? = nil, federation: String = RecordFactory.federation) throws {
        key = try Ed25519PrivateKey(seed: [UInt8](repeating: seed, count: 32))
        nodeID = try NodeID(validating: node ?? "did:web:node\(seed).example")
        self.federation = federation
    }

    /// The unsigned draft of the record at `seq` after `prev`, for tests that break the chain.
    public func draft(kind: RecordKind, body: JSONValue, seq: Int64, prev: RecordID?) throws -> RecordDraft {
        try RecordDraft(
            federation: federation,
            kind: kind,
            issuer: nodeID,
            keyID: keyID,
            seq: seq,
            prev: prev,
            claimedAt: RecordFactory.claimedAt,
            body: body
        )
    }

    /// Signs the next record of the chain and makes it the head.
    public mutating func next(kind: RecordKind, body: JSONValue) throws -> Record {
        let record = try draft(kind: kind, body: body, seq: (head?.seq ?? 0) + 1, prev: head?.id).signed(with: key)
        head = record
        return record
    }

    /// As `next(kind:body:)`, verified for the store.
    public mutating func nextVerified(kind: RecordKind, body: JSONValue) throws -> VerifiedRecord {
        try next(kind: kind, body: body).verified()
    }
}
