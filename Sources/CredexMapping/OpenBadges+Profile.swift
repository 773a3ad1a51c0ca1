import CredexCore
import CredexJSON

extension OpenBadges {
    /// The issuer of a credential when it is not the awarding body: the node that signs it.
    ///
    /// A verifier checks that the proof's verification method belongs to `issuer.id`, so a
    /// credential signed with a node's `did:key` names that DID here. The awarding body then
    /// travels as the achievement's `creator`, which `decode` reads back as the awarding body.
    ///
    ///     OpenBadges.Issuer(id: "did:key:z6Mk…", name: "did:web:credex.mu.ie")
    public struct Issuer: Sendable, Hashable {
        /// The issuer's URI, e.g. a `did:key` without its `#fragment`.
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }

        var profile: JSONValue { ["id": .string(id), "type": ["Profile"], "name": .string(name)] }
    }

    /// The first awarding body as an OB 3.0 Profile: its name in `language` (the others are
    /// reported lost), its country (when not `ZZ`) and region as an address, and its
    /// identifiers as `otherIdentifier` entries.
    static func profile(_ spec: CredentialSpec, language: String, report: inout MappingReport) -> JSONValue {
        let body = spec.awardingBodies[0]
        let names = body.name.values
        let kept = names[language] != nil ? language : names["en"] != nil ? "en" : names.keys.sorted()[0]
        var profile: [String: JSONValue] = [
            "id": .string(body.id), "type": ["Profile"], "name": .string(body.name.text(preferring: language)),
        ]
        var address: [String: JSONValue] = [:]
        if body.country.rawValue != "ZZ" { address["addressCountryCode"] = .string(body.country.rawValue) }
        if let region = body.region { address["addressRegion"] = .string(region) }
        if !address.isEmpty {
            address["type"] = ["Address"]
            profile["address"] = .object(address)
        }
        if let identifiers = body.identifiers, !identifiers.isEmpty {
            profile["otherIdentifier"] = .array(identifiers.map(identifierEntry))
        }
        let others = names.keys.filter { $0 != kept }.sorted()
        if !others.isEmpty {
            report.add(
                .init(
                    field: "awardingBodies.name",
                    outcome: .lost,
                    detail: "an OB 3.0 profile name has one language: \(kept) kept, "
                        + "\(others.joined(separator: ", ")) not"
                )
            )
        }
        if spec.awardingBodies.count > 1 {
            report.add(.init(field: "awardingBodies", outcome: .lost, detail: "OB 3.0 has one issuer; others dropped"))
        }
        return .object(profile)
    }

    /// An `IdentifierEntry`: a scheme that is an OB 3.0 identifier type is written as it is,
    /// any other with the `ext:` prefix the schema asks for.
    static func identifierEntry(_ identifier: Identifier) -> JSONValue {
        let type = identityTypes.contains(identifier.scheme) ? identifier.scheme : "ext:" + identifier.scheme
        return ["type": "IdentifierEntry", "identifier": .string(identifier.value), "identifierType": .string(type)]
    }

    /// The identifiers of `otherIdentifier` entries, with the `ext:` prefix taken off the scheme.
    static func identifiers(_ owner: OpenBadgesReader) throws -> [JSONValue] {
        try owner.objects("otherIdentifier").map { entry in
            let type = try entry.requiredString("identifierType")
            let scheme = type.hasPrefix("ext:") ? String(type.dropFirst(4)) : type
            return ["scheme": .string(scheme), "value": .string(try entry.requiredString("identifier"))]
        }
    }

    /// The awarding body: the achievement's `creator` when it is a Profile, else the credential's
    /// issuer. A creator and an issuer that differ (a node signing for an awarding body) are
    /// reported, as the issuer has no place in a spec.
    static func awardingBody(
        _ credential: OpenBadgesReader,
        achievement: OpenBadgesReader,
        language: String,
        report: inout MappingReport
    ) throws -> JSONValue {
        let issuerID: String?
        var profile: OpenBadgesReader?
        switch credential.members["issuer"] {
        case .string(let uri)?:
            issuerID = uri
        case .object(let members)?:
            let issuer = try OpenBadgesReader(.object(members), at: ["issuer"])
            issuerID = try issuer.requiredString("id")
            profile = issuer
        case nil:
            issuerID = nil
        default:
            throw credential.wrongType("issuer", "a URI or a Profile object")
        }
        guard let issuerID else {
            throw CredexError(.missingField, "missing member \"issuer\"", pointer: JSONPointer(["issuer"]))
        }
        var id = issuerID
        if let creator = try achievement.object("creator") {
            id = try creator.requiredString("id")
            profile = creator
            if id != issuerID {
                report.add(
                    .init(
                        field: "issuer",
                        outcome: .lost,
                        detail: "the issuer \(issuerID) is not the achievement's creator, read as the awarding body"
                    )
                )
            }
        }
        var body: [String: JSONValue] = ["id": .string(id), "country": "ZZ"]
        let name = try profile?.string("name")
        body["name"] = [language: .string(name ?? id)]
        if name == nil {
            report.add(
                .init(
                    field: "awardingBodies.name",
                    outcome: .unknown,
                    detail: "the issuer has no name; its id stands in"
                )
            )
        }
        let address = try profile?.object("address")
        if let code = try address?.string("addressCountryCode"), let country = try? CountryCode(validating: code) {
            body["country"] = .string(country.rawValue)
        } else {
            report.add(
                .init(
                    field: "awardingBodies.country",
                    outcome: .unknown,
                    detail: "the issuer states no ISO 3166-1 country; recorded as ZZ (unknown region)"
                )
            )
        }
        if let region = try address?.string("addressRegion") { body["region"] = .string(region) }
        if let profile {
            let identifiers = try Self.identifiers(profile)
            if !identifiers.isEmpty { body["identifiers"] = .array(identifiers) }
        }
        return .object(body)
    }
}
