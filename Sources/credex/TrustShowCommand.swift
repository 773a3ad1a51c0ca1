import ArgumentParser
import CredexCore
import CredexNode
import CredexTrust
import Foundation

struct TrustShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a trust-list version: admins, threshold, and every member with its standing and keys.",
        discussion: "Without FILE, the version in force in the node (--dir). STALE: its next update is overdue."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "A signed version or proposal file (with at least one signature).")
    var file: String?

    func run() async throws {
        let version: TrustListVersion
        if let file {
            version = try TrustProposal(path: file).version()
        } else {
            version = try await directory.access().currentTrustVersion()
        }
        let trust = try FederationTrust(version)
        let summary = Summary(trust, contentID: version.contentID)
        if output.json { return try printJSON(summary) }
        print("Trust list of \(summary.federation), version \(summary.version) (content id \(summary.contentId))")
        print("name        \(summary.name)")
        print("issued      \(summary.issuedAt), next update due \(summary.nextUpdate)\(summary.stale ? "  STALE" : "")")
        print("admins      \(summary.threshold) of \(summary.admins.count) must sign")
        for admin in summary.admins { print("  \(admin.keyId)  \(admin.name)") }
        print("members     \(summary.members.count)")
        for member in summary.members {
            print("  \(member.nodeId)  \(member.standing)  \(member.transport)  \(member.endpoint)")
            print("    institutions  \(member.institutions.joined(separator: "; "))")
            print("    roles         \(member.roles.joined(separator: ", "))")
            for pin in member.tlsPins { print("    TLS pin       \(pin)") }
            for key in member.signingKeys {
                print(
                    "    signing key   \(key.keyId) from seq \(key.fromSeq)\(key.through.map { " through \($0)" } ?? "")"
                )
            }
        }
        for fork in summary.forkResolutions { print("fork of \(fork.issuer) resolved: valid \(fork.valid)") }
    }

    struct Summary: Encodable {
        struct Member: Encodable {
            let nodeId: String
            let standing: String
            let transport: String
            let endpoint: String
            let roles: [String]
            let institutions: [String]
            let tlsPins: [String]
            let signingKeys: [TrustListContent.SigningKey]
        }

        let federation: String
        let version: Int64
        let contentId: String
        let name: String
        let issuedAt: String
        let nextUpdate: String
        let stale: Bool
        let threshold: Int
        let admins: [TrustListContent.Admin]
        let members: [Member]
        let forkResolutions: [TrustListContent.ForkResolution]

        init(_ trust: FederationTrust, contentID: RecordID) {
            let content = trust.content
            federation = trust.federation
            version = trust.version
            contentId = contentID.rawValue
            name = content.name
            issuedAt = content.issuedAt.rawValue
            nextUpdate = content.nextUpdate.rawValue
            stale = trust.isStale(now: Date())
            threshold = content.threshold
            admins = content.admins
            forkResolutions = content.forkResolutions ?? []
            members = content.members.compactMap { entry in
                guard let member = trust.members[entry.nodeId] else { return nil }
                return Member(
                    nodeId: entry.nodeId.rawValue,
                    standing: Self.describe(member.standing),
                    transport: entry.transport,
                    endpoint: entry.endpoint,
                    roles: entry.roles,
                    institutions: entry.institutions.map { "\($0.legalName) (\($0.country))" },
                    tlsPins: member.tlsPins.sorted(),
                    signingKeys: entry.signingKeys
                )
            }
        }

        static func describe(_ standing: FederationTrust.Standing) -> String {
            switch standing {
            case .active: return "active"
            case .suspended(let through): return "suspended" + (through.map { " through \($0.seq):\($0.id)" } ?? "")
            case .withdrawn(let through): return "withdrawn" + (through.map { " through \($0.seq):\($0.id)" } ?? "")
            }
        }
    }
}
