import CredexCore
import CredexJSON
import CredexNode
import Foundation

/// The API bench's running nodes: the sender issuing a trickle of specs through its admin socket,
/// the receiver pulling them (replication running) while it serves the officers' API.
extension ReplicationBenchFederation {
    /// Starts `credex node run` at `node` on its peer port and, with `apiPort`, the API port;
    /// pulling only from `pullFrom`; waits until every listener accepts connections.
    func startServing(_ node: Node, pullFrom: String, apiPort: Int? = nil) async throws -> BenchProcess {
        let name = node.directory.lastPathComponent
        var arguments = [
            "node", "run", "--dir", node.directory.path, "--peer-listen", "127.0.0.1:\(node.port)",
            "--pull-from", pullFrom,
        ]
        if let apiPort { arguments += ["--api-listen", "127.0.0.1:\(apiPort)"] }
        let child = try BenchProcess(
            arguments,
            stdout: folder.appendingPathComponent("\(name).out"),
            stderr: folder.appendingPathComponent("\(name).log")
        )
        let listeners = apiPort == nil ? 1 : 2
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            guard child.isRunning else {
                throw NodeError(.refused, "\(name) ended: \(child.text(child.stderrURL).suffix(800))")
            }
            if child.text(child.stderrURL).components(separatedBy: "] listening").count > listeners { return child }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.terminate()
        throw NodeError(.refused, "\(name) did not listen within 60 s: \(child.text(child.stderrURL).suffix(800))")
    }

    /// A new officer token on `node` (not running, or running: tokens live in access.sqlite).
    func officerToken(_ node: Node) throws -> String {
        let output = try BenchProcess.run(
            ["token", "create", "--role", "officer", "--name", "API bench", "--json", "--dir", node.directory.path],
            in: folder.appendingPathComponent("commands")
        )
        guard let token = output.firstMatch(of: /"token" *: *"([^"]+)"/)?.1 else {
            throw NodeError(.refused, "credex token create --json printed no token")
        }
        return String(token)
    }
}

/// Specs issued at the running sender through its admin socket, `perSecond` of them, until cancelled.
struct APIBenchTrickle {
    let sender: URL
    let perSecond: Double

    /// Issues until the task is cancelled; returns how many it issued.
    func run() async throws -> Int {
        guard perSecond > 0 else {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(100)) }
            return 0
        }
        let access = try NodeAccess(directory: NodeDirectory(sender))
        let interval = Duration.seconds(1 / perSecond)
        let clock = ContinuousClock()
        var next = clock.now
        var issued = 0
        while !Task.isCancelled {
            var request = AdminRequest(operation: .issue)
            request.kind = "spec"
            request.document = JCS.canonicalString(
                APIBenchCatalogue.spec(seq: Int64(10_000_000 + issued), padding: 400)
            )
            do {
                _ = try await access.withWriter { try await $0.perform(request) }
            } catch {
                if Task.isCancelled { break }
                throw error
            }
            issued += 1
            next += interval
            do { try await Task.sleep(until: next, clock: clock) } catch { break }
        }
        return issued
    }
}
