import CredexCore
import CredexCrypto
import CredexJSON
import CredexMapping
import CredexStore
import CredexTrust

/// Which federation member a document's proof key belongs to: exports are signed with the
/// member's record-signing key, named as a `did:key`.
struct SignerIdentification {
    let check: Check
    let member: FederationTrust.Member?

    init(trust: FederationTrust?, methods: [String]) {
        let keys = methods.compactMap(DidKey.publicKey(fromVerificationMethod:)).map(KeyID.init)
        let evidence = ["verificationMethods": methods.joined(separator: " ")]
        guard let key = keys.first else {
            check = .unknown(.documentSigner, "the proof names no did:key Ed25519 key", evidence: evidence)
            member = nil
            return
        }
        guard let trust else {
            check = .unknown(.documentSigner, "no trust list to tell whose key \(key) is", evidence: evidence)
            member = nil
            return
        }
        let owner = trust.members.values.sorted { $0.nodeID.rawValue < $1.nodeID.rawValue }
            .first { $0.signingKeys.contains(key) }
        guard let owner else {
            check = .unknown(
                .documentSigner,
                "\(key) is not a signing key of any member of \(trust.federation)",
                evidence: evidence
            )
            member = nil
            return
        }
        check = .pass(
            .documentSigner,
            "signed with \(key), a signing key of \(owner.standingDescription) member \(owner.nodeID)",
            evidence: evidence.merging(["member": owner.nodeID.rawValue]) { first, _ in first }
        )
        member = owner
    }
}

/// The record a credential claims to be (its id `urn:credex:record:<id>`, as exports write it),
/// rendered again from what this node holds to compare with the document.
struct RecordRendition {
    static let prefix = "urn:credex:record:"

    let claimed: RecordID
    let held: Record?
    let signer: FederationTrust.Member?
    /// The award's spec, when the held record is an award.
    let spec: Record?

    static func claimedRecord(_ credential: JSONValue) -> RecordID? {
        guard let id = credential["id"]?.stringValue, id.hasPrefix(prefix) else { return nil }
        return try? RecordID(validating: String(id.dropFirst(prefix.count)))
    }

    init(store: any RecordStore, claimed: RecordID, signer: FederationTrust.Member?) async throws {
        self.claimed = claimed
        self.signer = signer
        held = try await store.record(id: claimed)?.record
        if let held, case .award(let award) = RecordBody(of: held) {
            spec = try await store.record(id: award.spec)?.record
        } else {
            spec = nil
        }
    }

    /// Whether the document, without its proof, is the held record's rendition.
    func compare(_ credential: JSONValue) -> Check {
        var evidence = ["record": claimed.rawValue]
        guard let held else {
            return .unknown(
                .documentRecord,
                "the document is record \(claimed), which this node does not hold",
                evidence: evidence
            )
        }
        evidence["issuer"] = held.issuer.rawValue
        if let signer, signer.nodeID != held.issuer {
            return .fail(
                .documentRecord,
                "signed with a key of \(signer.nodeID), but record \(claimed) was issued by \(held.issuer)",
                evidence: evidence
            )
        }
        let rendered: JSONValue
        do {
            rendered = try render(held, like: credential)
        } catch {
            return .unknown(
                .documentRecord,
                "record \(claimed) is held but cannot be rendered: \(error)",
                evidence: evidence
            )
        }
        var document = credential.objectValue ?? [:]
        document["proof"] = nil
        let expected = rendered.objectValue ?? [:]
        let differing = Set(document.keys).union(expected.keys).filter { document[$0] != expected[$0] }.sorted()
        guard differing.isEmpty else {
            evidence["differs"] = differing.joined(separator: " ")
            return .fail(
                .documentRecord,
                "the document differs from held record \(claimed) in: \(differing.joined(separator: ", "))",
                evidence: evidence
            )
        }
        return .pass(
            .documentRecord,
            "the document is held record \(claimed), \(held.kind) by \(held.issuer) #\(held.seq)",
            evidence: evidence
        )
    }

    /// The held record as its issuer's export renders it, with the document's issuer profile id and
    /// revocation list (which the record does not carry).
    private func render(_ record: Record, like credential: JSONValue) throws -> JSONValue {
        let issuer = OpenBadges.Issuer(
            id: credential["issuer"]?["id"]?.stringValue ?? "",
            name: record.issuer.rawValue
        )
        let id = Self.prefix + record.id.rawValue
        switch RecordBody(of: record) {
        case .spec(let spec):
            return try OpenBadges.encode(spec, id: id, validFrom: record.claimedAt.rawValue, issuer: issuer).credential
        case .award(let award):
            guard let specRecord = spec, case .spec(let spec) = RecordBody(of: specRecord) else {
                throw CredexError(.notHeld, "its spec \(award.spec) is not held")
            }
            let facts = OpenBadges.AwardFacts(
                issuedOn: award.issuedOn,
                validUntil: award.validUntil,
                creditsEarned: award.credits,
                learner: [
                    Identifier(
                        scheme: CredentialExport.commitmentIdentityType,
                        value: "sha256$" + award.learner.rawValue
                    )
                ]
            )
            let list = credential["credentialStatus"]?["statusListCredential"]?.stringValue
            return try OpenBadges.encode(
                spec,
                id: id,
                // A full issue date is the credential's validFrom; a month-only one is not a time.
                validFrom: award.issuedOn.rawValue.count == 10 ? nil : record.claimedAt.rawValue,
                award: facts,
                statusList: list.map { OpenBadges.StatusListEntry(listCredential: $0, index: Int(record.seq)) },
                issuer: issuer
            ).credential
        default:
            throw CredexError(.wrongKind, "a \(record.kind) record has no credential rendition")
        }
    }
}
