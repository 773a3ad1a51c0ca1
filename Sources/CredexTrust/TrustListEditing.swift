import CredexCore
import Foundation

/// The changes admins propose to members, one per new version: each returns the edited content
/// of list version `version` (the one being made), or refuses with `TrustError(.malformed)` naming
/// the member and the rule. The content is never changed in place.
///
/// ```swift
/// let next = try current.content.suspending(node, validThrough: position, version: current.version + 1)
/// ```
extension TrustListContent {
    /// Admits the node of `request`, a verified join request for `federation`, with the facts the
    /// admins `attested` (names from `Institution`, each stated by every institution) and its scope.
    public func admitting(
        _ request: JoinRequest,
        federation: String,
        version: Int64,
        attested: [String] = [],
        accreditation: Accreditation? = nil
    ) throws -> TrustListContent {
        let statement = request.statement
        guard statement.federation == federation else {
            throw Self.refuse(
                "the join request of \(statement.nodeId) is for \(statement.federation), not \(federation)"
            )
        }
        guard member(statement.nodeId) == nil else {
            throw Self.refuse("\(statement.nodeId) is already a member")
        }
        if let holder = members.first(where: { $0.signingKeys.contains { $0.keyId == statement.signingKey } }) {
            throw Self.refuse("signing key \(statement.signingKey) is already \(holder.nodeId)'s")
        }
        guard !admins.contains(where: { $0.keyId == statement.signingKey }) else {
            throw Self.refuse("signing key \(statement.signingKey) is an admin key: admin keys are never node keys")
        }
        if let holder = members.first(where: { $0.tlsKeys.contains { $0.pin == statement.tlsPin } }) {
            throw Self.refuse("TLS pin \(statement.tlsPin) is already \(holder.nodeId)'s")
        }
        for fact in attested {
            guard Self.facts.contains(fact) else { throw Self.refuse("\(fact) is not a fact: \(Self.facts.sorted())") }
            guard statement.institutions.allSatisfy({ $0.states(fact) }) else {
                throw Self.refuse("\(fact) cannot be attested: the join request does not state it")
            }
        }
        if let levels = accreditation?.eqfLevels, !levels.allSatisfy((1...8).contains) {
            throw Self.refuse("EQF levels run from 1 to 8")
        }
        var entry = request.member(version: version)
        for index in entry.institutions.indices { entry.institutions[index].attested = attested }
        entry.accreditation = accreditation
        var next = self
        next.members.append(entry)
        return next
    }

    /// Suspends an active member; its records through `validThrough` stay valid.
    public func suspending(
        _ node: NodeID,
        validThrough: LogPosition,
        version: Int64,
        reason: String? = nil
    ) throws -> TrustListContent {
        try recording("suspended", for: node, from: ["admitted", "reinstated"], validThrough, version, reason)
    }

    /// Withdraws an active or suspended member; its records through `validThrough` stay valid.
    public func withdrawing(
        _ node: NodeID,
        validThrough: LogPosition,
        version: Int64,
        reason: String? = nil
    ) throws -> TrustListContent {
        try recording(
            "withdrawn",
            for: node,
            from: ["admitted", "reinstated", "suspended"],
            validThrough,
            version,
            reason
        )
    }

    /// Makes a suspended or withdrawn member active again.
    public func reinstating(_ node: NodeID, version: Int64, reason: String? = nil) throws -> TrustListContent {
        try recording("reinstated", for: node, from: ["suspended", "withdrawn"], nil, version, reason)
    }

