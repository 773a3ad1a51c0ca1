import CredexCore
import CredexStore
import CredexTrust

/// The node's copy of its federation's trust-list log, in its database: every version is checked
/// (format, signatures, governance, chain to the pinned version) when it is added and again when
/// the log is loaded.
public struct TrustListArchive: Sendable {
    public let store: SQLiteRecordStore
    public let federation: String
    /// The content id of the version this node was given when it joined; history must reach it.
    public let pin: RecordID?

    public init(store: SQLiteRecordStore, federation: String, pin: RecordID?) {
        self.store = store
        self.federation = federation
        self.pin = pin
    }

    /// The log as saved, re-checked.
    /// - Throws: `TrustError` if a saved version no longer checks (a damaged database), or `StoreError`.
    public func load() async throws -> TrustListLog {
        var log = TrustListLog(federation: federation, pin: pin)
        for record in try await store.trustListVersions(federation: federation) { try log.add(record) }
        return log
    }

    /// The trust in force.
    /// - Throws: `NodeError(.configuration)` when the node holds no usable trust list yet.
    public func current() async throws -> FederationTrust {
        let log = try await load()
        guard let version = log.current else {
            throw NodeError(
                .configuration,
                log.newestVersion == 0
                    ? "no trust list for \(federation): import one with `credex trust import FILE --pin CONTENT-ID`"
                    : "the trust list of \(federation) does not reach its pinned version \(pin?.rawValue ?? "")"
            )
        }
        return try FederationTrust(version)
    }

    /// Checks `records` in order against the saved log and saves each one that is accepted (or adds
    /// signatures). With `requireNewer`, a version not newer than the one in force is refused (what
    /// `publish` asks); history and conflicting versions are otherwise kept as the log decides.
    /// - Throws: the first `TrustError`; versions before it stay saved.
    @discardableResult
    public func add(_ records: [Record], requireNewer: Bool = false) async throws -> [TrustListLog.Outcome] {
        var log = try await load()
        var outcomes: [TrustListLog.Outcome] = []
        for record in records {
            if requireNewer { try log.requireNewer(record) }
            let outcome = try log.add(record)
            switch outcome {
            case .duplicate: break
            case .accepted, .moreSignatures, .conflict: try await store.saveTrustListVersion(record)
            }
            outcomes.append(outcome)
        }
        return outcomes
    }
}
