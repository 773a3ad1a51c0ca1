import CredexCore
import CredexJSON

/// How Credex carries what OB 3.0 has no field for in `achievement.alignment` entries. Each entry
/// is a valid OB 3.0 `Alignment` whose `targetType` (an `ext:` extension value) says its kind:
///
/// - level: `targetType` `ext:CredexLevel`, `targetFramework` the framework id (`EQF`, `NFQ-IE`),
///   `targetCode` the level (`6`), `targetUrl` `https://schemas.credex.eu/ob3/level/<framework>/<level>`;
/// - credit: `targetType` `ext:CredexCredit`, `targetFramework` the credit system (`ECTS`),
///   `targetCode` the decimal value (`7.5`), `targetUrl` `https://schemas.credex.eu/ob3/credit/<system>`;
/// - outcome: `targetType` `ext:CredexOutcome`, `targetFramework` the outcome's framework if any,
///   `targetCode` `outcome-<n>`, `targetUrl` the outcome's URI, else `<achievement id>#outcome-<n>`.
///
/// `targetName` is human-readable (`EQF level 6`, `7.5 ECTS`, the outcome text). A decoder reads
/// only `targetType`, `targetFramework`, `targetCode` and, for outcomes, `targetUrl` and `targetName`.
/// The first credit is also written as `creditsAvailable` and the outcomes as the criteria
/// narrative, which any OB 3.0 reader understands.
public enum OpenBadgesAlignment {
    public static let levelType = "ext:CredexLevel"
    public static let creditType = "ext:CredexCredit"
    public static let outcomeType = "ext:CredexOutcome"
    static let base = "https://schemas.credex.eu/ob3/"

    static func entry(type: String, name: String, url: String, framework: String?, code: String) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": ["Alignment"], "targetType": .string(type), "targetName": .string(name),
            "targetUrl": .string(url), "targetCode": .string(code),
        ]
        if let framework { members["targetFramework"] = .string(framework) }
        return .object(members)
    }

    static func level(_ level: Level) -> JSONValue {
        entry(
            type: levelType,
            name: "\(level.framework) level \(level.level)",
            url: base + "level/\(escape(level.framework))/\(escape(level.level))",
            framework: level.framework,
            code: level.level
        )
    }

    static func credit(_ credit: Credit) -> JSONValue {
        entry(
            type: creditType,
            name: "\(credit.value) \(credit.system)",
            url: base + "credit/\(escape(credit.system))",
            framework: credit.system,
            code: credit.value.rawValue
        )
    }

    static func outcome(_ outcome: LearningOutcome, number: Int, text: String, achievementID: String) -> JSONValue {
        entry(
            type: outcomeType,
            name: text,
            url: outcome.uri ?? "\(achievementID)#outcome-\(number)",
            framework: outcome.framework,
            code: "outcome-\(number)"
        )
    }

    /// Percent-encodes everything but unreserved URI characters.
    static func escape(_ text: String) -> String {
        text.utf8.map { byte in
            let unreserved =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
                || (0x61...0x7A).contains(byte) || [0x2D, 0x2E, 0x5F, 0x7E].contains(byte)
            return unreserved ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true)
        }.joined()
    }

    /// The alignments of an achievement, sorted into Credex's kinds and foreign ones.
    struct Parsed {
        var levels: [Level] = []
        var credits: [Credit] = []
        /// Learning outcomes as canonical JSON (`text`, `framework`, `uri`).
        var outcomes: [JSONValue] = []
        var foreign: [String] = []
    }

    static func parse(_ achievement: OpenBadgesReader, language: String) throws -> Parsed {
        var parsed = Parsed()
        let achievementID = try achievement.string("id") ?? ""
        for alignment in try achievement.objects("alignment") {
            let type = try alignment.string("targetType")
            let code = try alignment.string("targetCode")
            let framework = try alignment.string("targetFramework")
            let name = try alignment.requiredString("targetName")
            let url = try alignment.requiredString("targetUrl")
            switch (type, code, framework) {
            case (levelType?, let code?, let framework?):
                parsed.levels.append(Level(framework: framework, level: code))
            case (creditType?, let code?, let system?):
                guard let value = try? DecimalString(validating: code) else {
                    throw alignment.wrongType("targetCode", "a decimal credit value such as 5 or 7.5")
                }
                parsed.credits.append(Credit(system: system, value: value))
            case (outcomeType?, let code?, _):
                var outcome: [String: JSONValue] = ["text": [language: .string(name)]]
                if let framework { outcome["framework"] = .string(framework) }
                if url != "\(achievementID)#\(code)" { outcome["uri"] = .string(url) }
                parsed.outcomes.append(.object(outcome))
            default:
                parsed.foreign.append(name)
            }
        }
        return parsed
    }
}
