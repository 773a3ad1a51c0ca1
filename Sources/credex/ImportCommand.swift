import ArgumentParser
import CredexCore
import CredexCrypto
import CredexMapping
import CredexNode
import Foundation

/// What `credex import` reads: records written by `credex export`, or a credential document.
enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case auto, records, canonical, ctdl, elm, ob3, elmo, register

    /// The document format, for anything but records.
    var document: CredentialFormat? { CredentialFormat(rawValue: rawValue) }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Append records from `credex export`, or attest credentials from ELM, Open Badges, ELMO, CTDL or a register.",
        discussion: """
            Records (JSON Lines, one record's canonical bytes per line) must have valid signatures and \
            extend their issuers' chains; each batch is one transaction: on a bad line, or if the process \
            dies, that batch is wholly absent and earlier batches stay.

            A credential document is translated to the canonical model (see `credex map`) and its specs \
            and awards are signed by this node as attested records: each keeps its awarding bodies and \
            the original's provenance (format, SHA-256, whether its own proof verified). A document that \
            does not translate is refused whole. What this node attested before is not signed again, so \
            an interrupted import can simply be run again.

            Every file is tried; a summary names each refused file and why, and the exit status is then \
            non-zero.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The files to import.")
    var files: [String]
    @Option(help: "The files' format: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ImportFormat = .auto
    @Option(help: "Records per transaction (0: the whole file in one, with no progress bar).")
    var batch = 10_000
    @Flag(inversion: .prefixedNo, help: "Show a progress bar on standard error (default: when it is a terminal).")
    var progress: Bool?

    /// One file's outcome, for the summary.
    struct Outcome: Encodable {
        var file: String
        var format: String?
        var records: RecordImporter.Summary?
        var attested: AttestationSummary?
        var refused: String?
    }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one FILE") }
        guard batch >= 0 else { throw ValidationError("--batch must be 0 or more") }
    }

    func run() async throws {
        let access = try directory.access()
        var outcomes: [Outcome] = []
        var firstError: (any Error)?
        try await access.withWriter { writer in
            for file in files {
                do {
                    outcomes.append(try await importFile(file, writer: writer))
                } catch {
                    outcomes.append(Outcome(file: file, refused: "\(error)"))
                    firstError = firstError ?? error
                }
            }
        }
        if output.json {
            try printJSON(outcomes)
        } else {
            for outcome in outcomes where outcome.refused == nil { print(Self.line(outcome, named: files.count > 1)) }
        }
        guard let firstError else { return }
        if files.count > 1 {
            let refused = outcomes.filter { $0.refused != nil }
            var summary = "Refused \(refused.count) of \(files.count) files; nothing of them was imported:\n"
            for outcome in refused { summary += "  \(outcome.file): \(outcome.refused ?? "")\n" }
            FileHandle.standardError.write(Data(summary.utf8))
        }
        throw firstError
    }

    /// `1 spec`, `2 specs`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// A line for people about one imported file.
    static func line(_ outcome: Outcome, named: Bool) -> String {
        let prefix = named ? "\(outcome.file): " : ""
        if let records = outcome.records {
            let fork = records.fork.map { "\nFORK kept as evidence; the issuer is frozen: \($0)" } ?? ""
            return prefix + "Read \(records.read) records: \(records.appended) appended, "
                + "\(records.alreadyHeld) already held.\(fork)"
        }
        let attested = outcome.attested ?? AttestationSummary()
        return prefix + "Attested \(count(attested.specs, "spec")) and \(count(attested.awards, "award")) from "
            + "\(outcome.format ?? "a document"); \(count(attested.specsAlreadyHeld, "spec")) and "
            + "\(count(attested.awardsAlreadyHeld, "award")) already held."
    }

    private func importFile(_ file: String, writer: any NodeWriter) async throws -> Outcome {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let records = try format == .records || (format == .auto && Self.startsWithRecord(url))
        if records { return try await importRecords(url, writer: writer) }
        return try await attest(url, writer: writer)
    }

    /// Whether the file's first line is a signed record.
    static func startsWithRecord(_ url: URL) throws -> Bool {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw CredexError(.malformed, "cannot read \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: Record.maximumSize + 1) ?? Data()
        let line = head.prefix { $0 != UInt8(ascii: "\n") }
        return (try? Record(canonicalBytes: [UInt8](line))) != nil
    }

    /// Imports records a batch per request, so the bar can follow the node through the file.
    private func importRecords(_ url: URL, writer: any NodeWriter) async throws -> Outcome {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        var bar = ProgressBar(
            label: url.lastPathComponent,
            total: size,
            enabled: batch > 0 && (progress ?? ProgressBar.defaultEnabled)
        )
        defer { bar.finish() }
        var request = AdminRequest(operation: .importRecords)
        request.path = url.path
        request.batchSize = batch
        request.batches = batch > 0 && bar.enabled ? 1 : nil
        var summary = RecordImporter.Summary()
        repeat {
            let response = try await writer.perform(request)
            guard let part = response.imported else { throw NodeError(.refused, "the node imported nothing") }
            summary.add(part)
            request.start = part.next
            bar.update(Int(part.next?.offset ?? UInt64(size)), detail: "\(summary.read) records")
        } while request.start != nil && summary.fork == nil
        return Outcome(file: url.lastPathComponent, format: "records", records: summary)
    }

    /// Translates a document and has the node attest its specs and awards, in parts of bounded size.
    private func attest(_ url: URL, writer: any NodeWriter) async throws -> Outcome {
        let bytes = [UInt8](try Self.readDocument(url))
        let translation = try CredentialFormat.decode(bytes, as: format.document)
        let items = translation.specsWithProvenance(of: bytes).enumerated().map {
            AttestationBatch.Item(spec: $1, awards: translation.awards[$0] ?? [])
        }
        for item in items { try item.validate() }
        var bar = ProgressBar(
            label: url.lastPathComponent,
            total: items.count,
            enabled: progress ?? ProgressBar.defaultEnabled
        )
        defer { bar.finish() }
        var summary = AttestationSummary()
        var done = 0
        for part in try Self.parts(items) {
            var request = AdminRequest(operation: .attest)
            request.attestation = AttestationBatch(items: part)
            guard let attested = try await writer.perform(request).attested else {
                throw NodeError(.refused, "the node attested nothing")
            }
            summary = summary + attested
            done += part.count
            bar.update(done, detail: "\(done) of \(items.count) specs")
        }
        return Outcome(file: url.lastPathComponent, format: translation.format.rawValue, attested: summary)
    }

    /// The largest credential document read, in bytes.
    static let maximumDocumentSize = 64 << 20

    static func readDocument(_ url: URL) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumDocumentSize else {
            throw CredexError(.tooLarge, "\(url.lastPathComponent) is larger than \(maximumDocumentSize >> 20) MiB")
        }
        return try readFile(url.path)
    }

    /// `items` in parts whose JSON stays well under what the admin socket takes.
    static func parts(_ items: [AttestationBatch.Item]) throws -> [[AttestationBatch.Item]] {
        let budget = 1 << 20
        let encoder = JSONEncoder()
        var parts: [[AttestationBatch.Item]] = []
        var current: [AttestationBatch.Item] = []
        var size = 0
        for item in items {
            let itemSize = try encoder.encode(item).count
            if !current.isEmpty, size + itemSize > budget {
                parts.append(current)
                current = []
                size = 0
            }
            current.append(item)
            size += itemSize
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
