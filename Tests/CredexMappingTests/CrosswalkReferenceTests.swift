import CredexCore
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// The crosswalk rows against the EU's own vocabularies: the ELM controlled vocabularies of NQF
/// and EQF levels (`Tests/Fixtures/qualification-frameworks/`, copies of the shared reference
/// files; see `PROVENANCE.md`).
///
/// The NQF vocabulary gives each framework and each national level a URI and an English label
/// ("DQR Level 4"). It does not say which EQF level a national level is referenced to, so the EQF
/// side is checked as far as the EQF vocabulary goes (every EQF level and URI exists); the
/// correspondences themselves rest on the referencing reports each row cites.
@Suite struct CrosswalkReferenceTests {
    /// A framework of the data that the NQF vocabulary covers: its framework concept's label (when
    /// the vocabulary has one of its own) and the prefix of its level labels.
    struct Coverage: Sendable {
        var frameworkLabel: String?
        var levelPrefix: String
        /// Level labels that are not `levelPrefix + level`.
        var labels: [String: String] = [:]
        /// Levels with a row but no single concept in the vocabulary, and why.
        var noConcept: [String: String] = [:]
        /// Concepts of the vocabulary that no row uses, because no source covers them.
        var unused: Set<String> = []

        /// What every label of the framework's levels starts with ("RQF ").
        var stem: String { levelPrefix.replacingOccurrences(of: "Level ", with: "") }
    }

    static let coverage: [String: Coverage] = [
        // The vocabulary has the CNCP framework but no concepts for its eight levels.
        "CNCP-FR": Coverage(frameworkLabel: "French National Qualifications Framework", levelPrefix: "CNCP Level "),
        "DQR-DE": Coverage(frameworkLabel: "German National Qualifications Framework", levelPrefix: "DQR Level "),
        "EstQF-EE": Coverage(frameworkLabel: "Estonian Qualifications Framework", levelPrefix: "EstQF Level "),
        "LTQF-LT": Coverage(frameworkLabel: "Lithuanian National Qualifications Framework", levelPrefix: "LTQF Level "),
        "MQF-MT": Coverage(
            frameworkLabel: "Maltese National Qualifications Framework",
            levelPrefix: "MQF Level ",
            unused: ["MQF Level A", "MQF Level B"]
        ),
        "NFQ-IE": Coverage(frameworkLabel: "Irish National Framework of Qualifications", levelPrefix: "IE NQF Level "),
        "NKR-NO": Coverage(
            frameworkLabel: "Norwegian Qualifications Framework",
            levelPrefix: "NKR Level ",
            noConcept: ["6": "the vocabulary splits level 6 into 6.1 and 6.2, which the 2014 report predates"],
            unused: ["NKR Level 1", "NKR Level 6.1", "NKR Level 6.2"]
        ),
        "NLQF-NL": Coverage(
            frameworkLabel: "Dutch National Qualifications Framework",
            levelPrefix: "NLQF Level ",
            unused: ["NLQF Entry Level"]
        ),
        "NQF-DK": Coverage(frameworkLabel: "Danish National Qualifications Framework", levelPrefix: "DK NQF Level "),
        "NQF-FI": Coverage(frameworkLabel: "Finnish National Qualifications Framework", levelPrefix: "FiNQF Level "),
        "PQF-PL": Coverage(frameworkLabel: "Polish National Qualifications Framework", levelPrefix: "PQF Level "),
        "QNQ-IT": Coverage(frameworkLabel: "Italian Qualifications Framework", levelPrefix: "IT NQF Level "),
        "QNQ-PT": Coverage(frameworkLabel: "Portuguese National Qualifications Framework", levelPrefix: "QNQ Level "),
        "RNCP-FR-1969": Coverage(
            levelPrefix: "NQF RNCP Level ",
            labels: ["II": "NQF RNCP Level II-Grade de Licence"],
            noConcept: ["I": "the vocabulary has two concepts, I-Master (EQF 7) and I-Doctorat (EQF 8)"],
            unused: ["NQF RNCP Level I-Master", "NQF RNCP Level I-Doctorat"]
        ),
        "RQF-UK": Coverage(
            frameworkLabel: "Regulated Qualifications Framework (RQF) for England and Northern Ireland",
            levelPrefix: "RQF Level ",
            labels: ["entry-3": "RQF Entry Level 3"],
            unused: ["RQF Entry Levels 1-2"]
        ),
        "SCQF": Coverage(
            frameworkLabel: "Scottish Credit and Qualifications Framework",
            levelPrefix: "SCQF Level ",
            unused: ["SCQF Level 1", "SCQF Level 2"]
        ),
        "SeQF-SE": Coverage(frameworkLabel: "Swedish National Qualifications Framework", levelPrefix: "SeQF Level "),
        "VKS-BE-VLG": Coverage(frameworkLabel: "Flemish qualifications framework", levelPrefix: "FQF Level "),
    ]

    /// Frameworks the vocabulary does not cover. ELM's "AQF" levels are Albania's, not Australia's.
    static let notCovered: Set<String> = ["AQF-AU", "FHEQ-UK", "MECES-ES", "MX", "NSQF-IN", "NZQF"]

    /// `uri,label` rows of a vocabulary CSV (no quoting: no label holds a comma).
    static func vocabulary(_ name: String) throws -> [(uri: String, label: String)] {
        let text = try #require(String(data: try Fixtures.data("qualification-frameworks/\(name)"), encoding: .utf8))
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()
        return try lines.map { line in
            let comma = try #require(line.firstIndex(of: ","), "\(name): \(line)")
            return (String(line[..<comma]), String(line[line.index(after: comma)...]))
        }
    }

