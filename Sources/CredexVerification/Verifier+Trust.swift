import CredexCore
import CredexTrust

/// The trust checks, all answered by the trust list in force (`FederationTrust`): the key's range
/// and the issuer's cut-off refuse, by log position; the list's staleness only flags.
extension Verifier {
    func trustChecks(_ record: Record) async throws -> [Check] {
        guard let trust else {
            return [.unknown(.trustList, "not checked: this node holds no trust list")]
        }
        let version = "version \(trust.version) of \(trust.federation)"
        var checks = [
            trust.isStale(now: now)
                ? Check.unknown(
                    .trustList,
                    "\(version) is stale: past its next update \(trust.content.nextUpdate)",
                    evidence: ["nextUpdate": trust.content.nextUpdate.rawValue]
                )
                : Check.pass(.trustList, version, evidence: ["nextUpdate": trust.content.nextUpdate.rawValue])
        ]
        guard let member = trust.members[record.issuer] else {
            checks.append(.fail(.trustStanding, "\(record.issuer) is not a member of \(trust.federation)"))
            return checks
        }
        let chain = try await chain(of: record.issuer, through: record.seq, trust: trust)
        if let keyID = record.keyID {
            let verdict = trust.signingKeyVerdict(
                keyID,
                issuer: record.issuer,
                seq: record.seq,
                id: record.id,
                chain: chain
            )
            let through = member.entry.signingKeys.first { $0.keyId == keyID }?.through
            checks.append(
                Self.check(
                    .trustSigningKey,
                    verdict,
                    valid: "\(keyID) may sign #\(record.seq)",
                    evidence: ["key": keyID.rawValue, "through": through.map { "\($0.seq):\($0.id.rawValue)" }]
                )
            )
        }
        let cutoff = trust.cutoffVerdict(issuer: record.issuer, seq: record.seq, id: record.id, chain: chain)
        checks.append(
            Self.check(.trustStanding, cutoff, valid: "\(member.standingDescription) member", evidence: [:])
        )
        return checks
    }

    /// The accreditation flag for a spec (also an award's spec) issued by `issuer`.
    func accreditationCheck(_ spec: CredentialSpec, issuer: NodeID) -> Check {
        guard let trust else { return .unknown(.trustAccreditation, "not checked: this node holds no trust list") }
        let level = spec.levels?.first { $0.framework == "EQF" }.flatMap { Int($0.level) }
        let flag = trust.accreditationFlag(issuer: issuer, credentialType: spec.credentialType, eqfLevel: level)
        let evidence = ["credentialType": spec.credentialType, "eqfLevel": level.map(String.init)].compactMapValues {
            $0
        }
        guard let flag else { return .pass(.trustAccreditation, "within the accredited scope", evidence: evidence) }
        return .unknown(.trustAccreditation, flag, evidence: evidence)
    }

    /// The issuer's held log as a lookup, up to the furthest position the trust list names for it.
    private func chain(
        of issuer: NodeID,
        through seq: Int64,
        trust: FederationTrust
    ) async throws -> FederationTrust.ChainLookup {
        let entry = trust.members[issuer]?.entry
        let positions =
            (entry?.signingKeys.compactMap(\.through) ?? []) + (entry?.status.compactMap(\.validThrough) ?? [])
        // The lookup asks for the record's own seq and the positions the trust list names, and
        // the log held is one chain: those few ids answer it, however long the log.
        var ids: [Int64: RecordID] = [:]
        for wanted in Set([seq] + positions.map(\.seq)) where wanted >= 1 {
            if let held = try await store.log(issuer: issuer, afterSeq: wanted - 1, limit: 1).first,
                held.record.seq == wanted
            {
                ids[wanted] = held.record.id
            }
        }
        let held = ids
        return { end, seq in held[end.seq] == end.id ? held[seq] : nil }
    }

    private static func check(
        _ id: Check.ID,
        _ verdict: FederationTrust.Verdict,
        valid: String,
        evidence: [String: String?]
    ) -> Check {
        let evidence = evidence.compactMapValues { $0 }
        switch verdict {
        case .valid: return .pass(id, valid, evidence: evidence)
        case .invalid(let error): return .fail(id, error.reason, evidence: evidence)
        case .undetermined(let why): return .unknown(id, "undetermined: \(why)", evidence: evidence)
        }
    }
}

extension FederationTrust.Member {
    var standingDescription: String {
        switch standing {
        case .active: return "an active"
        case .suspended: return "a suspended"
        case .withdrawn: return "a withdrawn"
        }
    }
}
