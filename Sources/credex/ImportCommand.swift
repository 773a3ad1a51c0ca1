import ArgumentParser
import CredexCore
import CredexNode
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Verify and append records from a JSON Lines file written by `credex export`.",
        discussion: """
            Every line must be a record's canonical bytes with valid signatures and must extend its \
            issuer's chain. Each batch is one transaction: on a bad line, or if the process dies, \
            that batch is wholly absent and earlier batches stay.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The JSON Lines file.")
    var file: String
    @Option(help: "Records per transaction (0: the whole file in one).")
    var batch = 10_000

    func run() async throws {
        var request = AdminRequest(operation: .importRecords)
        request.path = URL(fileURLWithPath: file).standardizedFileURL.path
        request.batchSize = batch
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        guard let summary = response.imported else { throw NodeError(.refused, "the node imported nothing") }
        if output.json { return try printJSON(summary) }
        print("Read \(summary.read) records: \(summary.appended) appended, \(summary.alreadyHeld) already held.")
        if let fork = summary.fork { print("FORK kept as evidence; the issuer is frozen: \(fork)") }
    }
}
