import ArgumentParser
import CredexCore
import CredexNode
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored records as JSON Lines, one record's canonical bytes per line, in log order.",
        discussion: "Only the public, signed records are written: personal parts never leave this way."
    )

    @OptionGroup var directory: DirectoryOptions
    @Option(help: "Only this issuer's log (default: every log).")
    var issuer: String?
    @Option(name: .shortAndLong, help: "The file to create (default: standard output).")
    var output: String?

    func run() async throws {
        let store = try directory.access().reader()
        let issuers: [NodeID]
        if let issuer {
            issuers = [try NodeID(validating: issuer)]
        } else {
            issuers = try await store.heads().map(\.issuer)
        }
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw NodeError(.refused, "cannot create \(output)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = FileHandle.standardOutput
        }
        var count = 0
        for issuer in issuers {
            var after: Int64 = 0
            while true {
                let page = try await store.log(issuer: issuer, afterSeq: after, limit: 5_000)
                guard let last = page.last else { break }
                var chunk = Data()
                for stored in page { chunk.append(contentsOf: stored.record.canonicalBytes + [0x0A]) }
                try handle.write(contentsOf: chunk)
                count += page.count
                after = last.record.seq
            }
        }
        if output != nil {
            try handle.close()
            print("Exported \(count) records to \(output!)")
        }
    }
}

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
