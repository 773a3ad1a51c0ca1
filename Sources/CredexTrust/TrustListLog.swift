import CredexCore

/// A federation's trust-list log as a node holds it: every valid version, the conflicting ones kept
/// as evidence, and the version in force (the last unambiguous one).
///
/// A node joining the federation pins the content id of the version it was given; `init(pin:)`
/// then accepts history only if it is a valid chain from version 1 that reaches that pin.
public struct TrustListLog: Sendable {
    /// What `add` did with a record.
    public enum Outcome: Sendable, Equatable {
        /// A new version, now in force.
        case accepted(version: Int64)
        /// A version already held, now with more valid signatures (kept in place of the other copy).
        case moreSignatures(version: Int64)
        /// A version already held, nothing new.
        case duplicate(version: Int64)
        /// A second valid version with the same seq: kept as evidence; the last unambiguous version
        /// stays in force until the admins publish a version that follows one branch.
        case conflict(version: Int64)
    }

    public let federation: String
    /// Valid versions by seq: one, or several when they conflict.
    public private(set) var versions: [Int64: [TrustListVersion]] = [:]
    private let pin: RecordID?
    private var pinReached: Bool

    /// An empty log of `federation`; with `pin`, the version in force must be, or follow, the
    /// version whose content id is `pin`.
    public init(federation: String, pin: RecordID? = nil) {
        self.federation = federation
        self.pin = pin
        pinReached = pin == nil
    }

    /// The version in force: the highest whose seq, and every seq before it, holds one version;
    /// nil before the pinned version is reached.
    public var current: TrustListVersion? {
        guard pinReached else { return nil }
        var seq: Int64 = 1
        var last: TrustListVersion?
        while let held = versions[seq] {
            guard held.count == 1 else {
                // A conflict: a later version that follows one branch settles it.
                guard let next = versions[seq + 1]?.first,
                    let chosen = held.first(where: { $0.contentID == next.record.prev })
                else { return last }
                last = chosen
                seq += 1
                continue
            }
            last = held[0]
            seq += 1
        }
        return last
    }

    /// The newest seq held (conflicting or not).
    public var newestVersion: Int64 { versions.keys.max() ?? 0 }

    /// Whether some seq holds conflicting versions.
    public var hasConflict: Bool { versions.values.contains { $0.count > 1 } }

    /// Adds `record` if it is a valid version that follows a held one.
    /// - Throws: `TrustError`: malformed, bad or too few signatures, rollback (an older version that
    ///   is not a valid conflict), a gap, another federation.
    @discardableResult
    public mutating func add(_ record: Record) throws -> Outcome {
        let version = try TrustListVersion(record)
        guard version.federation == federation else {
            throw TrustError(.wrongFederation, "a trust list of \(version.federation), not of \(federation)")
        }
        let seq = version.version
        if let held = versions[seq], let index = held.firstIndex(where: { $0.contentID == version.contentID }) {
            guard version.signers.isStrictSuperset(of: held[index].signers) else { return .duplicate(version: seq) }
            versions[seq]![index] = version
            return .moreSignatures(version: seq)
        }
        let predecessors = seq == 1 ? [nil] : (versions[seq - 1] ?? []).map { Optional($0) }
        guard !predecessors.isEmpty else {
            throw TrustError(.brokenChain, "version \(seq) needs version \(seq - 1) first (held: \(newestVersion))")
        }
        var lastError: TrustError?
        for previous in predecessors {
            do {
                try TrustListGovernance.check(version, follows: previous)
                lastError = nil
                break
            } catch let error as TrustError {
                lastError = error
            }
        }
        if let lastError {
            if versions[seq] != nil, lastError.code == .brokenChain || lastError.code == .tooFewSignatures {
                throw TrustError(
                    .rollback,
                    "version \(seq) differs from the one held and is not valid: \(lastError.reason)"
                )
            }
            throw lastError
        }
        versions[seq, default: []].append(version)
        if version.contentID == pin { pinReached = true }
        return versions[seq]!.count > 1 ? .conflict(version: seq) : .accepted(version: seq)
    }

    /// Refuses `record` unless it is newer than the version in force: what a node applies to lists
    /// it is handed (no rollback), before `add`.
    /// - Throws: `TrustError(.rollback)`.
    public func requireNewer(_ record: Record) throws {
        if let current, record.seq <= current.version {
            throw TrustError(
                .rollback,
                "trust list version \(record.seq) is not newer than version \(current.version) in force"
            )
        }
    }
}
