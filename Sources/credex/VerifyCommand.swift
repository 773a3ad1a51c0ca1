import ArgumentParser
import CredexCore
import CredexNode
import CredexStore
import CredexVerification
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Credex record (a file, or an id in the node) or an uploaded credential document.",
        discussion: """
            Prints each check as ok, FAIL or ?? (unknown: shown, never a failure) with its reason; \
            --json prints the whole report. A file is checked against the node's records and trust list \
            when the node directory exists. Exits 0 only when no check failed; 1 otherwise.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A file path, or the id of a stored record.")
    var target: String

    func run() async throws {
        let report: VerificationReport
        if let id = try? RecordID(validating: target), !FileManager.default.fileExists(atPath: target) {
            let access = try directory.access()
            report = try await verifier(access).verify(id: id)
            if report.subject.record == nil {
                throw StoreError(
                    .notFound,
                    "no record \(id) in \(directory.url.path) (to verify a file, give its path)"
                )
            }
        } else {
            let bytes = [UInt8](try readFile(target))
            // A file is verified against the node when there is one, else against nothing held.
            let verifier =
                if FileManager.default.fileExists(atPath: directory.url.path), let access = try? directory.access() {
                    try await verifier(access)
                } else {
                    Verifier(store: try SQLiteRecordStore(inMemory: .init()), trust: nil, now: .now)
                }
            report = try await verifier.verify(document: bytes)
        }
        if output.json {
            try printJSON(report)
        } else {
            for check in report.checks { print("\(Self.label(check.outcome)) \(check.name): \(check.reason)") }
        }
        if report.outcome == .fail { throw ExitCode(1) }
    }

    /// The node's records under the trust list in force, if it holds one.
    private func verifier(_ access: NodeAccess) async throws -> Verifier {
        let store = try access.reader()
        let archive = TrustListArchive(
            store: store,
            federation: access.configuration.federation,
            pin: access.configuration.trustListPin
        )
        return Verifier(store: store, trust: try? await archive.current(), now: .now)
    }

    static func label(_ outcome: Check.Outcome) -> String {
        switch outcome {
        case .pass: return "ok  "
        case .fail: return "FAIL"
        case .unknown: return "??  "
        }
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-verify every stored record, signature, chain link and personal part.",
        discussion: "Exits 1 if any problem is found."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    struct CheckSummary: Encodable {
        let records: Int, personalParts: Int, problems: [String]
    }

    func run() async throws {
        let report = try await directory.access().reader().check()
        if output.json {
            try printJSON(
                CheckSummary(
                    records: report.recordsChecked,
                    personalParts: report.personalPartsChecked,
                    problems: report.problems
                )
            )
        } else {
            print("Checked \(report.recordsChecked) records and \(report.personalPartsChecked) personal parts.")
            for problem in report.problems { print("PROBLEM \(problem)") }
            if report.isClean { print("No problems found.") }
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
