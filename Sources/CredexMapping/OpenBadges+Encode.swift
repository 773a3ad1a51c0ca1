import CredexCore
import CredexJSON

extension OpenBadges {
    /// An encoded credential and what it could not carry.
    public struct Encoded: Sendable, Hashable {
        public var credential: JSONValue
        public var report: MappingReport
    }

    static let contexts: JSONValue = [
        "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    /// Spec fields OB 3.0 has no place for, reported as lost when present.
    static let lostFields = [
        "assessment", "participation", "qualityAssurance", "prerequisites", "identityVerification", "gradingScheme",
        "isPartOf", "hasPart", "stackability", "furtherInformation", "approvedOn", "reviewDue", "provenance",
    ]
    /// Workload members OB 3.0 has no place for (credits go into `alignment`).
    static let lostWorkloadFields = ["hours", "duration", "creditRates", "weeklyRate", "note"]

    /// Writes `spec` (and, when given, one award of it) as an unsigned OB 3.0 `AchievementCredential`
    /// with the credential `id`. `validFrom` defaults to the award's issue date; `statusList` adds a
    /// revocation `BitstringStatusListEntry` so outside verifiers see revocations.
    /// Levels, credits and outcomes go into `alignment` entries (see `OpenBadgesAlignment`).
    ///
    /// The first awarding body is the credential's `issuer`, unless `issuer` is given (the node
    /// that signs the credential): then that is the issuer, and the awarding body the achievement's
    /// `creator`.
    public static func encode(
        _ spec: CredentialSpec,
        id: String,
        validFrom: String? = nil,
        award: AwardFacts? = nil,
        statusList: StatusListEntry? = nil,
        issuer: Issuer? = nil
    ) throws -> Encoded {
        try spec.validate()
        var report = MappingReport(format: reportFormat)
        let language = pickLanguage(spec)
        guard let validFrom = validFrom ?? award.flatMap({ timestamp($0.issuedOn) }) else {
            throw CredexError(.missingField, "validFrom is needed: give it, or an award with a full issue date")
        }
        var credential: [String: JSONValue] = [
            "@context": contexts, "id": .string(id), "type": ["VerifiableCredential", "AchievementCredential"],
            "name": .string(spec.title.text(preferring: language)), "validFrom": .string(validFrom),
        ]
        let body = profile(spec, language: language, report: &report)
        var achievement = try Self.achievement(spec, id: id, language: language, report: &report)
        if let issuer {
            credential["issuer"] = issuer.profile
            achievement["creator"] = body
        } else {
            credential["issuer"] = body
        }
        var subject: [String: JSONValue] = ["type": ["AchievementSubject"], "achievement": .object(achievement)]
        if let award { addAward(award, to: &credential, subject: &subject, report: &report) }
        credential["credentialSubject"] = .object(subject)
        if let statusList {
            credential["credentialStatus"] = [
                "id": .string("\(statusList.listCredential)#\(statusList.index)"), "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation", "statusListIndex": .string(String(statusList.index)),
                "statusListCredential": .string(statusList.listCredential),
            ]
        }
        let canonical = try JSONValueEncoder().encode(spec)
        for field in lostFields where canonical[field] != nil {
            report.add(.init(field: field, outcome: .lost, detail: "OB 3.0 has no field for it"))
        }
        for field in lostWorkloadFields where canonical["workload"]?[field] != nil {
            report.add(.init(field: "workload.\(field)", outcome: .lost, detail: "OB 3.0 has no field for it"))
        }
        return Encoded(credential: .object(credential), report: report)
    }

    static func achievement(
        _ spec: CredentialSpec,
        id: String,
        language: String,
        report: inout MappingReport
    ) throws -> [String: JSONValue] {
        let achievementID = spec.url ?? "\(id)#achievement"
        let texts = spec.learningOutcomes.map { $0.text.text(preferring: language) }
        var alignment = spec.learningOutcomes.enumerated().map { index, outcome in
            OpenBadgesAlignment.outcome(outcome, number: index + 1, text: texts[index], achievementID: achievementID)
        }
        alignment += (spec.levels ?? []).map(OpenBadgesAlignment.level)
        alignment += (spec.workload.credits ?? []).map(OpenBadgesAlignment.credit)
        let title = spec.title.text(preferring: language)
        var achievement: [String: JSONValue] = [
            "id": .string(achievementID), "type": ["Achievement"], "name": .string(title),
            "description": .string(spec.description?.text(preferring: language) ?? title),
            "criteria": ["narrative": .string(texts.joined(separator: "\n"))], "alignment": .array(alignment),
        ]
        if let first = spec.workload.credits?.first, let value = Double(first.value.rawValue) {
            achievement["creditsAvailable"] = .number(value)
        }
        if let type = spec.credentialType {
            if let achievementType = achievementType(fromCredentialType: type) {
                achievement["achievementType"] = .string(achievementType)
            } else {
                report.add(.init(field: "credentialType", outcome: .lost, detail: "not writable as an OB 3.0 type"))
            }
        }
        if isOBLanguageCode(language) { achievement["inLanguage"] = .string(language) }
        if let identifiers = spec.identifiers {
            achievement["otherIdentifier"] = .array(identifiers.map(identifierEntry))
        }
        let languages = Set([spec.title] + [spec.description].compactMap { $0 } + spec.learningOutcomes.map(\.text))
        if languages.contains(where: { $0.values.count > 1 }) {
            report.add(.init(field: "title", outcome: .lost, detail: "only the \(language) text of each field is kept"))
        }
        return achievement
    }

    static func addAward(
        _ award: AwardFacts,
        to credential: inout [String: JSONValue],
        subject: inout [String: JSONValue],
        report: inout MappingReport
    ) {
        if let issued = timestamp(award.issuedOn) { credential["awardedDate"] = .string(issued) }
        if let until = award.validUntil.flatMap(timestamp) { credential["validUntil"] = .string(until) }
        if let start = award.activityStart.flatMap(timestamp) { subject["activityStartDate"] = .string(start) }
        if let end = award.activityEnd.flatMap(timestamp) { subject["activityEndDate"] = .string(end) }
        if let earned = award.creditsEarned?.first, let value = Double(earned.value.rawValue) {
            subject["creditsEarned"] = .number(value)
            report.add(.init(field: "award.credits", outcome: .lost, detail: "creditsEarned carries no credit system"))
        }
        var identities: [JSONValue] = []
        for identifier in award.learner {
            if identifier.scheme == "subject-id" {
                subject["id"] = .string(identifier.value)
                continue
            }
            let hashed = identifier.value.hasPrefix("sha256$") || identifier.value.hasPrefix("md5$")
            identities.append([
                "type": "IdentityObject", "hashed": .bool(hashed), "identityHash": .string(identifier.value),
                "identityType": .string(
                    identityTypes.contains(identifier.scheme) ? identifier.scheme : "ext:" + identifier.scheme
                ),
            ])
        }
        if !identities.isEmpty { subject["identifier"] = .array(identities) }
    }

    static let identityTypes: Set<String> = [
        "name", "sourcedId", "systemId", "productId", "userName", "accountId", "emailAddress",
        "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId", "sisSourcedId",
        "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId", "ltiUserId", "identifier",
    ]

    /// Midnight UTC of a full date; nil for a month alone, which has no day to write.
    static func timestamp(_ date: CalendarDate) -> String? {
        date.rawValue.count == 10 ? date.rawValue + "T00:00:00Z" : nil
    }

    /// The spec's first language of instruction that the title has, else English, else the title's first tag.
    static func pickLanguage(_ spec: CredentialSpec) -> String {
        let tags = spec.title.values.keys
        return spec.languages?.first(where: tags.contains) ?? (tags.contains("en") ? "en" : tags.sorted()[0])
    }

    /// OB 3.0's `inLanguage` pattern: `^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`; `und` is left out.
    static func isOBLanguageCode(_ tag: String) -> Bool {
        var parts = tag.split(separator: "-", omittingEmptySubsequences: false)[...]
        guard tag != SpecDraft.undeterminedLanguage, let primary = parts.popFirst(), (2...4).contains(primary.count),
            primary.allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return false }
        if let script = parts.first, script.count == 4, script.first!.isUppercase,
            script.dropFirst().allSatisfy({ $0.isASCII && $0.isLowercase })
        {
            parts = parts.dropFirst()
        }
        guard let region = parts.popFirst() else { return true }
        let isRegion =
            (region.count == 2 && region.allSatisfy { $0.isASCII && $0.isUppercase })
            || (region.count == 3 && region.allSatisfy { $0.isASCII && $0.isNumber })
        return isRegion && parts.isEmpty
    }
}
