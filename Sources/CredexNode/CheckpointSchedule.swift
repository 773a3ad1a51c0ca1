import CredexCore
import Foundation
import Logging

/// Appends a signed `checkpoint` of the heads this node holds every `interval` while it runs,
/// even when idle, so peers can say how fresh their view of this node is and notice a relay
/// that withholds records.
struct CheckpointSchedule: Sendable {
    let issuing: IssuingService
    let interval: Duration
    let logger: Logger

    /// Runs until cancelled. A checkpoint that cannot be issued (a restored node whose head is
    /// not confirmed yet) is logged and tried again at the next interval.
    func run() async {
        while true {
            do { try await Task.sleep(for: interval) } catch { return }
            do {
                let record = try await issuing.issue(kind: .checkpoint, body: try await issuing.checkpointBody())
                logger.info(
                    "checkpoint issued",
                    metadata: ["record.seq": "\(record.seq)", "record.id": "\(record.id)"]
                )
            } catch {
                logger.warning("no checkpoint issued", metadata: ["error": "\(error)"])
            }
        }
    }
}
