import CredexCore
import CredexJSON
import CredexTrust
import Foundation

/// The `trust-list` admin operation: checks trust-list versions against the node's log, saves them
/// through its `TrustListArchive`, and hands a newer version in force to the running node.
///
/// The whole batch is first checked in memory, so a history that does not reach the pin, or a
/// version that is refused, saves nothing.
public struct TrustListUpdate: Sendable {
    let writer: LocalNodeWriter

    /// What the operation did.
    public struct Summary: Codable, Sendable, Hashable {
        /// Per version: accepted, more-signatures, duplicate or conflict, with its version number.
        public var outcomes: [String]
        /// The version in force afterwards.
        public var versionInForce: Int64?
        /// Whether the running node put a newer version in force.
        public var appliedToNetwork: Bool
    }

    func perform(_ request: AdminRequest) async throws -> Summary {
        let configuration = writer.issuing.configuration
        let records = try Self.records(in: request)
        let pin = try request.pin.map { try RecordID(validating: $0) }
        if let pin, let configured = configuration.trustListPin, pin != configured {
            throw NodeError(.refused, "this node is pinned to trust-list version \(configured), not \(pin)")
        }
        let archive = TrustListArchive(
            store: writer.issuing.store,
            federation: configuration.federation,
            pin: configuration.trustListPin ?? pin
        )
        let requireNewer = request.requireNewer ?? false
        var log = try await archive.load()
        let before = log.current?.contentID
        for record in records {
            guard record.federation == configuration.federation else {
                throw TrustError(
                    .wrongFederation,
                    "trust-list version \(record.seq) is of \(record.federation), not of \(configuration.federation)"
                )
            }
            if requireNewer { try log.requireNewer(record) }
            try log.add(record)
        }
        guard let current = log.current else {
            throw TrustError(
                .wrongFederation,
                "the trust-list history does not reach the pinned version \(archive.pin?.rawValue ?? "")"
            )
        }
        let outcomes = try await archive.add(records, requireNewer: requireNewer)
        var applied = false
        if current.contentID != before, let trustChanged = writer.trustChanged {
            do {
                try trustChanged(try FederationTrust(current))
                applied = true
            } catch {
                throw NodeError(
                    .refused,
                    "trust-list version \(current.version) is saved but not in force: \(error)",
                    cause: error
                )
            }
        }
        return Summary(
            outcomes: outcomes.map(Self.describe),
            versionInForce: current.version,
            appliedToNetwork: applied
        )
    }

    /// The records of `document`, else of the file at `path`: one canonical record per line.
    static func records(in request: AdminRequest) throws -> [Record] {
        let text: String
        if let document = request.document {
            text = document
        } else if let path = request.path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw NodeError(.refused, "cannot read \(path)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            throw NodeError(.refused, "trust-list needs versions")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw NodeError(.refused, "no trust-list versions given") }
        return try lines.enumerated().map { index, line in
            do {
                return try Record(canonicalBytes: Array(line.utf8))
            } catch {
                throw NodeError(.refused, "line \(index + 1) is not a canonical record: \(error)")
            }
        }
    }

    static func describe(_ outcome: TrustListLog.Outcome) -> String {
        switch outcome {
        case .accepted(let version): return "accepted \(version)"
        case .moreSignatures(let version): return "more-signatures \(version)"
        case .duplicate(let version): return "duplicate \(version)"
        case .conflict(let version): return "conflict \(version)"
        }
    }
}
