import CredexCore
import Foundation

/// The changes admins propose to the list's governance, and the draft of the next version.
extension TrustListContent {
    /// Names `valid` as the valid record of member `issuer`'s log at its seq.
    public func resolvingFork(of issuer: NodeID, valid: LogPosition) throws -> TrustListContent {
        guard member(issuer) != nil else { throw Self.refuse("\(issuer) is not a member") }
        var resolutions = forkResolutions ?? []
        guard !resolutions.contains(where: { $0.issuer == issuer && $0.valid.seq == valid.seq }) else {
            throw Self.refuse("the fork of \(issuer) at seq \(valid.seq) is already resolved")
        }
        resolutions.append(.init(issuer: issuer, valid: valid))
        var next = self
        next.forkResolutions = resolutions
        return next
    }

    /// Adds an admin key, which must not be a member's signing key.
    public func addingAdmin(_ key: KeyID, name: String) throws -> TrustListContent {
        guard !name.isEmpty else { throw Self.refuse("admin \(key) needs a name") }
        guard !admins.contains(where: { $0.keyId == key }) else { throw Self.refuse("\(key) is already an admin") }
        if let holder = members.first(where: { $0.signingKeys.contains { $0.keyId == key } }) {
            throw Self.refuse("\(key) is a signing key of \(holder.nodeId): admin keys are never node keys")
        }
        var next = self
        next.admins.append(.init(keyId: key, name: name))
        return next
    }

    /// Removes an admin key; as many admins as the threshold must remain.
    public func removingAdmin(_ key: KeyID) throws -> TrustListContent {
        guard admins.contains(where: { $0.keyId == key }) else { throw Self.refuse("\(key) is not an admin") }
        guard admins.count - 1 >= threshold else {
            throw Self.refuse(
                "removing \(key) would leave \(admins.count - 1) admins for threshold \(threshold): lower it first"
            )
        }
        var next = self
        next.admins.removeAll { $0.keyId == key }
        return next
    }

    /// Sets how many admins must sign: 1 to the number of admins (the same number only renews the list).
    public func changingThreshold(to threshold: Int) throws -> TrustListContent {
        guard (1...admins.count).contains(threshold) else {
            throw Self.refuse("the threshold must be 1 to the number of admins (\(admins.count)), not \(threshold)")
        }
        var next = self
        next.threshold = threshold
        return next
    }

    /// The unsigned draft of the version after `previous` (nil: version 1 of `federation`) with this
    /// content, issued at `now` and due again at `nextUpdate`. The content is validated first.
    /// - Throws: `TrustError(.malformed)`, or `CredexError` if the envelope is not valid.
    public func draft(
        federation: String,
        after previous: TrustListVersion?,
        now: Date,
        nextUpdate: ClaimedTime
    ) throws -> RecordDraft {
        if let previous, previous.federation != federation {
            throw TrustError(
                .wrongFederation,
                "version \(previous.version) is of \(previous.federation), not \(federation)"
            )
        }
        let seq = (previous?.version ?? 0) + 1
        var content = self
        content.issuedAt = ClaimedTime(now)
        content.nextUpdate = nextUpdate
        do {
            try content.validate(version: seq)
        } catch {
            throw TrustError(.malformed, "version \(seq) would not be valid: \(error)")
        }
        let issuer: NodeID
        do {
            issuer = try NodeID(validating: federation)
        } catch {
            throw TrustError(.malformed, "the federation id \(federation) is not a URN or did:web id")
        }
        return try RecordDraft(
            federation: federation,
            kind: .trustList,
            issuer: issuer,
            keyID: nil,
            seq: seq,
            prev: previous?.contentID,
            claimedAt: ClaimedTime(now),
            body: try JSONValueEncoder().encode(content)
        )
    }
}
