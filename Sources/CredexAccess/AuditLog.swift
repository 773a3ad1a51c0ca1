import Foundation

/// The append-only, hash-chained log of every access to personal data.
///
/// Each entry holds ids only (see `AuditEvent`) and the SHA-256 of the previous entry, so altering
/// or removing an entry breaks the chain from there on; the head mirror (`AuditHeadMirror`) catches
/// a tail cut off. The store refuses UPDATE and DELETE on the log with triggers, which stops
/// mistakes; the chain and the mirror catch the rest.
///
/// The HTTP layer records an access before it answers with the data, and answers with an error if
/// `record` throws: no access goes unrecorded.
public struct AuditLog: Sendable {
    let store: any AccessStore
    let mirror: any AuditHeadMirror
    let now: @Sendable () -> Date

    public init(store: any AccessStore, mirror: any AuditHeadMirror, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.mirror = mirror
        self.now = now
    }

    /// Appends `event` and advances the head mirror; returns the entry.
    @discardableResult
    public func record(_ event: AuditEvent) async throws -> AuditEntry {
        let date = now()
        let entry = try await store.appendAudit { seq, prev in
            AuditEntry(seq: seq, prev: prev, date: date, event: event)
        }
        try mirror.advance(to: entry.head)
        return entry
    }

    /// Entries after `afterSeq`, at most `limit`, each read back and checked on its own (content
    /// against hash); the chain is `verify`'s work. A damaged entry comes back as nil beside its seq.
    public func entries(afterSeq: Int64 = 0, limit: Int = 1000) async throws -> [(seq: Int64, entry: AuditEntry?)] {
        try await store.auditEntries(afterSeq: afterSeq, limit: limit).map { ($0.seq, try? AuditEntry(verifying: $0)) }
    }

    /// Walks the whole log from seq 1: every entry's content against its hash, every link, no seq
    /// missing, and the last entry against the head mirror. Stops at the first bad entry.
    public func verify(pageSize: Int = 1000) async throws -> AuditReport {
        var expected: Int64 = 1
        var previous = AuditEntry.genesis
        var checked: [Int64: String] = [:]
        let mirrored = try mirror.read()
        while true {
            let page = try await store.auditEntries(afterSeq: expected - 1, limit: pageSize)
            for stored in page {
                if stored.seq != expected {
                    return AuditReport(
                        entries: expected - 1,
                        mirrored: mirrored,
                        problem: AuditProblem(
                            .missing,
                            seq: expected,
                            "entry \(expected) is missing: the log goes from \(expected - 1) to \(stored.seq)"
                        )
                    )
                }
                do {
                    _ = try AuditEntry(verifying: stored)
                } catch let error as AccessError {
                    return AuditReport(
                        entries: expected - 1,
                        mirrored: mirrored,
                        problem: AuditProblem(.altered, seq: stored.seq, "\(error.reason): it was altered")
                    )
                }
                if stored.prev != previous {
                    let before = stored.seq - 1
                    return AuditReport(
                        entries: expected - 1,
                        mirrored: mirrored,
                        problem: AuditProblem(
                            .altered,
                            seq: before,
                            "entry \(before) is not the entry that entry \(stored.seq) follows: it was altered or replaced"
                        )
                    )
                }
                if let mirrored, mirrored.seq == stored.seq { checked[stored.seq] = stored.hash }
                previous = stored.hash
                expected += 1
            }
            if page.count < pageSize { break }
        }
        let count = expected - 1
        if let mirrored {
            if mirrored.seq > count {
                let range =
                    mirrored.seq == count + 1
                    ? "entry \(mirrored.seq) is" : "entries \(count + 1) to \(mirrored.seq) are"
                return AuditReport(
                    entries: count,
                    mirrored: mirrored,
                    problem: AuditProblem(
                        .truncated,
                        seq: count + 1,
                        "\(range) missing: the log ends at \(count) but its head mirror records \(mirrored.seq)"
                    )
                )
            }
            if checked[mirrored.seq] != mirrored.hash {
                return AuditReport(
                    entries: count,
                    mirrored: mirrored,
                    problem: AuditProblem(
                        .altered,
                        seq: mirrored.seq,
                        "entry \(mirrored.seq) differs from the head mirror's hash: it was altered or replaced"
                    )
                )
            }
        } else if count > 0 {
            return AuditReport(
                entries: count,
                mirrored: nil,
                problem: AuditProblem(
                    .headMirror,
                    seq: nil,
                    "the log holds \(count) entries but its head mirror is missing, so its tail cannot be checked"
                )
            )
        }
        return AuditReport(
            entries: count,
            head: count > 0 ? AuditHead(seq: count, hash: previous) : nil,
            mirrored: mirrored,
            problem: nil
        )
    }
}

/// What `AuditLog.verify` found.
public struct AuditReport: Sendable, Hashable {
    /// How many entries, from seq 1, were checked good before the first problem (all, when none).
    public let entries: Int64
    /// The last entry, when the log is whole.
    public let head: AuditHead?
    /// What the head mirror holds.
    public let mirrored: AuditHead?
    /// The first problem; nil when the log is whole.
    public let problem: AuditProblem?

    init(entries: Int64, head: AuditHead? = nil, mirrored: AuditHead?, problem: AuditProblem?) {
        self.entries = entries
        self.head = head
        self.mirrored = mirrored
        self.problem = problem
    }

    public var isValid: Bool { problem == nil }

    /// The mirror is behind the log (a crash between an append and its mirror write); not an error.
    public var mirrorLags: Bool {
        guard let head, let mirrored else { return false }
        return mirrored.seq < head.seq
    }
}

/// The first bad place in the audit log.
public struct AuditProblem: Sendable, Hashable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An entry's content, hash or link was changed.
        public static let altered = Kind("altered")
        /// A seq in the middle of the log is absent.
        public static let missing = Kind("missing")
        /// Entries after the last one held are absent (the head mirror records more).
        public static let truncated = Kind("truncated")
        /// The head mirror is missing or unreadable.
        public static let headMirror = Kind("head-mirror")
    }

    public let kind: Kind
    /// The first bad entry's seq; nil when the problem is not one entry (a missing mirror).
    public let seq: Int64?
    public let reason: String

    init(_ kind: Kind, seq: Int64?, _ reason: String) {
        self.kind = kind
        self.seq = seq
        self.reason = reason
    }

    public var description: String { reason }
}
