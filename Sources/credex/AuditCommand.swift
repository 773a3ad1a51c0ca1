import ArgumentParser
import CredexAccess
import CredexNode
import Foundation

/// `credex audit`: the log of every access to personal data, and its check.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log of accesses to personal data and check its hash chain.",
        discussion: """
            Every entry holds ids only (token, role, action, award, record or learner commitment, \
            outcome) and the SHA-256 of the entry before it; audit-head.json keeps the last seq and \
            hash, so a log cut short is seen too. The chain is always checked: exit 1 names the \
            first bad entry (altered, missing, or a truncated tail). --check prints only the result.
            """
    )

    @Flag(name: .long, help: "Check the chain only; do not list the entries.")
    var check = false

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let node = try directory.access().directory
        // Read-only: checking must not create or repair anything. No database at all is an empty
        // log, which the head mirror then shows to be truncated if it ever held entries.
        let store: SQLiteAccessStore
        if FileManager.default.fileExists(atPath: node.accessDatabaseURL.path) {
            var options = SQLiteAccessStore.Options()
            options.readOnly = true
            store = try SQLiteAccessStore(at: node.accessDatabaseURL, options: options)
        } else {
            store = try SQLiteAccessStore(inMemory: SQLiteAccessStore.Options())
        }
        defer { try? store.close() }
        let log = AuditLog(store: store, mirror: FileAuditHeadMirror(url: node.auditHeadURL))
        let report = try await log.verify()
        var listed: [AuditLine] = []
        if !check {
            var after: Int64 = 0
            while true {
                let page = try await log.entries(afterSeq: after, limit: 1000)
                listed += page.map { AuditLine(seq: $0.seq, entry: $0.entry) }
                guard let last = page.last, page.count == 1000 else { break }
                after = last.seq
            }
        }
        let result = AuditCheck(report)
        if output.json {
            if check { try printJSON(result) } else { try printJSON(AuditListing(entries: listed, check: result)) }
        } else {
            for line in listed { print(line.text) }
            if let problem = report.problem {
                printError("credex: the audit log is damaged: \(problem.reason)")
            } else {
                let lag = report.mirrorLags ? " (the head mirror lags; the next entry brings it level)" : ""
                print("The audit log's chain is whole: \(report.entries) entries\(lag).")
            }
        }
        if !report.isValid { throw ExitCode(1) }
    }
}

/// One entry as `credex audit` prints it.
struct AuditLine: Encodable {
    let seq: Int64
    let time: String?
    let actor: String?
    let role: String?
    let action: String?
    let targets: [[String: String]]?
    let outcome: String?
    let hash: String?
    let damaged: Bool

    init(seq: Int64, entry: AuditEntry?) {
        self.seq = seq
        time = entry?.time
        actor = entry?.event.actor.id
        role = entry?.event.actor.role?.rawValue
        action = entry?.event.action.rawValue
        targets = entry?.event.targets.map { ["type": $0.type, "id": $0.id] }
        outcome = entry?.event.outcome.rawValue
        hash = entry?.hash
        damaged = entry == nil
    }

    var text: String {
        guard !damaged else { return "\(seq)  (damaged: its content does not match its hash)" }
        let who = role.map { "\(actor ?? "?") (\($0))" } ?? (actor ?? "?")
        let what = (targets ?? []).map { "\($0["type"] ?? "?")=\($0["id"] ?? "?")" }.joined(separator: " ")
        return "\(seq)  \(time ?? "")  \(who)  \(action ?? "")  \(outcome ?? "")  \(what)"
    }
}

/// The check's result as `--json` prints it.
struct AuditCheck: Encodable {
    let valid: Bool
    let entries: Int64
    let headSeq: Int64?
    let headHash: String?
    let mirroredSeq: Int64?
    let problem: String?
    let firstBadSeq: Int64?
    let reason: String?

    init(_ report: AuditReport) {
        valid = report.isValid
        entries = report.entries
        headSeq = report.head?.seq
        headHash = report.head?.hash
        mirroredSeq = report.mirrored?.seq
        problem = report.problem?.kind.name
        firstBadSeq = report.problem?.seq
        reason = report.problem?.reason
    }
}

struct AuditListing: Encodable {
    let entries: [AuditLine]
    let check: AuditCheck
}
