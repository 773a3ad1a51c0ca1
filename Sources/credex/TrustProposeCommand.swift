import ArgumentParser
import CredexCore
import CredexJSON
import CredexNode
import CredexTrust
import Foundation

struct TrustProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Propose the next trust-list version: one change to the version in force.",
        discussion: """
            The version in force comes from a node (--dir) or a signed version file (--from). Give exactly \
            one change (--threshold may come with --add-admin or --remove-admin; --renew changes nothing \
            but the dates). Positions are SEQ:RECORD-ID in the member's log: a suspended or withdrawn \
            member's records stay valid through it; a rotated key signs through it, the new key from the \
            next seq.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions
    @Option(
        help: ArgumentHelp(
            "A signed version file to start from, instead of the node's version in force.",
            valueName: "version-file"
        )
    )
    var from: String?
    @Option(help: ArgumentHelp("The proposal file to create.", valueName: "proposal-file"))
    var out: String
    @Option(help: "Days until the next version is due.")
    var nextUpdateDays = 30

    @Option(help: ArgumentHelp("Admit the node of this join request file.", valueName: "request-file"))
    var admit: String?
    @Option(
        parsing: .upToNextOption,
        help: "With --admit: a fact the admins checked out of band (legalName, country, schacDomain, …)."
    )
    var attest: [String] = []
    @Option(
        parsing: .upToNextOption,
        help: "With --admit: a credential type the member is accredited for (repeatable)."
    )
    var credentialType: [String] = []
    @Option(
        parsing: .upToNextOption,
        help: "With --admit: an EQF level (1-8) the member is accredited at (repeatable)."
    )
    var eqfLevel: [Int] = []
    @Option(help: ArgumentHelp("Suspend this member (with --through).", valueName: "node-id"))
    var suspend: NodeID?
    @Option(help: ArgumentHelp("Withdraw this member (with --through).", valueName: "node-id"))
    var withdraw: NodeID?
    @Option(help: ArgumentHelp("Reinstate this suspended or withdrawn member.", valueName: "node-id"))
    var reinstate: NodeID?
    @Option(
        help: ArgumentHelp("Rotate this member's signing key (with --old, --through, --new).", valueName: "node-id")
    )
    var rotateKey: NodeID?
    @Option(help: ArgumentHelp("With --rotate-key: the current key.", valueName: "key-id"))
    var old: KeyID?
    @Option(help: ArgumentHelp("With --rotate-key: the new key.", valueName: "key-id"))
    var new: KeyID?
    @Option(
        help: ArgumentHelp(
            "The last record that stays valid (--suspend, --withdraw, --rotate-key).",
            valueName: "seq:record-id"
        )
    )
    var through: PositionArgument?
    @Option(
        name: .customLong("add-tls-pin"),
        parsing: .upToNextOption,
        help: ArgumentHelp("NODE PIN: add a TLS pin.", valueName: "node-id pin")
    )
    var addTLSPin: [String] = []
    @Option(
        name: .customLong("retire-tls-pin"),
        parsing: .upToNextOption,
        help: ArgumentHelp("NODE PIN: retire a TLS pin.", valueName: "node-id pin")
    )
    var retireTLSPin: [String] = []
    @Option(help: ArgumentHelp("Resolve a fork in this member's log (with --valid).", valueName: "node-id"))
    var resolveFork: NodeID?
    @Option(help: ArgumentHelp("With --resolve-fork: the valid record.", valueName: "seq:record-id"))
    var valid: PositionArgument?
    @Option(help: ArgumentHelp("Add an admin, KEYID=NAME.", valueName: "key-id=name"))
    var addAdmin: AdminArgument?
    @Option(help: ArgumentHelp("Remove an admin key.", valueName: "key-id"))
    var removeAdmin: KeyID?
    @Option(help: ArgumentHelp("Set how many admins must sign.", valueName: "k"))
    var threshold: Int?
    @Flag(help: "No change: re-issue the version in force with a new next-update date.")
    var renew = false
    @Option(help: ArgumentHelp("A reason recorded with a suspension, withdrawal or reinstatement.", valueName: "text"))
    var reason: String?

    func validate() throws {
        let changes: [Bool] = [
            admit != nil, suspend != nil, withdraw != nil, reinstate != nil, rotateKey != nil, !addTLSPin.isEmpty,
            !retireTLSPin.isEmpty, resolveFork != nil, addAdmin != nil, removeAdmin != nil, renew,
        ]
        // A new threshold may come with an admin change: both are then signed by the old and new admins.
        let count = changes.filter { $0 }.count
        let adminChange = addAdmin != nil || removeAdmin != nil
        guard count == 1 && (threshold == nil || adminChange) || count == 0 && threshold != nil else {
            throw ValidationError(
                "give exactly one change (--admit, --suspend, --withdraw, … see --help); "
                    + "only --add-admin or --remove-admin may come with --threshold"
            )
        }
        if suspend != nil || withdraw != nil || rotateKey != nil, through == nil {
            throw ValidationError("give --through SEQ:RECORD-ID, the member's last record that stays valid")
        }
        if rotateKey != nil, old == nil || new == nil { throw ValidationError("--rotate-key needs --old and --new") }
        if resolveFork != nil, valid == nil { throw ValidationError("--resolve-fork needs --valid SEQ:RECORD-ID") }
        for (name, values) in [("--add-tls-pin", addTLSPin), ("--retire-tls-pin", retireTLSPin)]
        where !values.isEmpty && (values.count != 2 || (try? NodeID(validating: values[0])) == nil) {
            throw ValidationError("\(name) takes a node id and a pin: \(name) did:web:node.example sha256/…")
        }
        guard nextUpdateDays >= 1 else { throw ValidationError("--next-update-days must be at least 1") }
        try requireNew(out)
    }

    func run() async throws {
        let current = try await currentVersion()
        let next = try edit(current.content, version: current.version + 1, federation: current.federation)
        let now = Date()
        let draft = try next.draft(
            federation: current.federation,
            after: current,
            now: now,
            nextUpdate: daysFromNow(nextUpdateDays, now: now)
        )
        try TrustProposal(draft: draft).write(to: out)
        try printProposed(draft, to: out, json: output.json)
    }

    private func currentVersion() async throws -> TrustListVersion {
        if let from { return try TrustProposal(path: from).version() }
        return try await directory.access().currentTrustVersion()
    }

    /// The one change asked for, applied to `content` as list version `version`.
    private func edit(_ content: TrustListContent, version: Int64, federation: String) throws -> TrustListContent {
        if let admit {
            let request = try JoinRequest.verified(from: try StrictJSON.parse(try readFile(admit), mode: .record))
            let scope =
                credentialType.isEmpty && eqfLevel.isEmpty
                ? nil : TrustListContent.Accreditation(credentialTypes: credentialType, eqfLevels: eqfLevel)
            return try content.admitting(
                request,
                federation: federation,
                version: version,
                attested: attest,
                accreditation: scope
            )
        }
        if let suspend, let through {
            return try content.suspending(suspend, validThrough: through.position, version: version, reason: reason)
        }
        if let withdraw, let through {
            return try content.withdrawing(withdraw, validThrough: through.position, version: version, reason: reason)
        }
        if let reinstate { return try content.reinstating(reinstate, version: version, reason: reason) }
        if let rotateKey, let old, let new, let through {
            return try content.rotatingKey(of: rotateKey, old: old, through: through.position, new: new)
        }
        if addTLSPin.count == 2 {
            return try content.addingTLSPin(addTLSPin[1], to: try NodeID(validating: addTLSPin[0]), version: version)
        }
        if retireTLSPin.count == 2 {
            return try content.retiringTLSPin(
                retireTLSPin[1],
                of: try NodeID(validating: retireTLSPin[0]),
                version: version
            )
        }
        if let resolveFork, let valid { return try content.resolvingFork(of: resolveFork, valid: valid.position) }
        if renew { return content }
        return try governance(content)
    }

    /// An admin change, a threshold change, or both: a lower threshold before an admin leaves, a
    /// higher one after an admin joins.
    private func governance(_ content: TrustListContent) throws -> TrustListContent {
        if addAdmin == nil, removeAdmin == nil, let threshold { return try content.changingThreshold(to: threshold) }
        var next = content
        if let threshold, threshold < content.threshold { next = try next.changingThreshold(to: threshold) }
        if let addAdmin { next = try next.addingAdmin(addAdmin.admin.keyId, name: addAdmin.admin.name) }
        if let removeAdmin { next = try next.removingAdmin(removeAdmin) }
        if let threshold, threshold > content.threshold { next = try next.changingThreshold(to: threshold) }
        return next
    }
}
