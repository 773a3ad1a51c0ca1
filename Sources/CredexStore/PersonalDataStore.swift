import CredexCore
import Foundation

/// Where personal parts travel, point to point: the issuer's outbox of deliveries and erasure
/// notices (which is also its log of who was sent what), and what a receiver keeps as evidence.
/// `RecordStore.erase` queues an erasure notice to every node a part was sent to, in the same
/// transaction, so no crash can leave a copy behind unnoticed.
public protocol PersonalDataStore: Sendable {
    /// Queues delivering `award`'s personal part, held here, to `recipient`. Returns false when it
    /// was delivered or queued before (a refused delivery is queued again).
    func queueDelivery(award: RecordID, to recipient: NodeID, reason: PersonalMessage.Reason) async throws -> Bool
    /// Pending messages whose next attempt is due at `now`, oldest first.
    func dueMessages(now: Date, limit: Int) async throws -> [OutboxEntry]
    /// The earliest next attempt of a pending message, if any.
    func nextAttempt() async throws -> Date?
    /// Records how an attempt at `entry` ended.
    func settle(_ entry: OutboxEntry, _ outcome: OutboxOutcome) async throws
    /// Every outbox entry, or those of one award, by award and recipient.
    func outbox(award: RecordID?) async throws -> [OutboxEntry]
    /// Stores a part its issuer delivered with `grant`: the award must be held and signed by the
    /// grant's issuer, and the part must match its commitment; an erased part is refused.
    func storeDelivered(_ part: PersonalPart, grant: PersonalMessage) async throws
    /// Applies an erasure notice from the award's issuer: the part is erased and tombstoned, or,
    /// under a legal hold, kept, the hold's reason recorded beside the notice. An award not held
    /// yet is `notHeld` (the issuer sends the notice again), so its issuer can be checked.
    func apply(notice: PersonalMessage) async throws -> NoticeOutcome
    /// Puts `award`'s part under a legal hold with `reason`, or (nil) releases it; releasing
    /// applies the erasure notices kept under the hold.
    func hold(award: RecordID, reason: String?) async throws
    /// The erasure notices this node received, in order.
    func receivedNotices() async throws -> [ReceivedNotice]
}

/// One message of the issuer's outbox: a delivery or an erasure notice to one node.
public struct OutboxEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case deliver, erase
    }

    public enum State: String, Sendable, Codable {
        /// Not yet accepted by the recipient; tried again after `nextAttempt`.
        case pending
        /// Accepted: `answer` holds the recipient's reply.
        case done
        /// Refused by the recipient for a reason retrying cannot change.
        case refused
        /// A delivery overtaken by an erasure before it was accepted.
        case cancelled
    }

    public var kind: Kind
    public var award: RecordID
    public var recipient: NodeID
    public var commitment: Commitment
    public var reason: PersonalMessage.Reason?
    public var queuedAt: String
    public var state: State
    public var attempts: Int
    public var nextAttempt: Date
    public var lastError: String?
    public var settledAt: String?
    public var answer: String?
}

/// How one attempt at an outbox message ended.
public enum OutboxOutcome: Sendable, Hashable {
    case accepted(answer: String)
    /// Try again at `retryAt`.
    case failed(String, retryAt: Date)
    case refused(String)
}

/// What a receiver did with an erasure notice.
public enum NoticeOutcome: Sendable, Hashable {
    case erased
    /// Kept under a legal hold, for this reason.
    case kept(reason: String)
}

/// An erasure notice as the receiver logged it.
public struct ReceivedNotice: Sendable, Hashable, Codable {
    public var award: RecordID
    public var issuer: NodeID
    public var receivedAt: String
    /// `erased` or `kept`.
    public var outcome: String
    public var reason: String?
}
