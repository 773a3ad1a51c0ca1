import ArgumentParser
import CredexCore
import CredexNode
import CredexTrust
import Foundation

struct TrustPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Save a fully signed proposal into a node as its newest trust-list version.",
        discussion: """
            The version must be newer than the one in force, follow it, and carry the signatures governance \
            asks (the threshold of the previous version's admins, and of the new admins when they change). \
            A running node puts it in force at once; publishing version 1 into a node without a pin pins it.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The signed proposal file.")
    var proposal: String

    func run() async throws {
        let file = try TrustProposal(path: proposal)
        guard !file.signatures.isEmpty else {
            throw TrustError(
                .tooFewSignatures,
                "\(proposal) is not signed yet: admins sign it with `credex trust sign`"
            )
        }
        let version = try file.version()
        let access = try directory.access()
        var request = AdminRequest(operation: .trustList)
        request.document = String(decoding: version.record.canonicalBytes, as: UTF8.self)
        request.requireNewer = true
        let pin = access.configuration.trustListPin == nil && version.version == 1 ? version.contentID : nil
        request.pin = pin?.rawValue
        let response = try await access.withWriter { try await $0.perform(request) }
        guard let summary = response.trustList else { throw NodeError(.refused, "the node saved no trust list") }
        if let pin { try access.directory.saveTrustListPin(pin) }
        try printUpdate(summary, what: "Published version \(version.version) (\(version.contentID))", json: output.json)
    }
}

/// What `publish` and `import` print.
func printUpdate(_ summary: TrustListUpdate.Summary, what: String, json: Bool) throws {
    if json { return try printJSON(summary) }
    print("\(what): \(summary.outcomes.joined(separator: ", "))")
    print("In force: version \(summary.versionInForce.map(String.init) ?? "none")")
    if summary.appliedToNetwork { print("The running node put it in force") }
}
