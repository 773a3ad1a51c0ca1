import CredexCore
import CredexNode
import CredexStore
import CredexTrust

/// `credex verify ID`'s trust checks, all answered by the trust list in force (`FederationTrust`):
/// the issuer's standing, its key's range and its cut-off refuse; accreditation and staleness flag.
extension VerifyCommand {
    func trustChecks(_ record: Record, store: SQLiteRecordStore, access: NodeAccess) async throws -> [Check] {
        let archive = TrustListArchive(
            store: store,
            federation: access.configuration.federation,
            pin: access.configuration.trustListPin
        )
        guard let trust = try? await archive.current() else {
            return [
                Check(
                    name: "issuer trust",
                    passed: true,
                    detail: "not checked: this node holds no trust list (credex trust import)"
                )
            ]
        }
        var checks = [
            Check(
                name: "trust list",
                passed: true,
                detail: "version \(trust.version) of \(trust.federation)"
                    + (trust.isStale(now: .now) ? ", STALE: past its next update \(trust.content.nextUpdate)" : "")
            )
        ]
        guard let member = trust.members[record.issuer] else {
            checks.append(Check(name: "issuer trust", passed: false, detail: "\(record.issuer) is not a member"))
            return checks
        }
        let chain = try await Self.chain(of: record.issuer, through: record.seq, trust: trust, store: store)
        if let keyID = record.keyID {
            let verdict = trust.signingKeyVerdict(
                keyID,
                issuer: record.issuer,
                seq: record.seq,
                id: record.id,
                chain: chain
            )
            checks.append(Self.check("signing key range", verdict, valid: "\(keyID) may sign #\(record.seq)"))
        }
        let cutoff = trust.cutoffVerdict(issuer: record.issuer, seq: record.seq, id: record.id, chain: chain)
        checks.append(Self.check("issuer standing", cutoff, valid: "\(member.standingDescription) member"))
        if case .spec(let spec) = RecordBody(of: record) {
            let level = spec.levels?.first { $0.framework == "EQF" }.flatMap { Int($0.level) }
            let flag = trust.accreditationFlag(
                issuer: record.issuer,
                credentialType: spec.credentialType,
                eqfLevel: level
            )
            checks.append(
                Check(
                    name: "accreditation",
                    passed: true,
                    detail: flag.map { "FLAG: \($0)" } ?? "within the accredited scope"
                )
            )
        }
        return checks
    }

    /// The issuer's held log as a lookup, up to the furthest position the trust list names for it.
    private static func chain(
        of issuer: NodeID,
        through seq: Int64,
        trust: FederationTrust,
        store: SQLiteRecordStore
    ) async throws -> FederationTrust.ChainLookup {
        let entry = trust.members[issuer]?.entry
        let positions =
            (entry?.signingKeys.compactMap(\.through) ?? []) + (entry?.status.compactMap(\.validThrough) ?? [])
        let last = positions.map(\.seq).reduce(seq, max)
        let held = try await store.log(issuer: issuer, afterSeq: 0, limit: Int(last))
        let ids = Dictionary(held.map { ($0.record.seq, $0.record.id) }, uniquingKeysWith: { first, _ in first })
        return { end, seq in ids[end.seq] == end.id ? ids[seq] : nil }
    }

    private static func check(_ name: String, _ verdict: FederationTrust.Verdict, valid: String) -> Check {
        switch verdict {
        case .valid: return Check(name: name, passed: true, detail: valid)
        case .invalid(let error): return Check(name: name, passed: false, detail: error.reason)
        case .undetermined(let why): return Check(name: name, passed: true, detail: "undetermined: \(why)")
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
