import ArgumentParser
import CredexCore
import CredexNode
import CredexStore
import Foundation

struct ShareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "At the learner's request, send an award's personal part to more member nodes.",
        discussion: """
            Only the award's issuer shares its part. Each node gets the part with a delivery grant \
            signed by this node, once it holds the award; the running node sends it and tries again \
            until the node accepts it (`credex deliveries` shows where it stands). A member outside the \
            EEA without an EU adequacy decision is refused unless --allow-outside-eea confirms that \
            safeguards or the learner's explicit consent are in place.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The award id.")
    var award: String
    @Option(name: .customLong("with"), help: "A member node id (repeat for several).")
    var recipients: [String]
    @Flag(help: "Send even to a member outside the EEA without an adequacy decision.")
    var allowOutsideEEA = false

    func validate() throws {
        if (try? RecordID(validating: award)) == nil { throw ValidationError("AWARD must be a record id") }
        if recipients.isEmpty { throw ValidationError("name a node with --with NODE") }
    }

    func run() async throws {
        var request = AdminRequest(operation: .share)
        request.award = award
        request.recipients = recipients
        request.allowOutsideEEA = allowOutsideEEA
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        let sharings = response.sharings ?? []
        if output.json { return try printJSON(sharings) }
        printSharings(sharings)
    }
}

/// One line per recipient, and its transfer warning on standard error.
func printSharings(_ sharings: [IssuingService.Sharing]) {
    for sharing in sharings {
        if let warning = sharing.warning { printError("warning: \(warning)") }
        print(
            sharing.queued
                ? "Personal part queued for \(sharing.recipient)."
                : "\(sharing.recipient) was sent this personal part already."
        )
    }
}

struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Show where personal parts were sent, the erasure notices sent after them, and those received.",
        discussion: """
            The issuer's side: each delivery and erasure notice, by award and node: pending (with its \
            attempts and last error), done (with the node's answer: a node legally bound to keep a part \
            says why), refused, or cancelled by an erasure. The receiver's side: each erasure notice \
            received and what was done.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Only this award.")
    var award: String?

    func run() async throws {
        var request = AdminRequest(operation: .deliveries)
        request.award = award
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        struct Listing: Encodable {
            let sent: [OutboxEntry]
            let received: [ReceivedNotice]
        }
        let listing = Listing(sent: response.outbox ?? [], received: response.notices ?? [])
        if output.json { return try printJSON(listing) }
        if listing.sent.isEmpty, listing.received.isEmpty { return print("No personal data was sent or erased here.") }
        for entry in listing.sent {
            var line = "\(entry.award)  \(entry.kind == .deliver ? "part   " : "erasure")  \(entry.recipient)  "
            line += entry.state.rawValue
            if entry.state == .pending { line += " (\(entry.attempts) attempts)" }
            if let answer = entry.answer { line += ": \(answer)" }
            print(line)
            if entry.state != .done, let error = entry.lastError { print("    last error: \(error)") }
        }
        for notice in listing.received {
            let kept = notice.reason.map { ": \($0)" } ?? ""
            print(
                "\(notice.award)  erasure notice from \(notice.issuer) at \(notice.receivedAt): \(notice.outcome)\(kept)"
            )
        }
    }
}

struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Keep a received personal part despite erasure notices, for a legal obligation.",
        discussion: """
            A node legally bound to keep a recognition file keeps the part under a hold: an erasure \
            notice is then logged, answered with the hold's reason, and not applied. Releasing the hold \
            applies the notices received meanwhile.
            """
    )

    @OptionGroup var directory: DirectoryOptions

    @Argument(help: "The award id.")
    var award: String
    @Option(help: "The legal obligation, e.g. \"recognition file, kept 6 years (RD 822/2021)\".")
    var reason: String?
    @Flag(help: "Release the hold.")
    var release = false

    func validate() throws {
        if (try? RecordID(validating: award)) == nil { throw ValidationError("AWARD must be a record id") }
        guard (reason == nil) == release else { throw ValidationError("give exactly one of --reason or --release") }
    }

    func run() async throws {
        var request = AdminRequest(operation: .hold)
        request.award = award
        request.reason = reason
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        print("Award \(award): \(response.message ?? "done").")
    }
}
