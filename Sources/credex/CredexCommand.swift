import ArgumentParser
import CredexCore
import CredexCrypto
import CredexJSON
import CredexNode
import CredexStore
import Foundation

/// The `credex` command-line tool.
@main
struct CredexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credex",
        abstract: "A node for exchanging signed learning credentials across borders.",
        discussion: """
            Exit codes: 0 success; 1 a verification or integrity check failed; 3 the operation was \
            refused or failed (the message says why); 64 the command line is wrong.
            The node directory defaults to $CREDEX_DIR, else ./credex-node.
            """,
        subcommands: [
            InitCommand.self, NodeCommand.self, IssueCommand.self, ShowCommand.self, LogCommand.self,
            SearchCommand.self, VerifyCommand.self, CheckCommand.self, BackupCommand.self, RestoreCommand.self,
            EraseCommand.self, ConfirmHeadCommand.self, ExportCommand.self, ImportCommand.self, TrustCommand.self,
            ShareCommand.self, DeliveriesCommand.self, HoldCommand.self, MapCommand.self, PeersCommand.self,
            BenchCommand.self, TokenCommand.self, AuditCommand.self,
        ]
    )

    /// Runs the command, mapping Credex's own errors to exit code 3 with a one-line message.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)  // usage errors (64), --help and --version (0)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch  where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            exit(withError: error)  // exit codes, help, validation: argument-parser's own
        } catch {
            FileHandle.standardError.write(Data("credex: \(error)\n".utf8))
            Foundation.exit(3)
        }
    }
}

/// Options every command that touches a node directory shares.
struct DirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The node directory (default: $CREDEX_DIR, else ./credex-node).")
    var dir: String?

    var url: URL {
        URL(fileURLWithPath: dir ?? ProcessInfo.processInfo.environment["CREDEX_DIR"] ?? "credex-node")
    }

    func access() throws -> NodeAccess { try NodeAccess(directory: NodeDirectory(url)) }
}

/// `--json` for commands a script reads.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
