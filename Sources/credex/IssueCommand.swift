import ArgumentParser
import CredexCore
import CredexNode
import Foundation

struct IssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Sign and append a record to this node's log.",
        discussion: """
            FILE holds the body (see Schemas/README.md; "type" may be left out). An award file holds the \
            learner's details in the clear: the node adds a fresh salt, keeps the personal part, and signs \
            only the commitment. Examples are in Schemas/examples/.
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case spec, award, status, endorsement, checkpoint
    }

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "What to issue: spec, award, status, endorsement or checkpoint.")
    var kind: Kind
    @Argument(help: "The JSON input file (for a checkpoint, leave it out: the node lists the heads it holds).")
    var file: String?
    @Option(help: "For an award: the id of the spec awarded, if the file does not name it.")
    var spec: String?
    @Option(
        name: .customLong("deliver-to"),
        help: "For an award: a member node its personal part goes to, its first recipient (repeat for several)."
    )
    var recipients: [String] = []
    @Flag(help: "With --deliver-to: send even to a member outside the EEA without an adequacy decision.")
    var allowOutsideEEA = false

    func validate() throws {
        if kind != .checkpoint, file == nil { throw ValidationError("give the \(kind.rawValue) input FILE") }
        if kind != .award, !recipients.isEmpty { throw ValidationError("--deliver-to goes with an award") }
        if let spec, (try? RecordID(validating: spec)) == nil {
            throw ValidationError("--spec must be a record id (64 lowercase hex characters)")
        }
    }

    func run() async throws {
        var request: AdminRequest
        if kind == .award {
            request = AdminRequest(operation: .issueAward)
            request.spec = spec
            request.recipients = recipients
            request.allowOutsideEEA = allowOutsideEEA
        } else {
            request = AdminRequest(operation: .issue)
            request.kind = kind.rawValue
        }
        request.document =
            try file.map { path in
                guard let text = String(validating: try readFile(path), as: UTF8.self) else {
                    throw CredexError(.malformed, "\(path) is not UTF-8 text")
                }
                return text
            } ?? "{}"
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        guard let issued = response.issued else { throw NodeError(.refused, "the node issued nothing") }
        if output.json {
            try printJSON(issued)
        } else {
            print("Issued \(issued.kind) \(issued.id) (\(issued.issuer) #\(issued.seq))")
            printSharings(response.sharings ?? [])
        }
    }
}
