import ArgumentParser
import CredexCore
import CredexNode
import CredexTrust
import Foundation

struct TrustExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the node's trust-list log as JSON Lines, one canonical version per line, oldest first.",
        discussion: "Give the file, and the content id of the version in force, to a joining node (trust import --pin)."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The file to create.")
    var out: String

    struct Exported: Encodable {
        let file: String
        let versions: Int
        /// The content id of the version in force: the pin a joining node is given.
        let contentId: String?
    }

    func validate() throws { try requireNew(out) }

    func run() async throws {
        let log = try await directory.access().trustArchive().load()
        let versions = log.versions.keys.sorted().flatMap { log.versions[$0] ?? [] }
        guard !versions.isEmpty else { throw NodeError(.refused, "\(directory.url.path) holds no trust list") }
        var data = Data()
        for version in versions { data.append(contentsOf: version.record.canonicalBytes + [0x0A]) }
        try data.write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
        let current = log.current
        if output.json {
            return try printJSON(Exported(file: out, versions: versions.count, contentId: current?.contentID.rawValue))
        }
        print("Exported \(versions.count) trust-list versions to \(out)")
        if let current { print("Version in force: \(current.version), content id \(current.contentID)") }
    }
}

struct TrustImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add trust-list versions from a JSON Lines file (trust export) to the node's log.",
        discussion: """
            The first import must give --pin: the content id of the version the node was given out of \
            band. It is written into node.json, and every history the node accepts must reach it.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The JSON Lines file.")
    var file: String
    @Option(help: "The content id of the version given out of band (required on the first import).")
    var pin: String?

    func validate() throws {
        if let pin, (try? RecordID(validating: pin)) == nil {
            throw ValidationError("--pin must be a content id (64 lowercase hex characters)")
        }
    }

    func run() async throws {
        let access = try directory.access()
        let pin = try pin.map { try RecordID(validating: $0) }
        guard access.configuration.trustListPin != nil || pin != nil else {
            throw NodeError(
                .refused,
                "\(access.directory.url.path) has no trust-list pin yet: give --pin CONTENT-ID, the content id "
                    + "of the version you were given out of band"
            )
        }
        var request = AdminRequest(operation: .trustList)
        request.path = URL(fileURLWithPath: file).standardizedFileURL.path
        request.pin = pin?.rawValue
        let response = try await access.withWriter { try await $0.perform(request) }
        guard let summary = response.trustList else { throw NodeError(.refused, "the node imported nothing") }
        if let pin { try access.directory.saveTrustListPin(pin) }
        try printUpdate(summary, what: "Imported \(file)", json: output.json)
    }
}
