import CredexCore
import CredexCrypto
import CredexJSON
import CredexStore
import Foundation

/// Issues the node's own records: one at a time, each extending the node's log and written
/// durably before it is reported, so a seq is never used twice.
///
/// Holding the directory lock is the caller's proof that no other process issues for this node.
public actor IssuingService {
    public let store: SQLiteRecordStore
    public let configuration: NodeConfiguration
    let key: Ed25519PrivateKey
    private let lock: DirectoryLock
    private let now: @Sendable () -> Date
    /// One issue at a time: set while a call is inside, with the calls waiting for their turn.
    private var issuing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// What this node already attested, read from its log at the first attestation.
    var attested: AttestedIndex?

    public init(
        store: SQLiteRecordStore,
        key: Ed25519PrivateKey,
        configuration: NodeConfiguration,
        lock: DirectoryLock,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.key = key
        self.configuration = configuration
        self.lock = lock
        self.now = now
    }

    /// Signs and appends a record of `kind` with `body`; an award's personal part is stored with it.
    public func issue(kind: RecordKind, body: JSONValue, personalPart: PersonalPart? = nil) async throws -> Record {
        let records = try await issue([.record(kind: kind, body: body, personalPart: personalPart)])
        return records[0]
    }

    /// Signs `items` in order as consecutive records of this node's log and appends them in one
    /// durable transaction: all of them or, on any error, none.
    public func issue(_ items: [Issuance]) async throws -> [Record] {
        try await inTurn { try await issueNow(items) }
    }

    /// Runs `body` when no other call is inside one.
    ///
    /// Calls run one at a time even though the actor is re-entered at each `await`: two
    /// requests reading the same head would otherwise sign two records at one seq.
    func inTurn<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if issuing {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            issuing = true
        }
        // Hands the turn straight to the next caller, so it is never free in between.
        defer { if waiting.isEmpty { issuing = false } else { waiting.removeFirst().resume() } }
        return try await body()
    }

    func issueNow(_ items: [Issuance]) async throws -> [Record] {
        guard try await store.state(.headConfirmed) != "no" else {
            throw NodeError(
                .headUnconfirmed,
                "this node was restored from a backup and will not issue until its head is confirmed "
                    + "(by its peers, or by `credex confirm-head --force`)"
            )
        }
        let head = try await store.head(of: configuration.nodeID)
        var signed: [VerifiedRecord] = []
        var parts: [RecordID: PersonalPart] = [:]
        let claimedAt = ClaimedTime(now())
        for item in items {
            let (kind, body, personalPart) = try item.resolved(batch: signed.map(\.record))
            guard kind.isKnown, kind != .trustList else {
                throw NodeError(
                    .refused,
                    "a node issues issuer, spec, award, status, endorsement and checkpoint records"
                )
            }
            let parsed = try RecordBody.decode(kind: kind, body: body)
            try await checkReferences(parsed, personalPart: personalPart, batch: signed.map(\.record))
            let previous = signed.last.map { ($0.record.seq, $0.record.id) } ?? head.map { ($0.seq, $0.id) }
            let draft = try RecordDraft(
                federation: configuration.federation,
                kind: kind,
                issuer: configuration.nodeID,
                keyID: KeyID(key.publicKey),
                seq: (previous?.0 ?? 0) + 1,
                prev: previous?.1,
                claimedAt: claimedAt,
                body: body
            )
            let verified = try draft.signed(with: key).verified()
            if let personalPart { parts[verified.record.id] = personalPart }
            signed.append(verified)
        }
        guard !signed.isEmpty else { return [] }
        let outcome = try await store.append(AppendBatch(records: signed, personalParts: parts, durable: true))
        guard outcome.appended == signed.map(\.record.id) else {
            throw NodeError(
                .refused,
                "records #\(signed[0].record.seq)-\(signed.last!.record.seq) were not appended to this node's log"
            )
        }
        return signed.map(\.record)
    }

    /// Issues an award for `input`: a fresh salt, the personal part kept here, the commitment signed.
    public func issueAward(_ input: AwardInput, spec: RecordID?) async throws -> Record {
        guard let spec = spec ?? input.spec else {
            throw NodeError(.refused, "the award names no spec: add \"spec\" to the file or pass --spec ID")
        }
        return try await issue([.award(input, spec: .held(spec))])[0]
    }

    /// Records the operator's word that this node's head is its latest, after a restore.
    public func confirmHead(force: Bool) async throws -> String {
        guard force else {
            throw NodeError(
                .refused,
                "a running node confirms its head through its peers once they answer; --force confirms it on your word"
            )
        }
        return try await confirmHead(by: "--force")
    }

    /// Records that `peers` hold no record of this node's log beyond its head, after a restore.
    public func confirmHead(byPeers peers: [NodeID]) async throws -> String {
        try await confirmHead(by: "peers " + peers.map(\.rawValue).joined(separator: ", "))
    }

    private func confirmHead(by whom: String) async throws -> String {
        let head = try await store.head(of: configuration.nodeID)
        let line = "\(ClaimedTime(now())) head #\(head?.seq ?? 0) \(head?.id.rawValue ?? "-") confirmed by \(whom)"
        let earlier = try await store.state(.headConfirmationLog).map { $0 + "\n" } ?? ""
        try await store.setState(.headConfirmationLog, earlier + line)
        try await store.setState(.headConfirmed, nil)
        return line
    }

    /// Awards name a held spec; status records target this node's own records, with an action
    /// that fits the target; a personal part goes only with an award.
    /// `batch` holds the records signed before this one in the same transaction.
    private func checkReferences(_ body: RecordBody, personalPart: PersonalPart?, batch: [Record]) async throws {
        switch body {
        case .award(let award):
            if !batch.contains(where: { $0.id == award.spec && $0.kind == .spec }) {
                guard let spec = try await store.record(id: award.spec), spec.record.kind == .spec else {
                    throw NodeError(.refused, "the award names spec \(award.spec), which this node does not hold")
                }
                guard try await store.status(of: award.spec) != .withdrawn else {
                    throw NodeError(.refused, "spec \(award.spec) was withdrawn from offer; it is awarded no more")
                }
            }
            guard let personalPart, try personalPart.commitment() == award.learner else {
                throw NodeError(.refused, "an award is issued with the personal part its learner commitment covers")
            }
        case .status(let status):
            guard let target = try await store.record(id: status.target),
                target.record.issuer == configuration.nodeID
            else {
                throw NodeError(.refused, "status records target this node's own records; \(status.target) is not one")
            }
            let fits = status.action == .withdraw ? target.record.kind == .spec : target.record.kind == .award
            guard fits else {
                throw NodeError(.refused, "\(status.action.rawValue) does not apply to \(target.record.kind) records")
            }
            if try await store.status(of: status.target) == .revoked {
                throw NodeError(.refused, "\(status.target) is revoked, and revocation is final")
            }
        case .endorsement(let endorsement):
            guard let target = try await store.record(id: endorsement.target),
                [.spec, .award].contains(target.record.kind)
            else {
                throw NodeError(
                    .refused,
                    "an endorsement targets a held spec or award; \(endorsement.target) is not one"
                )
            }
            guard target.record.issuer == endorsement.targetIssuer, target.record.issuer != configuration.nodeID else {
                throw NodeError(
                    .refused,
                    "an endorsement names the target's issuer, another node (\(target.record.issuer))"
                )
            }
        default:
            break
        }
        if personalPart != nil, !body.isAward { throw NodeError(.refused, "only awards carry a personal part") }
    }

    /// A checkpoint body naming the head of every other log this node holds.
    public func checkpointBody() async throws -> JSONValue {
        let seen = try await store.heads().filter { $0.issuer != configuration.nodeID }
            .map { Checkpoint.Head(issuer: $0.issuer, seq: $0.seq, id: $0.id) }
        return try JSONValueEncoder().encode(Checkpoint(seen: seen))
    }

}
