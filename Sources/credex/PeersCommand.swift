import ArgumentParser
import CredexNode
import Foundation

struct PeersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "Show each member the running node pulls from: its state, lag and last error.",
        discussion: """
            Asks the running node (`credex node run`) over its admin socket. Lag is how many records \
            the peer held that this node did not, after the last round; refusals count records the \
            node refused from that peer, whoever was to blame.
            """
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let response = try await directory.access().withWriter { try await $0.perform(AdminRequest(operation: .peers)) }
        let peers = response.peers ?? []
        if output.json { return try printJSON(peers) }
        guard !peers.isEmpty else { return print("The trust list in force names no other member.") }
        for peer in peers {
            let state =
                !peer.pulling
                ? "not pulled (\(peer.standing))"
                : peer.rounds == 0
                    ? "starting"
                    : peer.lastError == nil ? "in sync" : "failing"
            print(
                "\(peer.node)  \(peer.transport)  \(state)  lag \(peer.lag)  stored \(peer.recordsStored)  "
                    + "rounds \(peer.rounds) (\(peer.failedRounds) failed)  refused \(peer.refusals)"
            )
            if let error = peer.lastError { print("    last error: \(error)") }
        }
    }
}
