import CredexCore
import CredexJSON

/// The European Learning Model (ELM 3) as European Digital Credentials carry it: JSON-LD on the
/// VC data model 1.1, with the EDC application-profile context. A credential's first claim and
/// its specification (`Qualification` or `LearningAchievementSpecification`) become the canonical
/// spec; the learner, the award and the seal stay behind and the report says so.
public enum ELM {
    public static let format = "elm"
    static let contexts = ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"]

    /// A decoded ELM credential: the canonical spec and what did not map exactly.
    public struct Decoded: Sendable {
        public let spec: CredentialSpec
        public let report: MappingReport
    }

    /// Whether `value` is an ELM document: typed `VerifiableCredential` and
    /// `EuropeanDigitalCredential`, or under an ELM context.
    public static func detect(_ value: JSONValue) -> Bool {
        if let credential = value["credential"], credential.objectValue != nil { return detect(credential) }
        let types = Set(ELMNode.strings(value["type"]))
        if types.isSuperset(of: ["VerifiableCredential", "EuropeanDigitalCredential"]) { return true }
        return ELMNode.strings(value["@context"]).contains { $0.hasPrefix("http://data.europa.eu/snb/model/context/") }
    }

    /// Decodes the first claim of the credential in `value` (or in its `credential` wrapper, the
    /// EDC upload form). National levels are read through `crosswalks` (the bundled data if nil).
    /// - Throws: `CredexError` if the credential has no subject or claim, or is not a valid spec.
    public static func decode(_ value: JSONValue, crosswalks: Crosswalks? = nil) throws -> Decoded {
        let credential = value["credential"].flatMap { $0.objectValue == nil ? nil : $0 } ?? value
        guard credential.objectValue != nil else {
            throw CredexError(.malformed, "an ELM credential is a JSON object")
        }
        guard let subject = credential["credentialSubject"] else {
            throw CredexError(
                .missingField,
                "the ELM credential has no credentialSubject",
                pointer: .init(["credentialSubject"])
            )
        }
        guard let claim = ELMNode.list(subject["hasClaim"]).first(where: { $0.objectValue != nil }) else {
            throw CredexError(
                .missingField,
                "the ELM credentialSubject has no claim (hasClaim with a LearningAchievement)",
                pointer: .init(["credentialSubject", "hasClaim"])
            )
        }
        var report = MappingReport(format: format)
        let decoding = ELMDecoding(
            credential: credential,
            claim: claim,
            crosswalks: try crosswalks ?? Crosswalks.load()
        )
        let json = try decoding.canonical(report: &report)
        return Decoded(spec: try CredentialSpec.adapted(from: json, source: "ELM"), report: report)
    }
}

/// Reading helpers for ELM JSON-LD, where any property may be one value or an array.
enum ELMNode {
    static let eqf = "http://data.europa.eu/snb/eqf/"
    static let ects = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
    /// The stackability texts `isPartialQualification` becomes, and is read back from.
    static let partial = "A partial qualification."
    static let notPartial = "Not a partial qualification."
    /// The local concepts a spec's `credentialType` becomes, and is read back from.
    static let credentialType = "urn:credex:credential-type:"
    /// The text of the note that carries a spec's identity verification concept.
    static let verificationNote = "Supervision and identity verification of the assessment"
    static let countryAuthority = ELM.authority + "country/"
    static let languageAuthority = ELM.authority + "language/"

    /// Learning-assessment mode concepts (`mode`) and the canonical form of participation.
    static let modes: [String: Participation.Mode] = [
        "http://data.europa.eu/snb/learning-assessment/920fbb3cbe": .online,
        "http://data.europa.eu/snb/learning-assessment/9191af2ed9": .onsite,
        "http://data.europa.eu/snb/learning-assessment/e92d221e4d": .blended,
    ]

    /// Supervision-verification concepts Credex reads exactly.
    static let verifications: [String: (IdentityVerification.Supervision, IdentityVerification.IdentityCheck?)] = [
        "http://data.europa.eu/snb/supervision-verification/c598449d64": (
            .unsupervised, IdentityVerification.IdentityCheck.none
        ),
        "http://data.europa.eu/snb/supervision-verification/70be69aaf9": (.supervised, nil),
    ]

    /// ISO 3166-1 alpha-3 codes of the EU country authority and alpha-2: EU, EEA and neighbours, and
    /// the other countries whose frameworks or providers Credex meets.
    static let countries: [String: String] = [
        "AUT": "AT", "BEL": "BE", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ", "DNK": "DK", "EST": "EE",
        "FIN": "FI", "FRA": "FR", "DEU": "DE", "GRC": "GR", "HUN": "HU", "IRL": "IE", "ITA": "IT", "LVA": "LV",
        "LTU": "LT", "LUX": "LU", "MLT": "MT", "NLD": "NL", "POL": "PL", "PRT": "PT", "ROU": "RO", "SVK": "SK",
        "SVN": "SI", "ESP": "ES", "SWE": "SE", "ISL": "IS", "LIE": "LI", "NOR": "NO", "CHE": "CH", "GBR": "GB",
        "TUR": "TR", "SRB": "RS", "MKD": "MK", "ALB": "AL", "MNE": "ME", "BIH": "BA", "UKR": "UA", "MDA": "MD",
        "USA": "US", "CAN": "CA", "AUS": "AU", "NZL": "NZ", "IND": "IN", "ZAF": "ZA", "SGP": "SG", "MYS": "MY",
        "JPN": "JP", "KOR": "KR", "CHN": "CN", "HKG": "HK", "BRA": "BR", "MEX": "MX", "CHL": "CL", "ARG": "AR",
    ]

    /// ISO 639-2 codes of the EU language authority and the BCP 47 tag.
    static let languages: [String: String] = [
        "ENG": "en", "FRA": "fr", "DEU": "de", "SPA": "es", "ITA": "it", "POR": "pt", "NLD": "nl", "POL": "pl",
        "SWE": "sv", "FIN": "fi", "DAN": "da", "ELL": "el", "CES": "cs", "SLK": "sk", "SLV": "sl", "HUN": "hu",
        "RON": "ro", "BUL": "bg", "HRV": "hr", "EST": "et", "LAV": "lv", "LIT": "lt", "MLT": "mt", "GLE": "ga",
    ]

    /// One value or an array, as a list.
    static func list(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        return value.arrayValue ?? [value]
    }

    static func strings(_ value: JSONValue?) -> [String] { list(value).compactMap(\.stringValue) }

    /// The last path segment of a node's `id`: `IRL` of `.../country/IRL`.
    static func code(_ node: JSONValue?) -> String? {
        list(node).first?["id"]?.stringValue?.split(separator: "/").last.map(String.init)
    }
}
