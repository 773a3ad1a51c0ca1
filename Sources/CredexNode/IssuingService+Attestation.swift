import CredexCore
import CredexCrypto
import CredexJSON
import Foundation

/// Credentials read from another format (ELM, Open Badges, ELMO, CTDL, a register), for this
/// node to attest: each spec keeps its awarding bodies and the original's `provenance`, so nobody
/// mistakes the attesting node for the awarding body.
public struct AttestationBatch: Codable, Sendable {
    /// One spec and the awards of it the document holds (with the learner's details).
    public struct Item: Codable, Sendable {
        public var spec: CredentialSpec
        public var awards: [AwardInput]

        public init(spec: CredentialSpec, awards: [AwardInput] = []) {
            self.spec = spec
            self.awards = awards
        }

        /// The spec's provenance; refuses a spec that is not valid, names no provenance, or whose
        /// original's own proof failed: a tampered or forged document is not attested.
        @discardableResult
        public func validate() throws -> Provenance {
            try spec.validate()
            guard let provenance = spec.provenance else {
                throw NodeError(.refused, "an attested spec names the original's provenance (format, hash, proof)")
            }
            guard provenance.proof != .failed else {
                throw NodeError(
                    .refused,
                    "the \(provenance.format) document's own proof does not verify; it is not attested"
                )
            }
            return provenance
        }
    }

    public var items: [Item]

    public init(items: [Item]) { self.items = items }
}

/// What an attestation did. A spec identical to one this node attested before, and an award of
/// the same spec from the same original document, are held already and not signed again.
public struct AttestationSummary: Codable, Sendable, Hashable {
    public var specs = 0
    public var awards = 0
    public var specsAlreadyHeld = 0
    public var awardsAlreadyHeld = 0

    public init() {}

    public static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum.specs += rhs.specs
        sum.awards += rhs.awards
        sum.specsAlreadyHeld += rhs.specsAlreadyHeld
        sum.awardsAlreadyHeld += rhs.awardsAlreadyHeld
        return sum
    }
}

/// The specs and awards this node attested from other formats, to import a document twice without
/// signing it twice: specs by the hash of their canonical body, awards by spec and original's hash.
struct AttestedIndex {
    var specs: [String: RecordID] = [:]
    var awards: Set<String> = []

    static func specKey(_ body: JSONValue) -> String { SHA256.hex(JCS.canonicalBytes(body)) }
    static func awardKey(spec: RecordID, provenance: Provenance) -> String { "\(spec) \(provenance.sha256)" }
}

extension IssuingService {
    /// Signs the batch's specs and awards in one transaction, skipping what this node attested
    /// already. Every spec must carry its `provenance`.
    public func attest(_ batch: AttestationBatch) async throws -> AttestationSummary {
        try await inTurn { try await attestNow(batch) }
    }

    private func attestNow(_ batch: AttestationBatch) async throws -> AttestationSummary {
        var index = try await attestedIndex()
        var summary = AttestationSummary()
        var issuances: [Issuance] = []
        var newSpecs: [String: Int] = [:]
        for item in batch.items {
            let provenance = try item.validate()
            let body = try JSONValueEncoder().encode(item.spec)
            let key = AttestedIndex.specKey(body)
            let reference: Issuance.SpecReference
            if let held = index.specs[key] {
                summary.specsAlreadyHeld += 1
                reference = .held(held)
            } else if let position = newSpecs[key] {
                summary.specsAlreadyHeld += 1
                reference = .batch(position)
            } else {
                newSpecs[key] = issuances.count
                reference = .batch(issuances.count)
                issuances.append(.record(kind: .spec, body: body, personalPart: nil))
                summary.specs += 1
            }
            for award in item.awards {
                if case .held(let id) = reference,
                    index.awards.contains(AttestedIndex.awardKey(spec: id, provenance: provenance))
                {
                    summary.awardsAlreadyHeld += 1
                    continue
                }
                issuances.append(.award(award, spec: reference, provenance: provenance))
                summary.awards += 1
            }
        }
        for record in try await issueNow(issuances) { index.add(record) }
        attested = index
        return summary
    }

    /// The index of what this node attested, read from its own log once per process.
    private func attestedIndex() async throws -> AttestedIndex {
        if let attested { return attested }
        var index = AttestedIndex()
        var after: Int64 = 0
        while true {
            let page = try await store.log(issuer: configuration.nodeID, afterSeq: after, limit: 5_000)
            guard let last = page.last else { break }
            for stored in page {
                index.add(stored.record)
            }
            after = last.record.seq
        }
        attested = index
        return index
    }
}

extension AttestedIndex {
    /// Adds `record` if it is an attested spec or award (one with provenance).
    mutating func add(_ record: Record) {
        switch record.kind {
        case .spec where record.body["provenance"] != nil:
            specs[Self.specKey(record.body)] = record.id
        case .award:
            if let award = try? JSONValueDecoder().decode(Award.self, from: record.body),
                let provenance = award.provenance
            {
                awards.insert(Self.awardKey(spec: award.spec, provenance: provenance))
            }
        default:
            break
        }
    }
}
