import CredexCore
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// The crosswalk data itself: its version, its frameworks, and a source and confidence on every row.
@Suite struct CrosswalkDataTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Schemas/frameworks")

    /// Adding a framework is a data change and a change here.
    static let frameworks = [
        "AQF-AU", "CNCP-FR", "DQR-DE", "EstQF-EE", "FHEQ-UK", "LTQF-LT", "MECES-ES", "MQF-MT", "MX", "NFQ-IE",
        "NKR-NO", "NLQF-NL", "NQF-DK", "NQF-FI", "NSQF-IN", "NZQF", "PQF-PL", "QNQ-IT", "QNQ-PT", "RNCP-FR-1969",
        "RQF-UK", "SCQF", "SeQF-SE", "VKS-BE-VLG",
    ]

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func versionIsPresent() throws {
        let version = try #require(try Self.json("version.json")["version"] as? String)
        #expect(!version.isEmpty)
        #expect(try Crosswalks(folder: Self.folder).version == version)
    }

    @Test func theBundledDataIsTheSchemasFolder() throws {
        let bundled = try Crosswalks.load()
        let folder = try Crosswalks(folder: Self.folder)
        #expect(bundled.version == folder.version)
        #expect(bundled.frameworks == folder.frameworks)
    }

    @Test func theFrameworksAreTheExpectedOnes() throws {
        #expect(try Crosswalks(folder: Self.folder).frameworks.map(\.id) == Self.frameworks)
    }

    @Test func everyRowHasASourceAndAConfidence() throws {
        let confidences: Set<String> = ["referenced", "compared", "inferred"]
        var rows: [(file: String, row: [String: Any], sources: [[String: Any]])] = []
        for id in Self.frameworks {
            let file = try Self.json("levels/\(id).json")
            let sources = file["sources"] as? [[String: Any]] ?? []
            let levels = file["levels"] as? [[String: Any]] ?? []
            #expect(!levels.isEmpty || file["noSource"] is String, "\(id) has neither rows nor a noSource reason")
            rows += levels.map { (id, $0, sources) }
        }
        let credits = try Self.json("credits.json")
        for system in credits["systems"] as? [[String: Any]] ?? [] {
            for key in ["hoursPerCredit", "ectsPerCredit"] {
                if let rate = system[key] as? [String: Any] {
                    rows.append(("credits.json", rate, credits["sources"] as? [[String: Any]] ?? []))
                }
            }
        }
        let titulos = try Self.json("titulos-propios-es.json")
        for entry in titulos["classes"] as? [[String: Any]] ?? [] {
            rows.append(("titulos-propios-es.json", entry, titulos["sources"] as? [[String: Any]] ?? []))
        }
        #expect(rows.count > 150)
        for (file, row, sources) in rows {
            let source = sources.first { $0["id"] as? String == row["source"] as? String }
            #expect(source?["title"] is String && source?["year"] is Int, "\(file): \(row) has no source")
            #expect(confidences.contains(row["confidence"] as? String ?? ""), "\(file): \(row) has no confidence")
        }
    }

    @Test func inferredSourcesSayWhy() throws {
        let inferred = try Crosswalks(folder: Self.folder).frameworks.flatMap { framework in
            framework.levels.filter { $0.confidence == .inferred }.compactMap { row in
                framework.sources.first { $0.id == row.source }
            }
        }
        #expect(!inferred.isEmpty)
        #expect(inferred.allSatisfy { $0.title.contains("inference") || $0.title.contains("Inferred") })
    }

    @Test func aRowWithoutSourceOrConfidenceIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = FileManager.default
        for name in ["version.json", "credits.json", "titulos-propios-es.json"] {
            try manager.copyItem(
                at: Self.folder.appendingPathComponent(name),
                to: directory.url.appendingPathComponent(name)
            )
        }
        let levels = directory.url.appendingPathComponent("levels")
        try manager.createDirectory(at: levels, withIntermediateDirectories: true)
        let bad =
            #"{"id":"XQF","name":"X","country":"XX","sources":[],"levels":[{"level":"1","eqf":["1"],"source":"none","confidence":"referenced"}]}"#
        try Data(bad.utf8).write(to: levels.appendingPathComponent("XQF.json"))
        #expect(throws: CredexError.self) { try Crosswalks(folder: directory.url) }
        let noConfidence = bad.replacingOccurrences(of: #","confidence":"referenced""#, with: "")
        try Data(noConfidence.utf8).write(to: levels.appendingPathComponent("XQF.json"))
        #expect(throws: CredexError.self) { try Crosswalks(folder: directory.url) }
        let silent = #"{"id":"XQF","name":"X","country":"XX","sources":[],"levels":[]}"#
        try Data(silent.utf8).write(to: levels.appendingPathComponent("XQF.json"))
        #expect(throws: CredexError.self) { try Crosswalks(folder: directory.url) }
    }
}
