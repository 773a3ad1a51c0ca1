import CredexCore
import Foundation

/// The crosswalk data of `Schemas/frameworks/`: framework levels to the EQF, credit systems to hours and ECTS,
/// and the Spanish `títulos propios` classes.
///
/// Every table is data; this type only loads, checks and looks up. `version` names the data, and every
/// report built from an answer carries it (`record(_:in:)`).
///
///     let crosswalks = try Crosswalks.load()
///     crosswalks.eqf(for: Level(framework: "NFQ-IE", level: "9"))  // EQF 7, referenced (Ireland 2009)
public struct Crosswalks: Sendable {
    public let version: String
    public let frameworks: [CrosswalkFramework]
    let credits: CreditSystems
    let titulosPropios: TitulosPropios

    /// The data bundled with the module, read and checked once per process.
    public static func load() throws -> Crosswalks { try bundled.get() }

    private static let bundled = Result<Crosswalks, any Error> {
        guard let folder = Bundle.module.url(forResource: "Frameworks", withExtension: nil),
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("version.json").path)
        else { throw CredexError(.missingField, "the bundled crosswalk folder Frameworks has no version.json") }
        return try Crosswalks(folder: folder)
    }

    /// Loads and checks a crosswalk folder: `version.json`, `credits.json`, `titulos-propios-es.json`, `levels/*.json`.
    public init(folder: URL) throws {
        version = try Self.read(CrosswalkVersion.self, folder, "version.json").version
        credits = try Self.read(CreditSystems.self, folder, "credits.json")
        titulosPropios = try Self.read(TitulosPropios.self, folder, "titulos-propios-es.json")
        let levelFolder = folder.appendingPathComponent("levels")
        let names = try FileManager.default.contentsOfDirectory(atPath: levelFolder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        frameworks = try names.map { try Self.read(CrosswalkFramework.self, levelFolder, $0) }
        try check()
    }

    /// The framework named by `name`, its id or an alias, ignoring case.
    public func framework(_ name: String) -> CrosswalkFramework? {
        frameworks.first { $0.answers(to: name) }
    }

    private static func read<T: Decodable>(_ type: T.Type, _ folder: URL, _ name: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: folder.appendingPathComponent(name)))
        } catch {
            throw CredexError(.malformed, "crosswalk file \(name) cannot be read", cause: error)
        }
    }

    /// Every row names a source its file defines, every EQF level is 1-8, every figure is a decimal, and a
    /// framework without rows says why.
    private func check() throws {
        let eqfLevels = Set((1...8).map(String.init))
        var names = Set<String>()
        for framework in frameworks {
            for name in [framework.id] + (framework.aliases ?? []) where !names.insert(name.uppercased()).inserted {
                throw CredexError(.invalidField, "framework name \(name) is used twice (levels/\(framework.id).json)")
            }
            guard !framework.levels.isEmpty || framework.noSource != nil else {
                throw CredexError(.missingField, "levels/\(framework.id).json has no levels and no noSource reason")
            }
            for row in framework.levels {
                guard framework.source(row.source) != nil, !row.eqf.isEmpty, row.eqf.allSatisfy(eqfLevels.contains)
                else {
                    throw CredexError(.invalidField, "level \(row.level) of levels/\(framework.id).json is not valid")
                }
            }
        }
        let rates = credits.systems.flatMap { [$0.hoursPerCredit] + ($0.ectsPerCredit.map { [$0] } ?? []) }
        for rate in rates {
            guard credits.sources.contains(where: { $0.id == rate.source }),
                let low = crosswalkDecimal(rate.min), let high = crosswalkDecimal(rate.max), low <= high
            else { throw CredexError(.invalidField, "a rate in credits.json is not valid (source \(rate.source))") }
        }
        for entry in titulosPropios.classes {
            guard titulosPropios.sources.contains(where: { $0.id == entry.source }),
                crosswalkDecimal(entry.minECTS) != nil, entry.maxECTS.map({ crosswalkDecimal($0) != nil }) ?? true
            else { throw CredexError(.invalidField, "class \(entry.id) in titulos-propios-es.json is not valid") }
        }
    }
}
