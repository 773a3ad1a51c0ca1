import CredexCore
import CredexStore
import CredexTrust

/// Personal parts leave this node only to the nodes an award's learner authorised: the award's
/// first recipients and each later share. This is where a node decides to send one.
extension IssuingService {
    /// What queueing a delivery did.
    public struct Sharing: Sendable, Codable, Hashable {
        /// False when the part was delivered or queued to that node before.
        public var queued: Bool
        public var recipient: String
        /// The transfer warning for a recipient outside the EEA without an adequacy decision.
        public var warning: String?
    }

    /// Queues delivering `award`'s personal part to `recipient`, an active member. A recipient
    /// outside the EEA without an adequacy decision is refused unless `allowOutsideEEA`, and warned
    /// about either way.
    /// - Throws: `NodeError(.refused)` if this node did not issue the award, or the recipient may
    ///   not receive it; `StoreError(.notFound)` if the part is not held (never, or erased).
    public func share(
        award: RecordID,
        with recipient: NodeID,
        reason: PersonalMessage.Reason,
        allowOutsideEEA: Bool
    ) async throws -> Sharing {
        guard let stored = try await store.record(id: award), stored.record.kind == .award else {
            throw NodeError(.refused, "\(award) is not an award this node holds")
        }
        guard stored.record.issuer == configuration.nodeID else {
            throw NodeError(
                .refused,
                "award \(award) was issued by \(stored.record.issuer): only its issuer shares its personal part"
            )
        }
        let warning = try await checkRecipient(recipient, allowOutsideEEA: allowOutsideEEA)
        let queued = try await store.queueDelivery(award: award, to: recipient, reason: reason)
        return Sharing(queued: queued, recipient: recipient.rawValue, warning: warning)
    }

    /// Checks `recipient` may be sent personal data: an active member other than this node.
    /// Returns the transfer warning, if any.
    func checkRecipient(_ recipient: NodeID, allowOutsideEEA: Bool) async throws -> String? {
        guard recipient != configuration.nodeID else {
            throw NodeError(.refused, "\(recipient) is this node: it holds the part already")
        }
        let trust = try await TrustListArchive(
            store: store,
            federation: configuration.federation,
            pin: configuration.trustListPin
        ).current()
        guard let member = trust.members[recipient], member.isActive else {
            throw NodeError(
                .refused,
                "\(recipient) is not an active member in trust-list version \(trust.version): it may not receive personal data"
            )
        }
        let jurisdiction = member.entry.jurisdiction
        guard !jurisdiction.eea, !jurisdiction.adequacy else { return nil }
        let warning =
            "\(recipient) is in \(jurisdiction.country.rawValue), outside the EEA and without an EU adequacy decision: "
            + "sending personal data there needs appropriate safeguards (GDPR Art. 46) or the learner's explicit "
            + "consent to this transfer (Art. 49(1)(a))"
        guard allowOutsideEEA else {
            throw NodeError(.refused, warning + ". Confirm with --allow-outside-eea once that is in place")
        }
        return warning
    }

    /// Issues an award and queues its personal part for `recipients`, its first recipients, after
    /// checking every recipient first so a refused one leaves nothing issued.
    public func issueAward(
        _ input: AwardInput,
        spec: RecordID?,
        deliverTo recipients: [NodeID],
        allowOutsideEEA: Bool
    ) async throws -> (Record, [Sharing]) {
        var warnings: [NodeID: String] = [:]
        for recipient in Set(recipients) {
            warnings[recipient] = try await checkRecipient(recipient, allowOutsideEEA: allowOutsideEEA)
        }
        let record = try await issueAward(input, spec: spec)
        var sharings: [Sharing] = []
        for recipient in recipients where !sharings.contains(where: { $0.recipient == recipient.rawValue }) {
            let queued = try await store.queueDelivery(award: record.id, to: recipient, reason: .firstRecipient)
            sharings.append(Sharing(queued: queued, recipient: recipient.rawValue, warning: warnings[recipient]))
        }
        return (record, sharings)
    }

    /// The signed grant or notice an outbox entry sends, signed now with this node's key.
    nonisolated func message(for entry: OutboxEntry) throws -> PersonalMessage {
        try PersonalMessage(
            entry.kind == .deliver ? .grant : .erasure,
            federation: configuration.federation,
            issuer: configuration.nodeID,
            recipient: entry.recipient,
            award: entry.award,
            commitment: entry.commitment,
            reason: entry.kind == .deliver ? entry.reason ?? .share : nil,
            key: key
        )
    }
}
