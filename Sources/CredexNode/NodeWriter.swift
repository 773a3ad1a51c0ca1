import CredexCore
import CredexJSON
import CredexStore
import CredexTrust
import Foundation

/// Whatever changes a node: issuing, erasing, confirming its head. Commands use the local
/// implementation when they hold the directory lock, and the admin socket when a node runs.
public protocol NodeWriter: Sendable {
    /// Carries out `request`, throwing a `NodeError` (or the layer's own error) that says why not.
    func perform(_ request: AdminRequest) async throws -> AdminResponse
}

/// Performs requests in this process, which holds the directory lock.
public struct LocalNodeWriter: NodeWriter {
    public let issuing: IssuingService
    /// Called with the trust in force after a `trust-list` request changed it: a running node with
    /// a network puts it in force (`NodeTrust.update(to:)`); nil when nothing runs on it.
    public let trustChanged: (@Sendable (FederationTrust) throws -> Void)?
    /// The replication of the running node, for `peers`; nil when nothing replicates here.
    let replication: NodeReplication?
    /// The running node's outbox sender, woken when personal data is queued; nil: the part goes
    /// when a node next runs here.
    let delivery: PersonalDelivery?

    public init(issuing: IssuingService, trustChanged: (@Sendable (FederationTrust) throws -> Void)? = nil) {
        self.init(issuing: issuing, trustChanged: trustChanged, replication: nil, delivery: nil)
    }

    init(
        issuing: IssuingService,
        trustChanged: (@Sendable (FederationTrust) throws -> Void)?,
        replication: NodeReplication?,
        delivery: PersonalDelivery?
    ) {
        self.issuing = issuing
        self.trustChanged = trustChanged
        self.replication = replication
        self.delivery = delivery
    }

    public func perform(_ request: AdminRequest) async throws -> AdminResponse {
        switch request.operation {
        case .ping:
            return AdminResponse(message: "ok")
        case .issue:
            guard let kindName = request.kind else { throw NodeError(.refused, "issue needs a kind") }
            let kind = RecordKind(rawValue: kindName)
            let body =
                kind == .checkpoint && (request.document ?? "{}") == "{}"
                ? try await issuing.checkpointBody()
                : try Self.withBodyType(try Self.parse(request.document), kind: kind)
            return AdminResponse(issued: .init(try await issuing.issue(kind: kind, body: body)))
        case .issueAward:
            let input = try JSONValueDecoder().decode(AwardInput.self, from: try Self.parse(request.document))
            let spec = try request.spec.map(RecordID.init(validating:))
            let (record, sharings) = try await issuing.issueAward(
                input,
                spec: spec,
                deliverTo: try (request.recipients ?? []).map(NodeID.init(validating:)),
                allowOutsideEEA: request.allowOutsideEEA ?? false
            )
            await delivery?.wake()
            return AdminResponse(issued: .init(record), sharings: sharings)
        case .erase:
            let selector: ErasureSelector
            if let award = request.award {
                selector = .award(try RecordID(validating: award))
            } else if let learner = request.learner, !learner.isEmpty {
                selector = .learner(learner, scheme: request.scheme)
            } else {
                throw NodeError(.refused, "erase needs --award ID or --learner VALUE")
            }
            let erased = try await issuing.store.erase(selector)
            await delivery?.wake()
            var notices: [OutboxEntry] = []
            for award in erased {
                notices += try await issuing.store.outbox(award: award).filter {
                    $0.kind == .erase && $0.state == .pending
                }
            }
            return AdminResponse(erased: erased.map(\.rawValue), outbox: notices)
        case .share, .hold, .deliveries:
            return try await performPersonal(request)
        case .importRecords:
            guard let path = request.path else { throw NodeError(.refused, "import needs a file") }
            let importer = RecordImporter(store: issuing.store, batchSize: request.batchSize ?? 10_000)
            let summary = try await importer.importRecords(
                from: URL(fileURLWithPath: path),
                start: request.start ?? RecordImporter.Position(),
                batches: request.batches
            )
            return AdminResponse(imported: summary)
        case .attest:
            guard let batch = request.attestation else { throw NodeError(.refused, "attest needs specs") }
            return AdminResponse(attested: try await issuing.attest(batch))
        case .trustList:
            return AdminResponse(trustList: try await TrustListUpdate(writer: self).perform(request))
        case .peers:
            guard let replication else {
                throw NodeError(.refused, "no node runs here: `credex peers` asks a running node (`credex node run`)")
            }
            return AdminResponse(peers: await replication.states())
        case .confirmHead:
            return AdminResponse(message: try await issuing.confirmHead(force: request.force ?? false))
        }
    }

    /// Parses an input document strictly (record mode: integers only, decimals as strings).
    static func parse(_ document: String?) throws -> JSONValue {
        guard let document else { throw NodeError(.refused, "the request carries no document") }
        return try StrictJSON.parse(Array(document.utf8), mode: .record)
    }

    /// Adds `"type": "credex.<kind>/1"` to a body that does not name its type.
    static func withBodyType(_ body: JSONValue, kind: RecordKind) throws -> JSONValue {
        guard case .object(var members) = body else { throw CredexError(.malformed, "a \(kind) body is a JSON object") }
        if members["type"] == nil { members["type"] = .string("credex.\(kind.rawValue)/1") }
        return .object(members)
    }
}
