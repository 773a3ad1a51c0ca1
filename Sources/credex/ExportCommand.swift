import ArgumentParser
import CredexCore
import CredexMapping
import CredexNode
import CredexStore
import Foundation

extension CredentialExport.Format: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored records as JSON Lines, or one spec or award in a credential format.",
        discussion: """
            Without ID: every stored record's canonical bytes, one per line, in log order (for \
            `credex import`). Only the public, signed records are written: personal parts never leave \
            this way.

            With ID: that record, --to record (the default) as its original signed bytes. An active \
            spec or award this node issued exports --to ob3 as an Open Badges 3.0 credential with an \
            eddsa-jcs-2022 proof, or --to ob3-jwt as a VC-JWT (EdDSA), signed with the node's key \
            (its did:key names it). Other formats are unsigned renditions; of another issuer's record, \
            they are conversions that say so in their description, and ob3-jwt is refused: this node \
            signs only its own records. An award's credential carries the learner commitment, never \
            the personal part. With --report, what each format could not carry goes to standard \
            error as JSON.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @Argument(help: "A record id: a spec or award, any kind with --to record (default: the whole log).")
    var id: String?
    @Option(help: "With ID, the format to write (default: record).")
    var to: CredentialExport.Format?
    @Option(help: "Without ID, only this issuer's log (default: every log).")
    var issuer: String?
    @Option(name: .shortAndLong, help: "The file to create (default: standard output).")
    var output: String?
    @Flag(help: "With ID, write the mapping reports to standard error.")
    var report = false

    func validate() throws {
        if let id {
            guard (try? RecordID(validating: id)) != nil else {
                throw ValidationError("the id must be 64 lowercase hex characters")
            }
            if issuer != nil { throw ValidationError("--issuer selects logs: leave it out when exporting one record") }
        } else if to != nil || report {
            throw ValidationError("--to and --report need a record ID")
        }
    }

    func run() async throws {
        let access = try directory.access()
        let store = try access.reader()
        guard let id else { return try await exportLog(store) }
        let recordID = try RecordID(validating: id)
        guard let stored = try await store.record(id: recordID) else {
            throw StoreError(.notFound, "no record \(id) in \(directory.url.path)")
        }
        let exporter = CredentialExport(
            nodeID: access.configuration.nodeID,
            revocationList: access.configuration.publicURL.map(RevocationList.url(publicURL:))
        ) {
            try access.directory.signingKey(access.configuration)
        }
        let status = try await store.status(of: recordID)
        let exported = try await exporter.export(stored.record, status: status, to: to ?? .record) {
            try await store.record(id: $0)?.record
        }
        let handle = try outputHandle()
        try handle.write(contentsOf: exported.bytes + [0x0A])
        if output != nil { try handle.close() }
        if report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardError.write(try encoder.encode(exported.reports) + Data("\n".utf8))
        }
    }

    private func exportLog(_ store: SQLiteRecordStore) async throws {
        let issuers: [NodeID]
        if let issuer {
            issuers = [try NodeID(validating: issuer)]
        } else {
            issuers = try await store.heads().map(\.issuer)
        }
        let handle = try outputHandle()
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
        if let output {
            try handle.close()
            print("Exported \(count) records to \(output)")
        }
    }

    /// `--output`, created empty, or standard output.
    private func outputHandle() throws -> FileHandle {
        guard let output else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw NodeError(.refused, "cannot create \(output)")
        }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    }
}
