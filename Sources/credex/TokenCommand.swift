import ArgumentParser
import CredexAccess
import CredexNode
import Foundation

/// `credex token`: the bearer tokens officers use on the node's API and web pages.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the bearer tokens of the node's officers.",
        discussion: """
            Roles, each including the one before: officer (read records and personal parts for a \
            case, save recognition reports), operator (also learners' GDPR access, export and \
            erasure), admin (also tokens, the audit log, configuration). Tokens live in access.sqlite \
            in the node directory, stored as SHA-256 only; these commands work whether or not the node runs.
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it, once: it is not stored and cannot be shown again."
    )

    @Option(name: .long, help: "officer, operator or admin.")
    var role: String

    @Option(name: .long, help: "The person who will hold it, e.g. \"Ana García (UAB)\".")
    var name: String

    @Option(name: .customLong("expires-days"), help: "Stop signing in after this many days (default: never).")
    var expiresDays: Int?

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard Role(rawValue: role) != nil else {
            throw ValidationError("--role must be officer, operator or admin")
        }
        if let expiresDays, !(1...3650).contains(expiresDays) {
            throw ValidationError("--expires-days must be between 1 and 3650")
        }
    }

    func run() async throws {
        try await directory.withAccessControl { access in
            let expiry = expiresDays.map { Date().addingTimeInterval(Double($0) * 86_400) }
            let issued = try await access.createToken(
                name: name,
                role: Role(rawValue: role) ?? .officer,
                expiresAt: expiry
            )
            if output.json {
                return try printJSON(TokenSummary(issued.record, secret: issued.secret, now: Date()))
            }
            print("id: \(issued.record.id)")
            print("token: \(issued.secret)")
            printError("Give the token to \(issued.record.name) now: it is shown only this once.")
        }
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tokens: id, role, state, holder and dates (never the tokens themselves)."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await directory.withAccessControl { access in
            let now = Date()
            let tokens = try await access.tokens()
            if output.json { return try printJSON(tokens.map { TokenSummary($0, now: now) }) }
            guard !tokens.isEmpty else { return print("No tokens; `credex token create` makes one.") }
            for token in tokens {
                let summary = TokenSummary(token, now: now)
                print(
                    "\(summary.id)  \(summary.role)  \(summary.state)  \(summary.name)  created \(summary.createdAt)"
                        + (summary.expiresAt.map { "  expires \($0)" } ?? "")
                        + (summary.revokedAt.map { "  revoked \($0)" } ?? "")
                )
            }
        }
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token: it stops signing in and its web sessions end at once."
    )

    @Argument(help: "The token's id (tk_…), as `credex token list` shows it.")
    var id: String

    @OptionGroup var directory: DirectoryOptions

    func validate() throws {
        do {
            _ = try TokenID(validating: id)
        } catch {
            throw ValidationError(
                "\(id) is not a token id: ids are tk_ and 16 hex digits, as `credex token list` shows"
            )
        }
    }

    func run() async throws {
        try await directory.withAccessControl { access in
            let record = try await access.revokeToken(try TokenID(validating: id))
            print("Revoked \(record.id) (\(record.role)).")
        }
    }
}

/// A token as `credex token create|list --json` prints it.
struct TokenSummary: Encodable {
    let id: String
    let role: String
    let name: String
    let state: String
    let createdAt: String
    let expiresAt: String?
    let revokedAt: String?
    /// Only from `create`, the once it is shown.
    let token: String?

    init(_ record: TokenRecord, secret: String? = nil, now: Date) {
        let format = Date.ISO8601FormatStyle()
        id = record.id.rawValue
        role = record.role.rawValue
        name = record.name
        state = record.state(at: now)
        createdAt = format.format(record.createdAt)
        expiresAt = record.expiresAt.map(format.format)
        revokedAt = record.revokedAt.map(format.format)
        token = secret
    }
}

extension DirectoryOptions {
    /// Runs `body` with the node's access control over `access.sqlite`, created (mode 0600) if absent.
    func withAccessControl<T>(_ body: (AccessControl) async throws -> T) async throws -> T {
        let node = try access().directory
        let store = try SQLiteAccessStore(at: node.accessDatabaseURL)
        defer { try? store.close() }
        return try await body(AccessControl(store: store, auditMirror: FileAuditHeadMirror(url: node.auditHeadURL)))
    }
}
