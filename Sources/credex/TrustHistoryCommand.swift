import ArgumentParser
import CredexCore
import CredexJSON
import CredexNode
import CredexTrust
import Foundation

struct TrustHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show how one member's entry changed, version by version, in the node's trust-list log."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The member's node id.")
    var member: NodeID

    struct Step: Encodable {
        let version: Int64
        let contentId: String
        let changes: [TrustChange]
    }

    func run() async throws {
        let log = try await directory.access().trustArchive().load()
        var steps: [Step] = []
        var previous: TrustListContent.Member?
        for seq in log.versions.keys.sorted() {
            for version in log.versions[seq] ?? [] {
                let entry = version.content.member(member)
                let changes = try TrustChange.member(member, previous, entry)
                if !changes.isEmpty {
                    steps.append(Step(version: seq, contentId: version.contentID.rawValue, changes: changes))
                }
                previous = entry
            }
        }
        if output.json { return try printJSON(steps) }
        guard !steps.isEmpty else {
            throw NodeError(.refused, "\(member) is in no trust-list version this node holds")
        }
        for step in steps {
            print("version \(step.version) (\(step.contentId))")
            for change in step.changes { change.print() }
        }
    }
}
