import ArgumentParser
import CredexMapping
import Foundation

extension CredentialFormat: ExpressibleByArgument {}

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Translate a credential document into another format, through the canonical model.",
        discussion: """
            No node is needed. The result goes to standard output (ELMO as one document, the JSON \
            formats one line per credential); with --report, what was lost, \
            estimated, converted or unknown goes to standard error as JSON, with what the crosswalks \
            (Schemas/frameworks) say of each level and credit. Nothing is converted \
            silently: every level or credit that changed system is in the report.
            """
    )

    @Argument(help: "The document to translate.")
    var file: String

    @Option(help: "The format to write: \(CredentialFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var to: CredentialFormat

    @Option(help: "The format of FILE (default: detected).")
    var from: CredentialFormat?

    @Flag(help: "Write the mapping reports to standard error.")
    var report = false

    func run() throws {
        let translation = try CredentialFormat.decode([UInt8](try readFile(file)), as: from)
        let (bytes, encodeReports) = try CredentialFormat.encode(translation.specs, to: to)
        FileHandle.standardOutput.write(Data(bytes + [0x0A]))
        if report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let crosswalks = try Crosswalks.load()
            let reports = translation.reports + translation.specs.map(crosswalks.conversions) + encodeReports
            FileHandle.standardError.write(try encoder.encode(reports) + Data("\n".utf8))
        }
    }
}
