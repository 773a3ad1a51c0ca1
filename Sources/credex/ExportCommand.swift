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
