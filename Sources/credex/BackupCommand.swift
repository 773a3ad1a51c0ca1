import ArgumentParser
import CredexCore
import CredexNode
import CredexStore
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the node's database to a new file (safe while the node runs).",
        discussion: """
            DEST must not exist; it is created with mode 0600, as it holds personal data, and later \
            erasures do not reach it. Keys are not included: keep the keys/ folder safe separately.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @Argument(help: "The backup file to create.")
    var destination: String

    func run() async throws {
        let store = try directory.access().reader()
        try await store.backup(to: URL(fileURLWithPath: destination))
        print("Backed up to \(destination)")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract:
            "Replace the node's database with a backup; the node then refuses to issue until its head is confirmed.",
        discussion: """
            The node must not be running. The backup is checked first; erasures made since it was \
            taken are applied to it; the current database is kept beside it (with its WAL) as \
            credex.sqlite.before-restore-<time>. A restored node may be behind what it \
            already issued, so it issues again only once its head is confirmed: a running node pulls \
            any later records of its own log back from its peers and confirms its head when they hold \
            none beyond it; `credex confirm-head --force` confirms it on the operator's word.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @Argument(help: "The backup file.")
    var source: String

    func run() async throws {
        let summary = try await directory.access().restore(from: URL(fileURLWithPath: source))
        print(
            "Restored \(summary.records) records from \(source); the previous database is \(summary.kept.lastPathComponent)."
        )
        print("Erasures made since the backup were applied to it.")
        print(
            "The previous database still holds personal data, and later erasures do not reach it: delete it once you no longer need it."
        )
        print(
            "This node will not issue until its head is confirmed: run it (`credex node run`) and its peers confirm it, or `credex confirm-head --force` once you are sure no newer record of this node exists."
        )
    }
}

struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a learner's personal parts for good; every signature and link stays valid.",
        discussion: """
            The parts are overwritten in the node's database (secure_delete, WAL checkpoint) and a tombstone \
            keeps them from being taken again. Backups and databases kept by `restore` are separate files: \
            erase from them, or delete them, yourself. Give --learner - to read the value from standard \
            input, so it stays out of the process list and shell history.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A learner identifier value or exact name.")
    var learner: String?
    @Option(help: "With --learner: match only an identifier of this scheme (names then never match).")
    var scheme: String?
    @Option(help: "An award id.")
    var award: String?

    func validate() throws {
        guard (learner == nil) != (award == nil) else {
            throw ValidationError("give exactly one of --learner or --award")
        }
        if let award, (try? RecordID(validating: award)) == nil { throw ValidationError("--award must be a record id") }
        if scheme != nil, learner == nil { throw ValidationError("--scheme goes with --learner") }
    }

    func run() async throws {
        var request = AdminRequest(operation: .erase)
        request.learner = learner == "-" ? readLine(strippingNewline: true) : learner
        request.scheme = scheme
        request.award = award
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        let erased = response.erased ?? []
        if output.json { return try printJSON(erased) }
        print(erased.isEmpty ? "No personal part matched." : "Erased the personal parts of \(erased.count) award(s):")
        for id in erased { print("  \(id)") }
        let notices = response.outbox ?? []
        if !notices.isEmpty {
            print("Erasure notices go to every node that was sent these parts (see `credex deliveries`):")
            for notice in notices { print("  \(notice.recipient) (award \(notice.award.rawValue.prefix(12))…)") }
        }
    }
}

struct ConfirmHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm-head",
        abstract: "After a restore, confirm that this node's head is its latest record, so it may issue again."
    )

    @OptionGroup var directory: DirectoryOptions
    @Flag(help: "Confirm on the operator's word (logged in the node's state).")
    var force = false

    func run() async throws {
        var request = AdminRequest(operation: .confirmHead)
        request.force = force
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        print("Confirmed: \(response.message ?? "")")
    }
}
