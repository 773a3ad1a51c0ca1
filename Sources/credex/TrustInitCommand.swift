import ArgumentParser
import CredexCore
import CredexTrust
import Foundation

struct TrustInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Propose version 1 of a federation's trust list: its admins and threshold, no members yet.",
        discussion: """
            The proposal is written unsigned; each admin adds a signature with `credex trust sign`, then \
            `credex trust publish` saves it into a node once the threshold is reached.
            """
    )

    @OptionGroup var output: OutputOptions
    @Option(help: "The federation id (a URN or did:web id): the trust list's issuer.")
    var federation: String
    @Option(help: "The federation's name.")
    var name: String
    @Option(help: "An admin as KEYID=NAME (repeatable; key ids from `credex trust keygen`).")
    var admin: [AdminArgument]
    @Option(help: "How many admins must sign each version.")
    var threshold: Int
    @Option(help: "Days until the next version is due (past it, every view says the list is stale).")
    var nextUpdateDays = 30
    @Option(help: "The proposal file to create.")
    var out: String

    func validate() throws {
        guard (try? NodeID(validating: federation)) != nil else {
            throw ValidationError("--federation must be a URN or did:web id, e.g. urn:credex:federation:eciu")
        }
        guard !admin.isEmpty else { throw ValidationError("give at least one --admin KEYID=NAME") }
        guard (1...admin.count).contains(threshold) else {
            throw ValidationError("--threshold must be 1 to the number of admins (\(admin.count))")
        }
        guard nextUpdateDays >= 1 else { throw ValidationError("--next-update-days must be at least 1") }
        try requireNew(out)
    }

    func run() async throws {
        let now = Date()
        let due = daysFromNow(nextUpdateDays, now: now)
        let content = TrustListContent(
            name: name,
            issuedAt: ClaimedTime(now),
            nextUpdate: due,
            admins: admin.map(\.admin),
            threshold: threshold
        )
        let draft = try content.draft(federation: federation, after: nil, now: now, nextUpdate: due)
        try TrustProposal(draft: draft).write(to: out)
        try printProposed(draft, to: out, json: output.json)
    }
}

/// What `init` and `propose` print.
func printProposed(_ draft: RecordDraft, to path: String, json: Bool) throws {
    struct Proposed: Encodable {
        let file: String
        let federation: String
        let version: Int64
        let contentId: String
    }
    if json {
        return try printJSON(
            Proposed(file: path, federation: draft.federation, version: draft.seq, contentId: draft.contentID.rawValue)
        )
    }
    print("Proposed version \(draft.seq) of \(draft.federation) in \(path)")
    print("Content id: \(draft.contentID) (unsigned: each admin runs `credex trust sign \(path) --key FILE`)")
}
