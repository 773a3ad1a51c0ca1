import CredexCore

/// One access to record in the audit log: who, did what, to which ids, with what outcome.
///
/// It holds ids only, never personal data: actors are token ids (never names), targets are record
/// ids and learner commitments (hashes), and every field is checked against a narrow alphabet with
/// no spaces or `@`, so a name or an e-mail address cannot slip in.
///
///     try await audit.record(AuditEvent(
///         actor: principal.auditActor, action: .personalRead,
///         targets: [.award(awardID), .learner(award.learner)], outcome: .ok))
public struct AuditEvent: Sendable, Hashable {
    public let actor: AuditActor
    public let action: AuditAction
    public let targets: [AuditTarget]
    public let outcome: AuditOutcome
    /// The HTTP request id, to find the matching log line; nil when there is none.
    public let requestID: String?

    public init(
        actor: AuditActor,
        action: AuditAction,
        targets: [AuditTarget] = [],
        outcome: AuditOutcome,
        requestID: String? = nil
    ) throws {
        if let requestID { try AuditText.check(requestID, "request id") }
        self.actor = actor
        self.action = action
        self.targets = targets
        self.outcome = outcome
        self.requestID = requestID
    }
}

/// Who acted: a token (id and role) or the node's own command line.
public struct AuditActor: Sendable, Hashable {
    /// A token id, or `local` for the command line run by the node's owner on its machine.
    public let id: String
    /// The token's role at the time; nil for `local`.
    public let role: Role?

    init(id: String, role: Role?) {
        self.id = id
        self.role = role
    }

    public static func token(_ id: TokenID, role: Role) -> AuditActor { AuditActor(id: id.rawValue, role: role) }

    /// The command line, run by whoever owns the node directory.
    public static let local = AuditActor(id: "local", role: nil)
}

/// What was done, in dotted lowercase (`personal.read`). The HTTP layer may add its own.
public struct AuditAction: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws {
        let parts = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        guard rawValue.utf8.count <= 64, parts.count >= 2,
            parts.allSatisfy({ part in
                guard let first = part.utf8.first, (0x61...0x7A).contains(first) else { return false }
                return part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
            })
        else {
            throw AccessError(.invalid, "an audit action is dotted lowercase words, such as personal.read")
        }
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    public var description: String { rawValue }

    /// Personal data shown to an officer (a personal part, a learner's awards).
    public static let personalRead = AuditAction(known: "personal.read")
    /// A learner's personal data exported (GDPR access or portability).
    public static let personalExport = AuditAction(known: "personal.export")
    /// A learner's personal data erased.
    public static let personalErase = AuditAction(known: "personal.erase")
    /// A recognition report saved.
    public static let reportSave = AuditAction(known: "report.save")
    public static let tokenCreate = AuditAction(known: "token.create")
    public static let tokenRevoke = AuditAction(known: "token.revoke")
    public static let sessionStart = AuditAction(known: "session.start")
    public static let sessionEnd = AuditAction(known: "session.end")
}

/// An id acted upon, with its type: `award`, `record`, `learner` (a commitment), `report`, `token`.
public struct AuditTarget: Sendable, Hashable {
    public let type: String
    public let id: String

    /// Any typed id; both parts are checked against the audit alphabet.
    public init(type: String, id: String) throws {
        try AuditText.check(type, "target type")
        try AuditText.check(id, "target id")
        self.type = type
        self.id = id
    }

    private init(known type: String, id: String) {
        self.type = type
        self.id = id
    }

    public static func award(_ id: RecordID) -> AuditTarget { AuditTarget(known: "award", id: id.rawValue) }
    public static func record(_ id: RecordID) -> AuditTarget { AuditTarget(known: "record", id: id.rawValue) }
    /// A learner, by an award's commitment to them: a hash, never the learner's data.
    public static func learner(_ commitment: Commitment) -> AuditTarget {
        AuditTarget(known: "learner", id: commitment.rawValue)
    }
    public static func token(_ id: TokenID) -> AuditTarget { AuditTarget(known: "token", id: id.rawValue) }
}

/// How the access ended.
public struct AuditOutcome: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) throws {
        try AuditText.check(rawValue, "outcome")
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    public var description: String { rawValue }

    public static let ok = AuditOutcome(known: "ok")
    /// The principal's role does not allow it.
    public static let denied = AuditOutcome(known: "denied")
    public static let notFound = AuditOutcome(known: "not-found")
    /// It was allowed but failed (a storage error, say).
    public static let failed = AuditOutcome(known: "failed")
}

/// The alphabet of audit fields: identifiers, not prose.
enum AuditText {
    /// Letters, digits and `: . _ - / #`, 1 to 200 bytes: enough for record ids, URNs, DIDs and
    /// hashes, and no room for a name (no spaces) or an e-mail address (no `@`).
    static func check(_ text: String, _ what: String) throws {
        guard !text.isEmpty, text.utf8.count <= 200, text.utf8.allSatisfy(isAllowed) else {
            throw AccessError(
                .invalid,
                "an audit \(what) holds only ids: letters, digits and : . _ - / #, at most 200 bytes"
            )
        }
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "#"):
            true
        default: false
        }
    }
}
