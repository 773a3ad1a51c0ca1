import CredexCore
import CredexNet
import CredexNode
import Foundation

/// Two nodes in one federation on loopback, made with the `credex` commands an administrator
/// runs (`init`, `trust keygen/init/sign/publish/request/propose/export/import`): the sender
/// `did:web:sender.bench.example` and the receiver `did:web:receiver.bench.example`, both
/// admitted with mutual TLS on free ports of 127.0.0.1.
struct ReplicationBenchFederation {
    struct Node {
        let nodeID: String
        let directory: URL
        let port: Int
    }

    let folder: URL
    let sender: Node
    let receiver: Node

    static func make(in folder: URL) throws -> ReplicationBenchFederation {
        func node(_ name: String) throws -> Node {
            guard let port = LoopbackPort.free() else { throw NodeError(.refused, "no free port on 127.0.0.1") }
            return Node(
                nodeID: "did:web:\(name).bench.example",
                directory: folder.appendingPathComponent(name),
                port: port
            )
        }
        let federation = ReplicationBenchFederation(
            folder: folder,
            sender: try node("sender"),
            receiver: try node("receiver")
        )
        try federation.admitBoth()
        return federation
    }

    private func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    private func credex(_ arguments: [String], at node: Node? = nil) throws -> String {
        try BenchProcess.run(arguments + (node.map { ["--dir", $0.directory.path] } ?? []), in: outputs)
    }

    /// Where the commands' outputs go.
    private var outputs: URL { folder.appendingPathComponent("commands") }

    private func admitBoth() throws {
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let nodes = [sender, receiver]
        for (index, node) in nodes.enumerated() {
            try credex(
                ["init", "--node-id", node.nodeID, "--name", "Bench University \(index + 1)", "--country", "IE"],
                at: node
            )
        }
        let admin = file("admin.pem")
        let keyID = try credex(["trust", "keygen", "--out", admin]).trimmingCharacters(in: .whitespacesAndNewlines)
        try credex([
            "trust", "init", "--federation", "urn:credex:federation:local", "--name", "Bench federation",
            "--admin", "\(keyID)=Bench admin", "--threshold", "1", "--out", file("v1.json"),
        ])
        try credex(["trust", "sign", file("v1.json"), "--key", admin])
        try credex(["trust", "publish", file("v1.json")], at: sender)
        for (index, node) in nodes.enumerated() {
            let request = file("request-\(index).json")
            try credex(
                [
                    "trust", "request", "--endpoint", "https://127.0.0.1:\(node.port)", "--transport", "mtls",
                    "--institution", "Bench University \(index + 1)", "--country", "IE", "--eea", "--out", request,
                ],
                at: node
            )
            let proposal = file("admit-\(index).json")
            try credex(["trust", "propose", "--admit", request, "--out", proposal], at: sender)
            try credex(["trust", "sign", proposal, "--key", admin])
            try credex(["trust", "publish", proposal], at: sender)
        }
        let exported = file("trustlist.jsonl")
        try credex(["trust", "export", "--out", exported], at: sender)
        let shown = try credex(["trust", "show", "--json"], at: sender)
        guard let pin = shown.firstMatch(of: /"contentId" *: *"([0-9a-f]{64})"/)?.1 else {
            throw NodeError(.refused, "credex trust show --json names no contentId")
        }
        try credex(["trust", "import", exported, "--pin", String(pin)], at: receiver)
    }

    /// Starts `credex node run` at `node` on its peer port, pulling only from `pullFrom`, and
    /// waits until the port accepts connections.
    func start(_ node: Node, pullFrom: String) async throws -> BenchProcess {
        let name = node.directory.lastPathComponent
        let child = try BenchProcess(
            [
                "node", "run", "--dir", node.directory.path, "--peer-listen", "127.0.0.1:\(node.port)",
                "--pull-from", pullFrom,
            ],
            stdout: folder.appendingPathComponent("\(name).out"),
            stderr: folder.appendingPathComponent("\(name).log")
        )
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            guard child.isRunning else {
                throw NodeError(.refused, "\(name) ended: \(child.text(child.stderrURL))")
            }
            if child.text(child.stderrURL).contains("] listening") { return child }
            try await Task.sleep(for: .milliseconds(20))
        }
        child.terminate()
        throw NodeError(.refused, "\(name) did not listen within 30 s: \(child.text(child.stderrURL))")
    }
}
