import CredexCore
import CredexJSON
import Foundation

/// What the EDC converted profile (`edc-converted`, with `edc-generic-full`) asks of a credential
/// beyond the spec: controlled-vocabulary concepts with their schemes, the credential profile, the
/// evidence type, the issuer's legal identifier and a display with a page image.
extension ELM {
    /// The EDC credential type "Converted" and the evidence type "Conversion", as the EC's issuer
    /// software names them (`ControlledListConcept`).
    static let convertedProfile = "http://data.europa.eu/snb/credential/c_7e400154"
    static let conversionEvidence = "http://data.europa.eu/snb/evidence-type/c_c4f849d7"
    static let svgFileType = authority + "file-type/SVG"
    static let base64Encoding = "http://data.europa.eu/snb/encoding/6146cde7dd"
    static let escoSkill = "http://data.europa.eu/esco/skill/"
    static let escoSkills = "http://data.europa.eu/esco/concept-scheme/skills"
    static let snb = "http://data.europa.eu/snb/"
    static let authority = "http://publications.europa.eu/resource/authority/"

    /// A SKOS concept with the scheme the profile's vocabulary restrictions check: an EU vocabulary
    /// (`.../snb/eqf/6` is in `.../snb/eqf/25831c2`), an EU authority table, or ESCO's skills.
    /// Local concepts (`urn:`) get no scheme; `label` is the `prefLabel`.
    static func concept(_ uri: String, label: JSONValue? = nil) -> JSONValue {
        var node: [String: JSONValue] = ["id": .string(uri), "type": "Concept"]
        node["prefLabel"] = label
        if let scheme = scheme(of: uri) { node["inScheme"] = ["id": .string(scheme), "type": "ConceptScheme"] }
        return .object(node)
    }

    static func scheme(of uri: String) -> String? {
        if uri.hasPrefix(escoSkill) { return escoSkills }
        guard uri.hasPrefix(snb) || uri.hasPrefix(authority), let slash = uri.lastIndex(of: "/") else { return nil }
        let table = String(uri[..<slash])
        return uri.hasPrefix(snb) ? table + "/25831c2" : table
    }

    /// The issuer's `eIDASIdentifier`, which the profile requires: the body's `eidas` identifier, or
    /// else its id, reported as a stand-in (the decoder ignores an eIDAS identifier equal to the id).
    static func legalIdentifier(
        _ body: AwardingBody,
        country: JSONValue,
        report: inout MappingReport
    ) -> JSONValue {
        let eidas = body.identifiers?.first { $0.scheme == "eidas" }?.value
        if eidas == nil {
            report.add(
                .init(
                    field: "awardingBodies.identifiers",
                    outcome: .unknown,
                    detail:
                        "no eIDAS legal identifier for \(body.id); the profile requires one, the body's id stands in"
                )
            )
        }
        return [
            "id": .string("\(body.id)#legal-identifier"), "type": "LegalIdentifier",
            "notation": .string(eidas ?? body.id), "spatial": country,
        ]
    }

    /// The display the profile requires: one page, an SVG showing the title and the awarding bodies
    /// in the first language of the title that the EU language table has (reported as a stand-in for
    /// the issuer's own design).
    static func display(_ spec: CredentialSpec, id: String, report: inout MappingReport) -> JSONValue {
        let preferred = (spec.languages ?? []) + ["en"] + spec.title.values.keys.sorted()
        let tag = preferred.first { spec.title.values[$0] != nil && code(language: $0) != nil }
        let title = tag.flatMap { spec.title.values[$0] } ?? spec.title.text()
        if tag == nil {
            report.add(
                .init(field: "title", outcome: .unknown, detail: "no title language in the EU table: shown as UND")
            )
        }
        let language = concept(ELMNode.languageAuthority + (tag.flatMap(code(language:)) ?? "UND"))
        let bodies = spec.awardingBodies.map { $0.name.values[tag ?? ""] ?? $0.name.text() }
        report.add(
            .init(
                field: "display",
                outcome: .estimated,
                detail: "the profile requires a page image: an SVG of the title and awarding bodies stands in"
            )
        )
        let image: JSONValue = [
            "id": .string("\(id)#display-image"), "type": "MediaObject",
            "content": .string(Data(svg(title: title, bodies: bodies).utf8).base64EncodedString()),
            "contentType": concept(svgFileType), "contentEncoding": concept(base64Encoding),
        ]
        return [
            "id": .string("\(id)#display"), "type": "DisplayParameter",
            "title": .object([tag ?? "und": .string(title)]), "language": [language], "primaryLanguage": language,
            "individualDisplay": [
                [
                    "id": .string("\(id)#display-page"), "type": "IndividualDisplay", "language": language,
                    "displayDetail": [
                        ["id": .string("\(id)#display-detail"), "type": "DisplayDetail", "page": 1, "image": image]
                    ],
                ]
            ],
        ]
    }

    /// The EU language table's code (`ENG`) of a BCP 47 tag (`en`).
    static func code(language tag: String) -> String? { ELMNode.languages.first { $0.value == tag }?.key }

    /// An A4 landscape page with the title and, below it, the awarding bodies.
    static func svg(title: String, bodies: [String]) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let text = #"font-family="sans-serif" text-anchor="middle" x="421""#
        return #"<svg xmlns="http://www.w3.org/2000/svg" width="842" height="595" viewBox="0 0 842 595">"#
            + #"<rect width="842" height="595" fill="white"/>"#
            + #"<text \#(text) y="260" font-size="28">\#(escaped(title))</text>"#
            + #"<text \#(text) y="320" font-size="18">\#(escaped(bodies.joined(separator: ", ")))</text></svg>"#
    }
}
