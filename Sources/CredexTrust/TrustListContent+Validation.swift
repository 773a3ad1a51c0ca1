import CredexCore
import CredexJSON

extension TrustListContent {
    static let transports: Set<String> = ["mtls", "httpsig"]
    static let roles: Set<String> = ["issuer", "recognition", "relay"]
    static let statuses: Set<String> = ["admitted", "suspended", "withdrawn", "reinstated"]
    static let facts: Set<String> = [
        "legalName", "country", "schacDomain", "erasmusCode", "pic", "deqarId", "qaAgency",
    ]

    /// Checks what decoding cannot, as the content of list version `version`, at the same JSON
    /// pointers as `Schemas/records/trustlist.schema.json`, plus what a schema cannot say (the
    /// threshold within the admins, each node, key and pin listed once, status versions not after
    /// this one).
    /// - Throws: `CredexError(.invalidField)` with the pointer of the member at fault.
    public func validate(version: Int64) throws {
        var check = Checker()
        check.that(type == Self.bodyType, ["type"], "body type \"\(type)\" is not \(Self.bodyType)")
        check.that(!name.isEmpty, ["name"], "the federation has a name")
        check.that(maxCheckpointAge >= 60, ["maxCheckpointAge"], "maxCheckpointAge is at least 60 seconds")
        check.that(!admins.isEmpty, ["admins"], "a list is governed by at least one admin")
        var adminKeys: Set<KeyID> = []
        for (index, admin) in admins.enumerated() {
            check.that(
                adminKeys.insert(admin.keyId).inserted,
                ["admins", "\(index)", "keyId"],
                "an admin key is listed twice"
            )
            check.that(!admin.name.isEmpty, ["admins", "\(index)", "name"], "an admin has a name")
        }
        check.that(
            (1...max(1, admins.count)).contains(threshold),
            ["threshold"],
            "the threshold is 1 to the number of admins (\(admins.count)), not \(threshold)"
        )
        var owners = Owners()
        for (index, member) in members.enumerated() {
            member.validate(at: ["members", "\(index)"], version: version, owners: &owners, check: &check)
        }
        for (index, resolution) in (forkResolutions ?? []).enumerated() {
            check.that(resolution.valid.seq >= 1, ["forkResolutions", "\(index)", "valid", "seq"], "seq starts at 1")
        }
        if let failure = check.failure { throw failure }
    }
}

/// Who holds each node id, signing key and TLS pin, so none is listed twice.
struct Owners {
    var nodes: Set<NodeID> = []
    var keys: [KeyID: NodeID] = [:]
    var pins: [String: NodeID] = [:]
}

/// Collects the first failed rule.
struct Checker {
    private(set) var failure: CredexError?

    mutating func that(_ condition: Bool, _ pointer: [String], _ reason: @autoclosure () -> String) {
        guard !condition, failure == nil else { return }
        failure = CredexError(.invalidField, reason(), pointer: JSONPointer(pointer))
    }
}

extension TrustListContent.Member {
    /// A pin is `sha256/` and the 44-character base64 of a SHA-256 digest.
    static func isPin(_ text: String) -> Bool {
        let digest = text.dropFirst(7)
        return text.hasPrefix("sha256/") && digest.count == 44 && digest.hasSuffix("=")
            && digest.dropLast().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }
    }

    func validate(at path: [String], version: Int64, owners: inout Owners, check: inout Checker) {
        check.that(owners.nodes.insert(nodeId).inserted, path + ["nodeId"], "member \(nodeId) is listed twice")
        for (index, institution) in institutions.enumerated() {
            let at = path + ["institutions", "\(index)"]
            check.that(!institution.legalName.isEmpty, at + ["legalName"], "an institution has a legal name")
            for (fact, name) in institution.attested.enumerated() {
                check.that(
                    TrustListContent.facts.contains(name),
                    at + ["attested", "\(fact)"],
                    "attested names a fact of the institution, not \(name)"
                )
            }
            check.that(
                Set(institution.attested).count == institution.attested.count,
                at + ["attested"],
                "a fact is attested once"
            )
        }
        check.that(!roles.isEmpty, path + ["roles"], "a member has a role")
        for (index, role) in roles.enumerated() {
            check.that(
                TrustListContent.roles.contains(role),
                path + ["roles", "\(index)"],
                "roles are issuer, recognition or relay"
            )
        }
        check.that(Set(roles).count == roles.count, path + ["roles"], "each role at most once")
        check.that(!signingKeys.isEmpty, path + ["signingKeys"], "a member has at least one signing key")
        for (index, key) in signingKeys.enumerated() {
            let at = path + ["signingKeys", "\(index)"]
            check.that(key.fromSeq >= 1, at + ["fromSeq"], "seq starts at 1")
            if let through = key.through {
                check.that(through.seq >= key.fromSeq, at + ["through", "seq"], "a key's range ends after it starts")
            }
            let owner = owners.keys.updateValue(nodeId, forKey: key.keyId)
            check.that(owner == nil, at + ["keyId"], "signing key \(key.keyId) is listed twice")
        }
        for (index, key) in tlsKeys.enumerated() {
            let at = path + ["tlsKeys", "\(index)"]
            check.that(Self.isPin(key.pin), at + ["pin"], "a pin is sha256/ + base64 of the SPKI digest")
            check.that(key.fromVersion >= 1, at + ["fromVersion"], "list versions start at 1")
            check.that(
                key.throughVersion.map { $0 >= key.fromVersion } ?? true,
                at + ["throughVersion"],
                "a pin's versions end after they start"
            )
            let owner = owners.pins.updateValue(nodeId, forKey: key.pin)
            check.that(owner == nil, at + ["pin"], "TLS pin \(key.pin) is listed twice")
        }
        check.that(
            (try? MemberEndpoint(endpoint)) != nil,
            path + ["endpoint"],
            "an endpoint is an https URL with a host and no query"
        )
        check.that(
            TrustListContent.transports.contains(transport),
            path + ["transport"],
            "transport is mtls or httpsig"
        )
        for (index, level) in (accreditation?.eqfLevels ?? []).enumerated() {
            check.that(
                (1...8).contains(level),
                path + ["accreditation", "eqfLevels", "\(index)"],
                "EQF has levels 1 to 8"
            )
        }
        check.that(!status.isEmpty, path + ["status"], "a member is listed from its admission on")
        for (index, entry) in status.enumerated() {
            let at = path + ["status", "\(index)"]
            check.that(
                TrustListContent.statuses.contains(entry.status),
                at + ["status"],
                "status is admitted, suspended, withdrawn or reinstated"
            )
            check.that(
                index > 0 || entry.status == "admitted",
                at + ["status"],
                "a member's history starts with its admission"
            )
            check.that(
                (1...version).contains(entry.version),
                at + ["version"],
                "status versions run from 1 to this version (\(version))"
            )
            check.that((entry.validThrough?.seq ?? 1) >= 1, at + ["validThrough", "seq"], "seq starts at 1")
        }
    }
}
