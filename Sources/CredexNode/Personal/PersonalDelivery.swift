import CredexCore
import CredexJSON
import CredexNet
import CredexReplication
import CredexStore
import CredexTrust
import Foundation
import Logging

/// Sends the issuer's outbox: each queued delivery (grant and part, `POST /credex/v1/personal`)
/// and erasure notice (`POST /credex/v1/erasure`) to its one recipient, again with backoff until
/// the recipient accepts it or refuses it for a reason retrying cannot change. A delivery the
/// recipient cannot take yet (it has not replicated the award) is retried.
public actor PersonalDelivery {
    /// Sends a request to a member (`PeerCaller.call`).
    public typealias Send = @Sendable (NodeID, OutgoingRequest) async throws -> ReceivedResponse

    let store: SQLiteRecordStore
    let issuing: IssuingService
    let send: Send
    let logger: Logger
    let backoff: Backoff
    /// How long the loop sleeps at most when nothing is due.
    let idle: Duration
    private var wakeup: CheckedContinuation<Void, Never>?
    private var woken = false

    public init(
        issuing: IssuingService,
        send: @escaping Send,
        logger: Logger,
        backoff: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(300)),
        idle: Duration = .seconds(30)
    ) {
        self.issuing = issuing
        store = issuing.store
        self.send = send
        self.logger = logger
        self.backoff = backoff
        self.idle = idle
    }

    /// Sends what is due until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            var wait = idle
            do {
                if try await sendDue() { continue }
                if let next = try await store.nextAttempt() {
                    wait = min(wait, .seconds(max(next.timeIntervalSinceNow, 0.05)))
                }
            } catch {
                logger.error("personal-data outbox not read", metadata: ["error": "\(error)"])
            }
            await sleep(wait)
        }
    }

    /// Makes the loop look at the outbox now (something was queued).
    public func wake() {
        woken = true
        wakeup?.resume()
        wakeup = nil
    }

    /// Sends every message due now, one batch; returns whether more may be due.
    @discardableResult
    public func sendDue(now: Date = Date()) async throws -> Bool {
        let batch = 64
        let due = try await store.dueMessages(now: now, limit: batch)
        for entry in due {
            let outcome = await attempt(entry)
            try await store.settle(entry, outcome)
            log(entry, outcome)
        }
        return due.count == batch
    }

    /// One attempt at `entry`.
    func attempt(_ entry: OutboxEntry) async -> OutboxOutcome {
        let retryAt = Date().addingTimeInterval(
            backoff.delay(afterFailures: entry.attempts + 1, unit: Double.random(in: 0.5...1)).seconds
        )
        do {
            let path: String
            let body: [UInt8]
            let message = try issuing.message(for: entry)
            switch entry.kind {
            case .deliver:
                guard let part = try await store.personalPart(award: entry.award) else {
                    return .refused("this node no longer holds the part")
                }
                path = "/personal"
                body = JCS.canonicalBytes(
                    .object([
                        "grant": try JSONValueEncoder().encode(message),
                        "part": try JSONValueEncoder().encode(part),
                    ])
                )
            case .erase:
                path = "/erasure"
                body = try message.canonicalBytes()
            }
            let response = try await send(
                entry.recipient,
                OutgoingRequest(
                    method: "POST",
                    target: PeerProtocol.pathPrefix + path,
                    headers: [
                        (PeerProtocol.versionHeader, PeerProtocol.version), ("content-type", "application/json"),
                    ],
                    body: body
                )
            )
            return Self.outcome(of: response, kind: entry.kind, retryAt: retryAt)
        } catch let error as NodeError where error.code == .refused {
            // The recipient is not an active member (now): it may become one again.
            return .failed(error.reason, retryAt: retryAt)
        } catch {
            return .failed("\(error)", retryAt: retryAt)
        }
    }

    /// 200 is accepted; 409 (not ready), 429 and 5xx are retried; any other answer is a refusal,
    /// except that an erasure notice is also retried after 401 and 403 (the recipient may not yet
    /// know a new key of this node): an erasure is never given up for want of a trust update.
    static func outcome(of response: ReceivedResponse, kind: OutboxEntry.Kind, retryAt: Date) -> OutboxOutcome {
        let value = try? StrictJSON.parse(response.body, mode: .record)
        let text = { (key: String) in value?[key].flatMap { if case .string(let s) = $0 { s } else { nil } } }
        if response.status == 200 {
            let answer = [text("outcome"), text("reason")].compactMap { $0 }.joined(separator: ": ")
            return .accepted(answer: answer.isEmpty ? "accepted" : answer)
        }
        let error = "\(response.status): \(text("reason") ?? "no reason given")"
        let retried: Set<Int> = kind == .erase ? [401, 403, 409, 429] : [409, 429]
        return retried.contains(response.status) || (500...599).contains(response.status)
            ? .failed(error, retryAt: retryAt) : .refused(error)
    }

    private func log(_ entry: OutboxEntry, _ outcome: OutboxOutcome) {
        let metadata: Logger.Metadata = [
            "award": "\(entry.award)", "recipient": "\(entry.recipient)", "message": "\(entry.kind.rawValue)",
        ]
        switch outcome {
        case .accepted(let answer):
            logger.info("personal data sent", metadata: metadata.merging(["answer": "\(answer)"]) { $1 })
        case .failed(let error, _):
            logger.notice("personal data not sent yet", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        case .refused(let error):
            logger.error("personal data refused", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Sleeps for `duration` or until `wake()`.
    private func sleep(_ duration: Duration) async {
        if woken {
            woken = false
            return
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: duration)
            await self?.wake()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { wakeup = $0 }
        } onCancel: {
            Task { await self.wake() }
        }
        timer.cancel()
        woken = false
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
