import Foundation
import Logging

/// Runs the operator's alert command (`alertCommand` in node.json) when something needs a human:
/// a fork, or a trust-list history a peer served that did not check. The command gets the kind and
/// the detail in `CREDEX_ALERT_KIND` and `CREDEX_ALERT_DETAIL`, and runs in the background: a slow
/// or failing command never holds up the node, and its failure is logged.
struct AlertHook: Sendable {
    /// What the alert is about.
    enum Kind: String, Sendable {
        case fork
        case trust
    }

    /// The program and its arguments; nil: alerts are only logged.
    let command: [String]?
    let nodeID: String
    let logger: Logger

    func alert(_ kind: Kind, _ detail: String) {
        logger.critical("alert: \(detail)", metadata: ["alert.kind": "\(kind.rawValue)"])
        guard let command, let program = command.first else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging([
            "CREDEX_ALERT_KIND": kind.rawValue, "CREDEX_ALERT_DETAIL": detail, "CREDEX_NODE_ID": nodeID,
        ]) { $1 }
        let logger = logger
        process.terminationHandler = { finished in
            if finished.terminationStatus != 0 {
                logger.error("the alert command failed", metadata: ["status": "\(finished.terminationStatus)"])
            }
        }
        do {
            try process.run()
        } catch {
            logger.error("the alert command cannot run", metadata: ["command": "\(program)", "error": "\(error)"])
        }
    }
}
