import ArgumentParser
import CredexCore
import CredexJSON
import CredexNode
import CredexTrust
import Foundation

struct TrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Govern the federation's trust list: admin keys, join requests, proposals, versions.",
        discussion: """
            A new version is proposed (init, propose), signed offline by the admins (sign), and published \
            into a node once enough have signed (publish); a node that runs puts it in force at once. \
            A joining node imports the history (import --pin) given the content id of the version it \
            was handed out of band. Exit codes: 0 success; 3 refused or failed (the message says why); \
            64 the command line is wrong.
            """,
        subcommands: [
            TrustKeygenCommand.self, TrustInitCommand.self, TrustRequestCommand.self, TrustProposeCommand.self,
            TrustSignCommand.self, TrustPublishCommand.self, TrustShowCommand.self, TrustDiffCommand.self,
            TrustHistoryCommand.self, TrustExportCommand.self, TrustImportCommand.self,
        ]
    )
}

/// Refuses to overwrite `path` (proposal and request files are evidence).
func requireNew(_ path: String, option: String = "--out") throws {
    if FileManager.default.fileExists(atPath: path) {
        throw ValidationError("\(path) exists: choose another \(option)")
    }
}

/// A log position given as `SEQ:ID`.
struct PositionArgument: ExpressibleByArgument {
    let position: LogPosition

    init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1,
            let id = try? RecordID(validating: String(parts[1]))
        else { return nil }
        position = LogPosition(seq: seq, id: id)
    }

    static var defaultValueDescription: String { "SEQ:RECORD-ID" }
}

/// An admin given as `KEYID=NAME`.
struct AdminArgument: ExpressibleByArgument {
    let admin: TrustListContent.Admin

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[1].isEmpty, let key = try? KeyID(validating: String(parts[0])) else {
            return nil
        }
        admin = .init(keyId: key, name: String(parts[1]))
    }
}

extension KeyID: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(validating: argument) }
}

extension NodeID: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(validating: argument) }
}

extension NodeAccess {
    /// The node's trust-list log, read-only.
    func trustArchive() throws -> TrustListArchive {
        TrustListArchive(store: try reader(), federation: configuration.federation, pin: configuration.trustListPin)
    }

    /// The version in force in the node's log.
    func currentTrustVersion() async throws -> TrustListVersion {
        guard let current = try await trustArchive().load().current else {
            throw NodeError(.configuration, "\(directory.url.path) holds no trust list in force (import one first)")
        }
        return current
    }
}

/// `now` plus `days`, as a claimed time.
func daysFromNow(_ days: Int, now: Date = Date()) -> ClaimedTime {
    ClaimedTime(now.addingTimeInterval(TimeInterval(days) * 86_400))
}
