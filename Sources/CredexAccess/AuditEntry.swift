import CredexCrypto
import CredexJSON
import Foundation

/// One entry of the audit log: an event, its place in the chain and its hash.
///
/// `hash` is the SHA-256 of the entry's canonical JSON (RFC 8785) without the hash, which
/// includes `seq` and `prev`, the previous entry's hash (64 zeros before the first entry):
///
///     {"action":"personal.read","actor":{"id":"tk_…","role":"officer"},"format":"credex/v1/audit",
///      "outcome":"ok","prev":"…","seq":7,"targets":[{"id":"…","type":"award"}],"time":"2026-…Z"}
public struct AuditEntry: Sendable, Hashable {
    public static let format = "credex/v1/audit"
    /// The `prev` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public let seq: Int64
    public let prev: String
    /// When it was recorded: ISO 8601 in UTC with milliseconds.
    public let time: String
    public let event: AuditEvent
    /// SHA-256 of `canonicalBody`, 64 lowercase hex digits.
    public let hash: String
    /// The canonical JSON that `hash` is over.
    public let canonicalBody: [UInt8]

    /// Builds the entry at `seq` after `prev`, stamped `date`.
    public init(seq: Int64, prev: String, date: Date, event: AuditEvent) {
        self.init(seq: seq, prev: prev, time: AuditEntry.timestamp(date), event: event)
    }

    private init(seq: Int64, prev: String, time: String, event: AuditEvent) {
        self.seq = seq
        self.prev = prev
        self.time = time
        self.event = event
        canonicalBody = JCS.canonicalBytes(Self.json(seq: seq, prev: prev, time: time, event: event))
        hash = SHA256.hex(canonicalBody)
    }

    /// Reads a stored entry back. Throws if the body is not canonical JSON of an audit entry,
    /// disagrees with the stored seq or prev, or does not hash to the stored hash.
    public init(verifying stored: StoredAuditEntry) throws {
        let bad = { (why: String) in AccessError(.corrupt, "audit entry \(stored.seq): \(why)") }
        guard SHA256.hex(stored.body) == stored.hash else { throw bad("its content does not match its hash") }
        let json: JSONValue
        do {
            json = try StrictJSON.parseCanonical(stored.body)
        } catch {
            throw bad("its content is not canonical JSON")
        }
        guard json["format"]?.stringValue == Self.format, let seq = json["seq"]?.int64Value,
            let prev = json["prev"]?.stringValue, let time = json["time"]?.stringValue,
            let actorID = json["actor"]?["id"]?.stringValue, let action = json["action"]?.stringValue,
            let outcome = json["outcome"]?.stringValue, let targets = json["targets"]?.arrayValue
        else { throw bad("its content is not an audit entry") }
        guard seq == stored.seq, prev == stored.prev else { throw bad("its seq or prev differ from its content") }
        var role: Role?
        if let text = json["actor"]?["role"]?.stringValue {
            guard let parsed = Role(rawValue: text) else { throw bad("unknown role") }
            role = parsed
        }
        let event: AuditEvent
        do {
            event = try AuditEvent(
                actor: AuditActor(id: actorID, role: role),
                action: AuditAction(action),
                targets: targets.map { target in
                    guard let type = target["type"]?.stringValue, let id = target["id"]?.stringValue else {
                        throw bad("a target is not {type, id}")
                    }
                    return try AuditTarget(type: type, id: id)
                },
                outcome: AuditOutcome(outcome),
                requestID: json["request"]?.stringValue
            )
        } catch let error as AccessError where error.code == .invalid {
            throw bad("a field is outside the audit alphabet")
        }
        self.init(seq: seq, prev: prev, time: time, event: event)
        guard canonicalBody == stored.body else { throw bad("its content has fields an audit entry does not have") }
    }

    /// The head this entry makes when it is the last.
    public var head: AuditHead { AuditHead(seq: seq, hash: hash) }

    static func json(seq: Int64, prev: String, time: String, event: AuditEvent) -> JSONValue {
        var actor: [String: JSONValue] = ["id": .string(event.actor.id)]
        if let role = event.actor.role { actor["role"] = .string(role.rawValue) }
        var members: [String: JSONValue] = [
            "format": .string(format),
            "seq": .number(Double(seq)),
            "prev": .string(prev),
            "time": .string(time),
            "actor": .object(actor),
            "action": .string(event.action.rawValue),
            "targets": .array(event.targets.map { .object(["type": .string($0.type), "id": .string($0.id)]) }),
            "outcome": .string(event.outcome.rawValue),
        ]
        if let request = event.requestID { members["request"] = .string(request) }
        return .object(members)
    }

    /// ISO 8601 in UTC with milliseconds, as every entry's `time`.
    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}

/// The last entry of the audit log: its seq and hash. What the head mirror keeps.
public struct AuditHead: Sendable, Hashable, Codable {
    public let seq: Int64
    public let hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}
