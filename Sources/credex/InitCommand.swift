import ArgumentParser
import CredexCore
import CredexNode
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a node directory: signing key, TLS key and certificate, configuration, database.",
        discussion: """
            The node's first record is its self-declared issuer profile, signed with the new key. \
            Keys are written with mode 0600 and never overwritten.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The node's stable id: did:web:<host> or a URN. Never derived from a key.")
    var nodeId: String
    @Option(help: "The federation id.")
    var federation = "urn:credex:federation:local"
    @Option(help: "The institution's name (English), as the node's profile declares it.")
    var name: String
    @Option(help: "The institution's country, ISO 3166-1 alpha-2 (e.g. IE).")
    var country: String
    @Option(help: "The institution's web site.")
    var homepage: String?
    @Option(help: "A host name for the TLS certificate (repeatable; default: the did:web host, else localhost).")
    var host: [String] = []
    @Option(
        help: """
            The API port's public https URL (e.g. https://credex.example.edu:8443): the node publishes \
            its revocation list there, and its signed exports point to it.
            """
    )
    var publicURL: String?

    func validate() throws {
        guard (try? NodeID(validating: nodeId)) != nil else {
            throw ValidationError("--node-id must be did:web:<host> or urn:<nid>:<name>, e.g. did:web:credex.mu.ie")
        }
        guard (try? CountryCode(validating: country)) != nil else {
            throw ValidationError("--country must be two upper-case letters, e.g. IE")
        }
        if let publicURL,
            URLComponents(string: publicURL)?.scheme != "https" || URLComponents(string: publicURL)?.host == nil
        {
            throw ValidationError("--public-url must be an https URL, e.g. https://credex.example.edu:8443")
        }
    }

    func run() async throws {
        let nodeID = try NodeID(validating: nodeId)
        let didHost = nodeId.hasPrefix("did:web:") ? [String(nodeId.dropFirst(8).split(separator: ":")[0])] : []
        var setup = NodeDirectory.Setup(
            nodeID: nodeID,
            federation: federation,
            name: try LanguageMap(["en": name]),
            country: try CountryCode(validating: country),
            homepage: homepage,
            dnsNames: host.isEmpty ? (didHost.isEmpty ? ["localhost"] : didHost) : host
        )
        setup.publicURL = publicURL
        let (created, profile) = try await NodeDirectory.initialize(at: directory.url, setup: setup)
        if output.json {
            try printJSON(["directory": created.url.path, "nodeId": nodeId, "profile": profile.id.rawValue])
        } else {
            print("Created node \(nodeId) in \(created.url.path)")
            print("Issuer profile: \(profile.id) (#1)")
        }
    }
}

struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a node.",
        subcommands: [Run.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the node in the foreground until SIGINT or SIGTERM.",
            discussion: """
                The running node holds the directory lock and serves admin.sock (mode 0600): while it runs, \
                commands that write (issue, erase, confirm-head) go through it and commands that read open \
                the database read-only. The listeners configured in node.json (or given here) serve peers \
                and officers under the federation's trust list in force (`credex trust`); SIGHUP reloads it. \
                It pulls records from every active member (or those --pull-from names) and follows newer \
                trust-list versions they announce. CREDEX_PEER_LISTEN, CREDEX_API_LISTEN, \
                CREDEX_PROXY_LISTEN and CREDEX_PULL_FROM (comma-separated) stand in for the options; \
                node.json is documented in Network/README.md.
                """
        )

        @OptionGroup var directory: DirectoryOptions
        @Option(help: "Serve the peer port (mutual TLS) at HOST:PORT (overrides node.json's listen.peer).")
        var peerListen: String?
        @Option(help: "Serve the API port (server TLS) at HOST:PORT (overrides listen.api).")
        var apiListen: String?
        @Option(help: "Serve signed requests from a TLS-terminating proxy at a loopback HOST:PORT or unix:PATH.")
        var proxyListen: String?
        @Option(
            help:
                "Pull records only from this member (repeatable; overrides node.json's pullFrom; default: every active member)."
        )
        var pullFrom: [String] = []

        func validate() throws {
            for id in pullFrom where (try? NodeID(validating: id)) == nil {
                throw ValidationError("--pull-from \(id) is not a node id (did:web:<host> or a URN)")
            }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let listen = NodeConfiguration.Listen(
                peer: peerListen ?? environment["CREDEX_PEER_LISTEN"],
                api: apiListen ?? environment["CREDEX_API_LISTEN"],
                proxy: proxyListen ?? environment["CREDEX_PROXY_LISTEN"]
            )
            var node = RunningNode(access: try directory.access(), logger: makeLogger(), listen: listen)
            let pulled =
                pullFrom.isEmpty
                ? (environment["CREDEX_PULL_FROM"]?.split(separator: ",").map(String.init) ?? []) : pullFrom
            if !pulled.isEmpty {
                node.pullFrom = try pulled.map {
                    do { return try NodeID(validating: $0.trimmingCharacters(in: .whitespaces)) } catch {
                        throw ValidationError("\($0) (--pull-from or CREDEX_PULL_FROM) is not a node id")
                    }
                }
            }
            try await node.run()
        }
    }
}
