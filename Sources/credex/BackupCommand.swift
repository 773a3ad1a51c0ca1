import ArgumentParser
import CredexCore
import CredexNode
import CredexStore
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the node's database to a new file (safe while the node runs).",
        discussion: "Keys are not included: keep the keys/ folder safe separately. DEST must not exist.")

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
        abstract: "Replace the node's database with a backup; the node then refuses to issue until its head is confirmed.",
        discussion: """
            The node must not be running. The backup is checked first; the current database is kept \
            beside it as credex.sqlite.before-restore-<time>. A restored node may be behind what it \
            already issued, so it issues again only after `credex confirm-head` (through peers once \
            replication runs; `--force` until then).
            """)

    @OptionGroup var directory: DirectoryOptions
    @Argument(help: "The backup file.")
    var source: String

    func run() async throws {
        let access = try directory.access()
        let lock = try access.exclusiveLock()
        let sourceURL = URL(fileURLWithPath: source)
        let report = try await SQLiteRecordStore(at: sourceURL, options: readOnlyOptions).check()
        guard report.isClean else {
            throw StoreError(.corrupt, "the backup \(source) fails its check: " + report.problems.prefix(3).joined(separator: "; "))
        }
        let database = access.directory.file(access.configuration.database)
        let staged = database.appendingPathExtension("restoring")
        let manager = FileManager.default
        try? manager.removeItem(at: staged)
        try manager.copyItem(at: sourceURL, to: staged)
        try await SQLiteRecordStore(at: staged).setState(.headConfirmed, "no")
        let kept = database.appendingPathExtension("before-restore-\(Int(Date().timeIntervalSince1970))")
        try manager.moveItem(at: database, to: kept)
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: database.path + suffix) }
        try manager.moveItem(at: staged, to: database)
        withExtendedLifetime(lock) {}
        print("Restored \(report.recordsChecked) records from \(source); the previous database is \(kept.lastPathComponent).")
        print("This node will not issue until its head is confirmed: `credex confirm-head --force` after you have made sure no newer record of this node exists.")
    }

    private var readOnlyOptions: SQLiteRecordStore.Options {
        var options = SQLiteRecordStore.Options()
        options.readOnly = true
        return options
    }
}

struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a learner's personal parts for good; every signature and link stays valid.",
        discussion: "The parts are overwritten on disk (secure_delete, WAL checkpoint) and a tombstone keeps them from being taken again.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A learner identifier value or exact name.")
    var learner: String?
    @Option(help: "An award id.")
    var award: String?

    func validate() throws {
        guard (learner == nil) != (award == nil) else { throw ValidationError("give exactly one of --learner or --award") }
        if let award, (try? RecordID(validating: award)) == nil { throw ValidationError("--award must be a record id") }
    }

    func run() async throws {
        var request = AdminRequest(operation: .erase)
        request.learner = learner
        request.award = award
        let response = try await directory.access().withWriter { try await $0.perform(request) }
        let erased = response.erased ?? []
        if output.json { return try printJSON(erased) }
        print(erased.isEmpty ? "No personal part matched." : "Erased the personal parts of \(erased.count) award(s):")
        for id in erased { print("  \(id)") }
    }
}

struct ConfirmHeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm-head",
        abstract: "After a restore, confirm that this node's head is its latest record, so it may issue again.")

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
