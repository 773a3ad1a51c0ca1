import CredexCore
import CredexReplication
import CredexTrust
import Foundation
import Hummingbird

/// `GET /api/v1/federation`: the trust list in force and its freshness, this node's members, and
/// how far behind each peer this node is.
extension OfficerAPI {
    /// The federation view.
    public struct FederationView: Codable, Sendable {
        public var node: String
        public var federation: String
        public var trustList: TrustListView
        public var members: [Member]
        public var peers: [PeerState]

        public struct TrustListView: Codable, Sendable {
            public var version: Int64
            public var contentId: String
            /// The admins' claimed times: shown, never trusted.
            public var issuedAt: String
            public var nextUpdate: String
            /// Past its `nextUpdate` by this node's clock.
            public var stale: Bool
            public var maxCheckpointAge: Int64
        }

        public struct Member: Codable, Sendable {
            public var node: String
            public var institutions: [String]
            public var country: String
            public var eea: Bool
            public var adequacy: Bool
            public var standing: String
            public var transport: String
        }
    }

    func addFederationRoutes(to group: RouterGroup<APIContext>) {
        group.get("federation") { _, _ -> Response in try json(await federationView()) }
    }

    /// The federation as this node sees it now.
    func federationView() async -> FederationView {
        let current = trust()
        let content = current.content
        return FederationView(
            node: nodeID.rawValue,
            federation: current.federation,
            trustList: .init(
                version: current.version,
                contentId: current.contentID.rawValue,
                issuedAt: content.issuedAt.rawValue,
                nextUpdate: content.nextUpdate.rawValue,
                stale: current.isStale(now: Date()),
                maxCheckpointAge: content.maxCheckpointAge
            ),
            members: current.members.values.sorted { $0.nodeID.rawValue < $1.nodeID.rawValue }.map { member in
                .init(
                    node: member.nodeID.rawValue,
                    institutions: member.entry.institutions.map(\.legalName),
                    country: member.entry.jurisdiction.country.rawValue,
                    eea: member.entry.jurisdiction.eea,
                    adequacy: member.entry.jurisdiction.adequacy,
                    standing: member.standing.name,
                    transport: member.transport.rawValue
                )
            },
            peers: await peers()
        )
    }
}
