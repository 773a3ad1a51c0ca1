import Foundation

/// The pages' words, one JSON table per language in `Strings/` (`en.json`, `es.json`), chosen from
/// `Accept-Language`. English is first and the default; a key missing from another table is
/// taken from English, so a half-translated table still shows every page whole.
///
///     let strings = try PageStrings.load()
///     strings.table(for: PageStrings.language(acceptLanguage: "es-ES,es;q=0.9"))["search_title"]
struct PageStrings: Sendable {
    /// The languages the pages speak, the default first.
    static let languages = ["en", "es"]
    static let defaultLanguage = "en"

    /// Every language's table, each already completed from English.
    let tables: [String: [String: String]]

    init(tables raw: [String: [String: String]]) {
        let english = raw[Self.defaultLanguage] ?? [:]
        tables = raw.mapValues { english.merging($0) { _, own in own } }
    }

    /// The tables shipped as the module's resources.
    static func load() throws -> PageStrings {
        var tables: [String: [String: String]] = [:]
        for language in languages {
            guard let url = Bundle.module.url(forResource: language, withExtension: "json", subdirectory: "Strings")
            else {
                throw Problem(.internalServerError, "internal", "the pages' strings for \(language) are missing")
            }
            tables[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return PageStrings(tables: tables)
    }

    /// The table for `language`, English for a language the pages do not speak.
    func table(for language: String) -> [String: String] {
        tables[language] ?? tables[Self.defaultLanguage] ?? [:]
    }

    /// The best language of an `Accept-Language` value the pages speak, by weight, the first
    /// listed of equal weights; English when none is spoken.
    static func language(acceptLanguage header: String?) -> String {
        var best: (language: String, weight: Double)?
        for item in (header ?? "").split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), let primary = tag.split(separator: "-").first else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0, languages.contains(String(primary)) else { continue }
            if weight > best?.weight ?? 0 { best = (String(primary), weight) }
        }
        return best?.language ?? defaultLanguage
    }
}
