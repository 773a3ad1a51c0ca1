import CredexAccess
import CredexCore
import CredexMapping
import CredexReplication
import CredexStore
import CredexTrust
import HTTPTypes
import Hummingbird
import Logging

/// The officers' HTTP API on the node's API port (`Schemas/openapi/credex-api.json`): search,
/// records with their verification, mapping, recognition reports, the federation view, and for
/// operators a learner's data. Errors are RFC 9457 problems (`Problem`).
public struct OfficerAPI: Sendable {
    /// The path every route of this API is under.
    public static let prefix = "/api/v1"

    public let nodeID: NodeID
    public let store: SQLiteRecordStore
    /// The trust list in force, read at every request.
    public let trust: @Sendable () -> FederationTrust
    public let crosswalks: Crosswalks
    /// Sign-in, roles and the audit log.
    public let access: AccessControl
    /// Exports records in other formats, signing this node's own; nil: mapping records is off.
    public var exporter: CredentialExport?
    /// The running node's replication, per member; empty when it replicates nothing.
    public var peers: @Sendable () async -> [PeerState] = { [] }

    public init(
        nodeID: NodeID,
        store: SQLiteRecordStore,
        trust: @escaping @Sendable () -> FederationTrust,
        crosswalks: Crosswalks,
        access: AccessControl
    ) {
        self.nodeID = nodeID
        self.store = store
        self.trust = trust
        self.crosswalks = crosswalks
        self.access = access
    }

    /// Adds every route, behind `ProblemMiddleware` and `SignInMiddleware`.
    public func add(to router: Router<APIContext>) {
        let group = router.group(RouterPath(Self.prefix))
            .add(middleware: ProblemMiddleware())
            .add(middleware: SignInMiddleware(access: access, open: ["\(Self.prefix)/session"]))
        addSessionRoutes(to: group)
        addSearchRoutes(to: group)
        addRecordRoutes(to: group)
        addRecognitionRoutes(to: group)
        addVerifyRoutes(to: group)
        addMapRoutes(to: group)
        addLearnerRoutes(to: group)
        // Anything else under the prefix is a problem too, not a bare 404.
        for method: HTTPRequest.Method in [.get, .post, .put, .delete, .patch] {
            group.on("**", method: method) { request, _ -> Response in
                throw Problem.notFound("no route \(request.method) \(request.uri.path) in this API")
            }
        }
        addFederationRoutes(to: group)
    }
}
