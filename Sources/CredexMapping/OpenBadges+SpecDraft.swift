import CredexCore
import CredexJSON

extension OpenBadges {
    /// The canonical spec JSON built from an OB 3.0 achievement, before `JSONValueDecoder` checks it.
    /// Every Annex I element OB 3.0 lacks is written as "not stated" and reported as unknown.
    struct SpecDraft {
        /// The credit system of a bare `creditsAvailable`, which OB 3.0 leaves unstated.
        static let unstatedCreditSystem = "not-stated"
        /// BCP 47 "undetermined", for text whose language the achievement does not state.
        static let undeterminedLanguage = "und"

        var members: [String: JSONValue] = ["type": .string(CredentialSpec.bodyType)]
        let language: String

        init(achievement: OpenBadgesReader, report: inout MappingReport) throws {
            let stated = try achievement.string("inLanguage")
            if let stated, (try? LanguageMap([stated: "-"])) != nil {
                language = stated
                members["languages"] = [.string(stated)]
            } else {
                language = Self.undeterminedLanguage
                report.add(
                    .init(field: "languages", outcome: .unknown, detail: "no inLanguage; texts are tagged und")
                )
            }
            let name = try achievement.requiredString("name")
            members["title"] = [language: .string(name)]
            // A description equal to the name is the one `encode` writes for a spec without one.
            if let description = try achievement.string("description"), description != name {
                members["description"] = [language: .string(description)]
            }
            if let type = try achievement.string("achievementType") {
                members["credentialType"] = .string(OpenBadges.credentialType(fromAchievementType: type))
            }
            if let id = try achievement.string("id"), id.hasPrefix("https://") || id.hasPrefix("http://") {
                members["url"] = .string(id)
            }
            let identifiers = try OpenBadges.identifiers(achievement)
            if !identifiers.isEmpty { members["identifiers"] = .array(identifiers) }
            let alignments = try OpenBadgesAlignment.parse(achievement, language: language)
            try readOutcomes(achievement, alignments, report: &report)
            try readWorkload(achievement, alignments, report: &report)
            readUnstated(alignments, report: &report)
        }

        /// Learning outcomes from Credex outcome alignments, else the criteria narrative, else the criteria URL.
        mutating func readOutcomes(
            _ achievement: OpenBadgesReader,
            _ alignments: OpenBadgesAlignment.Parsed,
            report: inout MappingReport
        ) throws {
            if !alignments.outcomes.isEmpty {
                members["learningOutcomes"] = .array(alignments.outcomes)
                return
            }
            guard let criteria = try achievement.object("criteria") else {
                throw CredexError(
                    .missingField,
                    "missing member \"criteria\"",
                    pointer: JSONPointer(achievement.pointer + ["criteria"])
                )
            }
            if let narrative = try criteria.string("narrative"), !narrative.isEmpty {
                members["learningOutcomes"] = [["text": [language: .string(narrative)]]]
                report.add(
                    .init(
                        field: "learningOutcomes",
                        outcome: .converted,
                        detail: "the criteria narrative, as one outcome"
                    )
                )
            } else if let id = try criteria.string("id") {
                members["learningOutcomes"] = [["text": [language: .string("Criteria: \(id)")], "uri": .string(id)]]
                report.add(.init(field: "learningOutcomes", outcome: .unknown, detail: "only a criteria URL is given"))
            } else {
                throw criteria.wrongType("narrative", "a non-empty string when the criteria have no id")
            }
        }

        /// Credits from Credex credit alignments, else `creditsAvailable` with its system not stated.
        mutating func readWorkload(
            _ achievement: OpenBadgesReader,
            _ alignments: OpenBadgesAlignment.Parsed,
            report: inout MappingReport
        ) throws {
            var credits = alignments.credits.map { credit -> JSONValue in
                ["system": .string(credit.system), "value": .string(credit.value.rawValue)]
            }
            if let available = try achievement.decimal("creditsAvailable"), credits.isEmpty {
                credits = [["system": .string(Self.unstatedCreditSystem), "value": .string(available.rawValue)]]
                report.add(
                    .init(
                        field: "workload.credits",
                        outcome: .unknown,
                        detail: "creditsAvailable states no credit system"
                    )
                )
            }
            if credits.isEmpty {
                members["workload"] = ["note": ["en": "The Open Badges 3.0 source states no workload."]]
                report.add(.init(field: "workload", outcome: .unknown, detail: "no credits and no hours"))
            } else {
                members["workload"] = ["credits": .array(credits)]
            }
            report.add(.init(field: "workload.hours", outcome: .unknown, detail: "OB 3.0 has no notional hours"))
        }

        /// Levels from Credex level alignments; the Annex I elements OB 3.0 has no field for.
        mutating func readUnstated(_ alignments: OpenBadgesAlignment.Parsed, report: inout MappingReport) {
            if alignments.levels.isEmpty {
                report.add(.init(field: "levels", outcome: .unknown, detail: "no qualifications-framework level"))
            } else {
                members["levels"] = .array(
                    alignments.levels.map { ["framework": .string($0.framework), "level": .string($0.level)] }
                )
            }
            members["assessment"] = ["type": "not-stated"]
            members["participation"] = ["mode": "not-stated"]
            members["qualityAssurance"] = ["type": "none-stated"]
            for field in ["assessment", "participation", "qualityAssurance"] {
                report.add(.init(field: field, outcome: .unknown, detail: "OB 3.0 has no field for it"))
            }
            for name in alignments.foreign {
                report.add(
                    .init(field: "alignment", outcome: .lost, detail: "alignment \"\(name)\" has no canonical field")
                )
            }
        }
    }

    /// OB 3.0 achievement types for Credex credential types; others travel as `ext:` values.
    static let achievementTypes: [String: String] = [
        "micro-credential": "MicroCredential", "certificate": "Certificate", "badge": "Badge",
        "course-unit": "Course", "professional-certificate": "Certification", "micro-degree": "ext:MicroDegree",
    ]

    static func credentialType(fromAchievementType type: String) -> String {
        if let known = achievementTypes.first(where: { $0.value == type }) { return known.key }
        return type.hasPrefix("ext:") ? String(type.dropFirst(4)) : type
    }

    /// The OB 3.0 achievement type, or nil when the Credex type cannot be written as an `ext:` value.
    static func achievementType(fromCredentialType type: String) -> String? {
        if let known = achievementTypes[type] { return known }
        let allowed = type.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || [0x2D, 0x2E, 0x5F].contains(byte)
        }
        return allowed && !type.isEmpty ? "ext:" + type : nil
    }
}
