import CredexCore
import CredexCrypto
import CredexJSON

extension OpenBadges {
    /// Reads one OB 3.0 achievement credential, as JSON or as a VC-JWT, and checks its own proof.
    ///
    /// Throws a `CredexError` for input that is not strict JSON, not an achievement credential,
    /// or has a member of the wrong type; a proof that does not verify is a `ProofResult`, not a throw.
    public static func decode(
        _ data: [UInt8],
        resolveKey: (String) -> Ed25519PublicKey? = DidKey.publicKey(fromVerificationMethod:)
    ) throws -> Decoded {
        try checkSize(data)
        if VCJWT.isCompact(data) {
            let isSpace = { (byte: UInt8) in [0x20, 0x09, 0x0A, 0x0D].contains(byte) }
            let token = String(
                decoding: data.drop(while: isSpace).reversed().drop(while: isSpace).reversed(),
                as: UTF8.self
            )
            let opened = try VCJWT.open(token, resolveKey: resolveKey)
            return try decode(credential: opened.credential, proof: opened.proof, sha256: SHA256.hex(data))
        }
        let json = try parse(data)
        guard isAchievementCredential(json) else {
            throw CredexError(.wrongKind, "the document is not an AchievementCredential or OpenBadgeCredential")
        }
        return try decode(credential: json, proof: checkProof(json, resolveKey: resolveKey), sha256: SHA256.hex(data))
    }

    /// Reads a CLR 2.0 credential: its own proof, and each achievement credential in its subject's
    /// `verifiableCredential` (JSON or VC-JWT), each with its own proof result.
    public static func decodeCLR(
        _ data: [UInt8],
        resolveKey: (String) -> Ed25519PublicKey? = DidKey.publicKey(fromVerificationMethod:)
    ) throws -> DecodedCLR {
        try checkSize(data)
        let json = try parse(data)
        guard isClrCredential(json) else { throw CredexError(.wrongKind, "the document is not a ClrCredential") }
        var credentials: [Decoded] = []
        for subject in try OpenBadgesReader(json, at: []).objects("credentialSubject") {
            for item in subject.list("verifiableCredential") {
                switch item.value {
                case .string(let token):
                    let opened = try VCJWT.open(token, resolveKey: resolveKey)
                    let hash = SHA256.hex(Array(token.utf8))
                    credentials.append(try decode(credential: opened.credential, proof: opened.proof, sha256: hash))
                case .object where isAchievementCredential(item.value):
                    let proof = checkProof(item.value, resolveKey: resolveKey)
                    let hash = SHA256.hex(JCS.canonicalBytes(item.value))
                    credentials.append(try decode(credential: item.value, proof: proof, sha256: hash))
                default:
                    throw CredexError(
                        .invalidField,
                        "expected an AchievementCredential or a VC-JWT",
                        pointer: JSONPointer(item.pointer)
                    )
                }
            }
        }
        return DecodedCLR(proof: checkProof(json, resolveKey: resolveKey), credentials: credentials)
    }

    static func checkSize(_ data: [UInt8]) throws {
        guard data.count <= maximumBytes else {
            throw CredexError(.tooLarge, "the document is larger than \(maximumBytes) bytes")
        }
    }

    /// Strict JSON in document mode; syntax errors become `malformed`.
    static func parse(_ data: some Collection<UInt8>) throws -> JSONValue {
        do {
            return try StrictJSON.parse(data, mode: .document)
        } catch let error as JSONError {
            throw CredexError(.malformed, "not strict JSON: \(error.reason)", pointer: error.pointer, cause: error)
        }
    }

    static func decode(credential json: JSONValue, proof: ProofResult, sha256: String) throws -> Decoded {
        let credential = try OpenBadgesReader(json, at: [])
        guard let subject = try credential.objects("credentialSubject").first else {
            throw CredexError(
                .missingField,
                "missing member \"credentialSubject\"",
                pointer: JSONPointer(["credentialSubject"])
            )
        }
        guard let achievement = try subject.object("achievement") else {
            throw CredexError(
                .missingField,
                "missing member \"achievement\"",
                pointer: JSONPointer(subject.pointer + ["achievement"])
            )
        }
        var report = MappingReport(format: reportFormat)
        var draft = try SpecDraft(achievement: achievement, report: &report)
        draft.members["awardingBodies"] = [
            try awardingBody(credential, achievement: achievement, language: draft.language, report: &report)
        ]
        draft.members["provenance"] = [
            "format": .string(provenanceFormat), "sha256": .string(sha256),
            "proof": .string(proof.provenanceStatus.rawValue),
        ]
        let spec = try JSONValueDecoder().decode(CredentialSpec.self, from: .object(draft.members))
        try spec.validate()
        let award = try awardFacts(credential, subject: subject, report: &report)
        return Decoded(spec: spec, award: award, report: report, proof: proof)
    }

    /// Issue date, validity, activity dates and earned credits; the learner's identifiers are personal data.
    static func awardFacts(
        _ credential: OpenBadgesReader,
        subject: OpenBadgesReader,
        report: inout MappingReport
    ) throws -> AwardFacts {
        guard let issued = try credential.date("awardedDate") ?? credential.date("validFrom") else {
            throw CredexError(.missingField, "missing member \"validFrom\"", pointer: JSONPointer(["validFrom"]))
        }
        var facts = AwardFacts(issuedOn: issued, validUntil: try credential.date("validUntil"))
        if let earned = try subject.decimal("creditsEarned") {
            facts.creditsEarned = [Credit(system: SpecDraft.unstatedCreditSystem, value: earned)]
            report.add(
                .init(field: "award.credits", outcome: .unknown, detail: "OB 3.0 creditsEarned has no credit system")
            )
        }
        if let id = try subject.string("id") { facts.learner.append(Identifier(scheme: "subject-id", value: id)) }
        for identity in try subject.objects("identifier") {
            let type = try identity.requiredString("identityType")
            let value = try identity.requiredString("identityHash")
            facts.learner.append(
                Identifier(scheme: type.hasPrefix("ext:") ? String(type.dropFirst(4)) : type, value: value)
            )
        }
        facts.activityStart = try subject.date("activityStartDate")
        facts.activityEnd = try subject.date("activityEndDate")
        if !subject.list("result").isEmpty {
            report.add(
                .init(field: "award.results", outcome: .lost, detail: "results are personal data and are not read")
            )
        }
        return facts
    }
}