    /// Ends `old`, a current key of `node`, at `through` and makes `new` its key from the next seq.
    public func rotatingKey(
        of node: NodeID,
        old: KeyID,
        through: LogPosition,
        new: KeyID
    ) throws -> TrustListContent {
        try editing(node) { member in
            guard let index = member.signingKeys.firstIndex(where: { $0.keyId == old && $0.through == nil }) else {
                throw Self.refuse("\(old) is not a current signing key of \(node)")
            }
            guard through.seq >= member.signingKeys[index].fromSeq else {
                throw Self.refuse(
                    "\(old) signs \(node)'s log from seq \(member.signingKeys[index].fromSeq), not through \(through.seq)"
                )
            }
            guard !members.contains(where: { $0.signingKeys.contains { $0.keyId == new } }),
                !admins.contains(where: { $0.keyId == new })
            else { throw Self.refuse("\(new) is already in the trust list: a new key must be new") }
            member.signingKeys[index].through = through
            member.signingKeys.append(.init(keyId: new, fromSeq: through.seq + 1))
        }
    }

    /// Adds a TLS pin (`sha256/…`) to `node`, current from `version`: the first half of a rollover.
    public func addingTLSPin(_ pin: String, to node: NodeID, version: Int64) throws -> TrustListContent {
        guard pin.hasPrefix("sha256/"), let hash = Data(base64Encoded: String(pin.dropFirst(7))), hash.count == 32
        else {
            throw Self.refuse("\(pin) is not a TLS pin (sha256/ and the base64 of 32 bytes)")
        }
        if let holder = members.first(where: { $0.tlsKeys.contains { $0.pin == pin } }) {
            throw Self.refuse("TLS pin \(pin) is already \(holder.nodeId)'s")
        }
        return try editing(node) { $0.tlsKeys.append(.init(pin: pin, fromVersion: version)) }
    }

    /// Retires a current TLS pin of `node`: it is current through the version before `version`.
    /// A member keeps at least one current pin (add the new one first).
    public func retiringTLSPin(_ pin: String, of node: NodeID, version: Int64) throws -> TrustListContent {
        try editing(node) { member in
            let current = member.tlsKeys.indices.filter { member.tlsKeys[$0].throughVersion == nil }
            guard let index = current.first(where: { member.tlsKeys[$0].pin == pin }) else {
                throw Self.refuse("\(pin) is not a current TLS pin of \(node)")
            }
            guard current.count > 1 else {
                throw Self.refuse("\(pin) is \(node)'s last current TLS pin: add its new pin first")
            }
            member.tlsKeys[index].throughVersion = version - 1
        }
    }

    /// The member with node id `node`, if listed.
    public func member(_ node: NodeID) -> Member? { members.first { $0.nodeId == node } }

    static func refuse(_ reason: String) -> TrustError { TrustError(.malformed, reason) }

    /// Appends a status entry to `node`, whose latest status must be one of `allowed`.
    private func recording(
        _ status: String,
        for node: NodeID,
        from allowed: Set<String>,
        _ validThrough: LogPosition?,
        _ version: Int64,
        _ reason: String?
    ) throws -> TrustListContent {
        try editing(node) { member in
            let latest = member.status.last?.status ?? "none"
            guard allowed.contains(latest) else {
                throw Self.refuse(
                    "\(node) is \(latest == "reinstated" || latest == "admitted" ? "active" : latest): it cannot be \(status)"
                )
            }
            member.status.append(.init(status: status, version: version, validThrough: validThrough, reason: reason))
        }
    }

    private func editing(_ node: NodeID, _ change: (inout Member) throws -> Void) throws -> TrustListContent {
        guard let index = members.firstIndex(where: { $0.nodeId == node }) else {
            throw Self.refuse("\(node) is not a member")
        }
        var next = self
        try change(&next.members[index])
        return next
    }
}

extension TrustListContent.Institution {
    /// Whether the institution states `fact` (a field name of `TrustListContent.facts`).
    func states(_ fact: String) -> Bool {
        switch fact {
        case "legalName", "country": return true
        case "schacDomain": return schacDomain != nil
        case "erasmusCode": return erasmusCode != nil
        case "pic": return pic != nil
        case "deqarId": return deqarId != nil
        case "qaAgency": return qaAgency != nil
        default: return false
        }
    }
}
