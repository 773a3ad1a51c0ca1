import CredexAPI
import CredexAccess
import CredexCore
import CredexCrypto
import CredexMapping
import CredexStore
import CredexTesting
import CredexTrust
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A node's officers' API over a store of example records, called in process, every exchange
/// recorded so the test can check it against `Schemas/openapi/credex-api.yaml`.
final class APIHarness: @unchecked Sendable {
    let store: SQLiteRecordStore
    let api: OfficerAPI
    /// The ids of what `make()` stored, by example name, `award-p` (its personal part held), `award-a`,
    /// `award-b` (revoked) and `award-orphan` (its spec not held).
    let ids: [String: RecordID]
    /// A bearer token per role.
    let tokens: [Role: String]
    let access: AccessControl
    private let lock = NSLock()
    private var exchanges: [String] = []

    static let admin = try! Ed25519PrivateKey(seed: Array(repeating: 90, count: 32))

    init(store: SQLiteRecordStore, api: OfficerAPI, ids: [String: RecordID], tokens: [Role: String]) {
        access = api.access
        self.store = store
        self.api = api
        self.ids = ids
        self.tokens = tokens
    }

    /// Four example specs by two issuers, two awards of the first, one status record revoking the
    /// second award; a trust list with both issuers as members.
    static func make() async throws -> APIHarness {
        let store = try SQLiteRecordStore(inMemory: .init())
        var first = try TestIssuer(seed: 1)
        var second = try TestIssuer(seed: 2)
        var ids: [String: RecordID] = [:]
        var records: [CredexCore.Record] = []
        for (name, byFirst) in [
            ("spec-maynooth-brewing", true), ("spec-hogent-sustainability", true),
            ("spec-nzqa-4571-basic-construction", false), ("spec-taltech-microdegree", false),
        ] {
            let body = try ExampleFiles.body(name)
            let record = byFirst ? try first.next(kind: .spec, body: body) : try second.next(kind: .spec, body: body)
            ids[name] = record.id
            records.append(record)
        }
        let part = try PersonalPart(
            details: LearnerDetails(names: .init(given: "Aoife", family: "Ní Bhriain"), grade: "Distinction")
        )
        let withPart = try first.next(
            kind: .award,
            body: RecordFactory.awardBody(spec: ids["spec-maynooth-brewing"]!, learner: try part.commitment())
        )
        ids["award-p"] = withPart.id
        for learner in ["a", "b"] {
            let award = try first.next(
                kind: .award,
                body: RecordFactory.awardBody(
                    spec: ids["spec-maynooth-brewing"]!,
                    learner: try Commitment(validating: String(repeating: learner, count: 64))
                )
            )
            ids["award-\(learner)"] = award.id
            records.append(award)
        }
        // An award of a spec this node does not hold (replicated before its spec, say).
        let orphan = try second.next(
            kind: .award,
            body: RecordFactory.awardBody(
                spec: RecordID(canonicalBytes: Array("a spec held elsewhere".utf8)),
                learner: try Commitment(validating: String(repeating: "c", count: 64))
            )
        )
        ids["award-orphan"] = orphan.id
        records.append(
            try first.next(
                kind: .status,
                body: ["type": "credex.status/1", "target": .string(ids["award-b"]!.rawValue), "action": "revoke"]
            )
        )
        records.insert(withPart, at: 4)
        records.append(orphan)
        _ = try await store.append(
            AppendBatch(records: try records.map { try $0.verified() }, personalParts: [withPart.id: part])
        )
        let members = [first, second].map {
            TrustListFactory.member(
                $0.nodeID.rawValue,
                signingKey: $0.key.publicKey,
                tlsPin: "sha256/"
                    + Data(repeating: $0.key.publicKey.rawRepresentation[0], count: 32).base64EncodedString()
            )
        }
        let content = TrustListFactory.content(admins: [admin], threshold: 1, members: members)
        let trust = try FederationTrust(
            TrustListVersion(TrustListFactory.version(1, content: content, signers: [admin]))
        )
        let access = AccessControl(
            store: try SQLiteAccessStore(inMemory: .init()),
            auditMirror: MemoryAuditHeadMirror()
        )
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await access.createToken(name: "A \(role.rawValue)", role: role).secret
        }
        var api = OfficerAPI(
            nodeID: first.nodeID,
            store: store,
            trust: { trust },
            crosswalks: try Crosswalks.load(),
            access: access
        )
        let key = first.key
        api.exporter = CredentialExport(nodeID: first.nodeID, revocationList: nil) { key }
        return APIHarness(store: store, api: api, ids: ids, tokens: tokens)
    }

    /// An answer, its body as text and parsed JSON.
    struct Answer {
        let status: Int
        let contentType: String?
        let text: String
        let headers: HTTPFields
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    /// Sends `method path` to the API as a user with `role` (nil: nobody signed in), with `headers`,
    /// and records the exchange.
    func call(
        _ method: HTTPRequest.Method,
        _ path: String,
        as role: Role? = .officer,
        headers: HTTPFields = [:],
        body: [UInt8]? = nil
    ) async throws -> Answer {
        var signedIn = headers
        if let role, let token = tokens[role] { signedIn[.authorization] = "Bearer \(token)" }
        let headers = signedIn
        let router = Router(context: APIContext.self)
        api.add(to: router)
        let app = Application(router: router)
        let answer = try await app.test(.router) { client in
            try await client.execute(
                uri: path,
                method: method,
                headers: headers,
                body: body.map { ByteBuffer(bytes: $0) }
            ) { response in
                Answer(
                    status: Int(response.status.code),
                    contentType: response.headers[.contentType],
                    text: String(buffer: response.body),
                    headers: response.headers
                )
            }
        }
        let line: [String: Any] = [
            "method": method.rawValue, "path": path, "status": answer.status,
            "contentType": answer.contentType ?? "", "body": answer.text,
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        lock.withLock { exchanges.append(String(decoding: data, as: UTF8.self)) }
        return answer
    }

    /// Runs `Tests/openapi-check.py` over every exchange recorded so far.
    /// With `all`, every documented operation and answer must have been exercised.
    func checkAgainstOpenAPI(all: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("exchanges.jsonl")
        try Data(lock.withLock { exchanges.joined(separator: "\n") }.utf8).write(to: file)
        let result = try ExternalTool.run("python3", ["Tests/openapi-check.py", file.path] + (all ? ["--all"] : []))
        #expect(result.status == 0, "openapi-check.py:\n\(result.output)", sourceLocation: sourceLocation)
    }
}