    let crosswalks: Crosswalks
    /// The NQF vocabulary, label to URI and URI to label.
    let nqfByLabel: [String: String]
    let nqfByURI: [String: String]
    /// The EQF vocabulary, level ("4") to URI.
    let eqf: [String: String]

    init() throws {
        crosswalks = try Crosswalks(folder: CrosswalkDataTests.folder)
        let nqf = try Self.vocabulary("nqf-levels-and-frameworks.csv")
        nqfByLabel = Dictionary(nqf.map { ($0.label, $0.uri) }, uniquingKeysWith: { first, _ in first })
        nqfByURI = Dictionary(nqf.map { ($0.uri, $0.label) }, uniquingKeysWith: { first, _ in first })
        eqf = Dictionary(
            uniqueKeysWithValues: try Self.vocabulary("eqf-levels.csv").map { row in
                (String(try #require(row.label.split(separator: " ").last)), row.uri)
            }
        )
    }

    @Test func theVocabularyCopiesAreComplete() {
        #expect(nqfByURI.count == 424)
        #expect(nqfByLabel.count == 424)
        #expect(eqf.keys.sorted() == (1...8).map(String.init))
    }

    @Test func everyFrameworkIsCoveredOrSaidNotToBe() {
        let ids = Set(crosswalks.frameworks.map(\.id))
        #expect(ids == Set(Self.coverage.keys).union(Self.notCovered))
        #expect(Set(Self.coverage.keys).isDisjoint(with: Self.notCovered))
    }

    @Test func frameworkURIsAreTheVocabularysFrameworks() throws {
        for framework in crosswalks.frameworks {
            let expected = Self.coverage[framework.id]?.frameworkLabel
            #expect(
                framework.elmUri.flatMap { nqfByURI[$0] } == expected,
                "\(framework.id): \(framework.elmUri ?? "no elmUri") should be \"\(expected ?? "none")\""
            )
        }
    }

    /// Every referenced row of a covered framework carries exactly the vocabulary's URI for its
    /// level, or none where the vocabulary has no single concept for it.
    @Test func referencedRowsCarryTheVocabularysLevelURIs() {
        var checked = 0
        for framework in crosswalks.frameworks {
            guard let coverage = Self.coverage[framework.id] else { continue }
            for row in framework.levels where row.confidence == .referenced {
                let name = "\(framework.id) \(row.level)"
                if coverage.noConcept[row.level] != nil {
                    #expect(row.elmUri == nil, "\(name): \(coverage.noConcept[row.level] ?? "")")
                    continue
                }
                let label = coverage.labels[row.level] ?? coverage.levelPrefix + row.level
                let expected = nqfByLabel[label]
                #expect(row.elmUri == expected, "\(name) should be \(expected ?? "absent") (\(label))")
                checked += 1
            }
        }
        #expect(checked > 130)
    }

    /// Any level URI in the data, whatever the row's confidence, belongs to that framework.
    @Test func noRowBorrowsAnotherFrameworksURI() {
        for framework in crosswalks.frameworks {
            for row in framework.levels {
                guard let uri = row.elmUri else { continue }
                let label = nqfByURI[uri]
                let stem = Self.coverage[framework.id]?.stem
                #expect(
                    label != nil && stem != nil && (label?.hasPrefix(stem ?? "") ?? false),
                    "\(framework.id) \(row.level): \(uri) is \"\(label ?? "not in the vocabulary")\""
                )
            }
        }
    }

    /// The vocabulary's levels of a covered framework that no row uses are the ones no source covers.
    @Test func unusedVocabularyLevelsAreTheUncoveredOnes() {
        for framework in crosswalks.frameworks {
            guard let coverage = Self.coverage[framework.id] else { continue }
            let used = Set(framework.levels.compactMap(\.elmUri))
            let unused = Set(nqfByLabel.filter { $0.key.hasPrefix(coverage.stem) && !used.contains($0.value) }.keys)
            #expect(unused == coverage.unused, "\(framework.id)")
        }
    }

    /// EQF levels are the vocabulary's, and lookups answer with its URIs.
    @Test func eqfLevelsAndURIsAreTheVocabularys() throws {
        for framework in crosswalks.frameworks {
            for row in framework.levels {
                #expect(!row.eqf.isEmpty && row.eqf.allSatisfy { eqf[$0] != nil }, "\(framework.id) \(row.level)")
                let matches = crosswalks.eqf(for: Level(framework: framework.id, level: row.level))
                #expect(matches.map(\.eqf) == row.eqf, "\(framework.id) \(row.level)")
                for match in matches {
                    #expect(match.eqfURI == eqf[match.eqf], "\(framework.id) \(row.level)")
                    #expect(match.levelURI == row.elmUri, "\(framework.id) \(row.level)")
                }
            }
        }
    }

    /// The copies in `Tests/Fixtures` are byte for byte the shared reference files.
    @Test(.enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository"))
    func theFixturesAreTheSharedReferenceFiles() throws {
        let shared = try #require(Fixtures.sharedReference).appendingPathComponent("qualification-frameworks/elm-cv")
        for name in ["nqf-levels-and-frameworks.csv", "eqf-levels.csv"] {
            let copy = try Fixtures.data("qualification-frameworks/\(name)")
            #expect(copy == (try Data(contentsOf: shared.appendingPathComponent(name))), "\(name)")
        }
    }
}
