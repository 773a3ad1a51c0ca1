import CredexCore
import CredexStore
import CredexTrust
import Foundation

/// Verifies a stored record or an uploaded document as a list of checks, never a bare boolean.
///
/// Deterministic given its inputs: the store's content, the trust list in force and `now`, which
/// the caller passes (no clock is read inside). Only deterministic checks (signature, chain link,
/// key range, cut-off) can make a record invalid; claimed times, accreditation scope and staleness
/// are shown as `unknown`, never decide.
///
///     let verifier = Verifier(store: store, trust: try await archive.current(), now: Date())
///     let report = try await verifier.verify(id: id)
///     if report.outcome == .fail { … }
public struct Verifier: Sendable {
    public let store: any RecordStore
    public let trust: FederationTrust?
    public let now: Date

    public init(store: any RecordStore, trust: FederationTrust?, now: Date) {
        self.store = store
        self.trust = trust
        self.now = now
    }

    /// Verifies the held record `id`; a record not held is one failing `record.held` check.
    public func verify(id: RecordID) async throws -> VerificationReport {
        guard let stored = try await store.record(id: id) else {
            return report(
                subject: .init(),
                [.fail(.recordHeld, "this node holds no record \(id)", evidence: ["record": id.rawValue])]
            )
        }
        var checks = [
            Check.pass(
                .recordHeld,
                "\(stored.record.kind) by \(stored.record.issuer) #\(stored.record.seq), id \(id)",
                evidence: ["receivedAt": stored.receivedAt]
                    .merging(stored.flags.map { ("flag.\($0.code)", $0.detail) }) { first, _ in first }
            )
        ]
        // The bytes held under an id must still hash to it: damage on disk shows here.
        checks.append(
            stored.record.id == id
                ? .pass(.recordStoredBytes, "SHA-256 of the canonical bytes is \(id)")
                : .fail(
                    .recordStoredBytes,
                    "the bytes stored as \(id) hash to \(stored.record.id): they were changed after they were stored",
                    evidence: ["stored": id.rawValue, "hash": stored.record.id.rawValue]
                )
        )
        checks += try await recordChecks(stored.record)
        return report(subject: .init(record: .init(stored.record)), checks)
    }

    /// Verifies an uploaded document: a Credex record file, a W3C VC with an `eddsa-jcs-2022`
    /// proof, a VC-JWT, or another supported format, which carries no proof Credex can check.
    public func verify(document bytes: [UInt8]) async throws -> VerificationReport {
        try await DocumentVerification(verifier: self, bytes: bytes).run()
    }

    func report(subject: VerificationReport.Subject, _ checks: [Check]) -> VerificationReport {
        VerificationReport(
            subject: subject,
            checks: checks,
            verifiedAt: ClaimedTime(now).rawValue,
            trustList: trust.map {
                .init(federation: $0.federation, version: $0.version, contentID: $0.contentID.rawValue)
            }
        )
    }

    /// Every check of `record`, held or not, after its envelope has been read.
    func recordChecks(_ record: Record) async throws -> [Check] {
        let context = try await store.verificationContext(of: record)
        var checks = [signatureCheck(record), bodyCheck(record), chainCheck(record, context: context)]
        checks += try await trustChecks(record)
        checks += try await credentialChecks(record, context: context)
        return checks
    }

    func signatureCheck(_ record: Record) -> Check {
        let signatures = record.verifySignatures()
        let keys = record.signatures.map(\.keyID.rawValue).joined(separator: ", ")
        guard signatures.isValid else {
            return .fail(.recordSignature, signatures.problems.joined(separator: "; "), evidence: ["keys": keys])
        }
        return .pass(
            .recordSignature,
            "verified under the \(record.kind.signaturePurpose.label) purpose by \(keys)",
            evidence: ["keys": keys]
        )
    }

    func bodyCheck(_ record: Record) -> Check {
        if case .notUnderstood(let reason) = RecordBody(of: record) {
            return .unknown(.recordBody, "not understood (stored and relayed as is): \(reason)")
        }
        return .pass(.recordBody, "understood")
    }

    /// The chain link: `prev` must be the id of the held record at seq - 1.
    func chainCheck(_ record: Record, context: VerificationContext) -> Check {
        guard let prev = record.prev else {
            return record.seq == 1
                ? .pass(.recordChain, "the first record of \(record.issuer)'s log")
                : .fail(.recordChain, "#\(record.seq) names no previous record")
        }
        var evidence = ["prev": prev.rawValue]
        if let head = context.head { evidence["head"] = "\(head.seq):\(head.id.rawValue)" }
        guard let previous = context.previous?.record else {
            return .unknown(
                .recordChain,
                "prev \(prev) is not held: this node holds no record #\(record.seq - 1) of \(record.issuer)",
                evidence: evidence
            )
        }
        guard previous.id == prev else {
            evidence["held"] = previous.id.rawValue
            return .fail(
                .recordChain,
                "prev \(prev) is not the held record #\(record.seq - 1) (\(previous.id))",
                evidence: evidence
            )
        }
        return .pass(.recordChain, "prev is \(record.issuer) #\(record.seq - 1)", evidence: evidence)
    }
}
