import CredexCore
import CredexCrypto

/// The trust list in force, as the questions every module asks: who is a member and in what
/// standing, how each is reached, which TLS pins and signing keys are whose, and whether a record
/// is within its key's range and its issuer's cut-off. Every answer is by log position.
public struct FederationTrust: Sendable {
    /// How a member is reached and authenticated.
    public enum Transport: String, Sendable {
        /// Mutual TLS on its peer port, authenticated by pinned TLS keys.
        case mtls
        /// Behind its institution's TLS-terminating proxy, with signed requests and responses.
        case httpsig
    }

    /// A member's standing at this version.
    public enum Standing: Sendable, Hashable {
        case active
        /// Records up to `validThrough` stay valid; it may still pull public records.
        case suspended(validThrough: LogPosition?)
        /// Records up to `validThrough` stay valid; it is no longer served or called.
        case withdrawn(validThrough: LogPosition?)

        /// `active`, `suspended` or `withdrawn`.
        public var name: String {
            switch self {
            case .active: return "active"
            case .suspended: return "suspended"
            case .withdrawn: return "withdrawn"
            }
        }
    }

    /// A member as the other modules see it.
    public struct Member: Sendable, Hashable {
        public let entry: TrustListContent.Member
        public let nodeID: NodeID
        public let standing: Standing
        public let transport: Transport
        public let endpoint: MemberEndpoint
        /// The pins current at this version.
        public let tlsPins: Set<String>
        public let signingKeys: Set<KeyID>

        public var isActive: Bool { standing == .active }
    }

    public let federation: String
    public let version: Int64
    /// The content id of the version (its hash without signatures), as peers' heads announce it.
    public let contentID: RecordID
    public let content: TrustListContent
    public let members: [NodeID: Member]
    /// The pins of active or suspended mutual-TLS members: who may complete a handshake.
    public let tlsSnapshot: TLSTrustSnapshot
    private let memberByKeyID: [KeyID: NodeID]

    /// The questions over `list`, a version already checked (`TrustListVersion`).
    public init(_ list: TrustListVersion) throws {
        federation = list.federation
        version = list.version
        contentID = list.contentID
        content = list.content
        var members: [NodeID: Member] = [:]
        var keys: [KeyID: NodeID] = [:]
        var pins: [String: String] = [:]
        for entry in list.content.members {
            let member = Member(
                entry: entry,
                nodeID: entry.nodeId,
                standing: Self.standing(of: entry),
                transport: Transport(rawValue: entry.transport) ?? .mtls,
                endpoint: try MemberEndpoint(entry.endpoint),
                tlsPins: Set(
                    entry.tlsKeys.filter {
                        $0.fromVersion <= list.version && list.version <= ($0.throughVersion ?? .max)
                    }
                    .map(\.pin)
                ),
                signingKeys: Set(entry.signingKeys.map(\.keyId))
            )
            members[entry.nodeId] = member
            for key in entry.signingKeys { keys[key.keyId] = entry.nodeId }
            if member.transport == .mtls, member.mayPullPublicRecords {
                for pin in member.tlsPins { pins[pin] = entry.nodeId.rawValue }
            }
        }
        self.members = members
        memberByKeyID = keys
        tlsSnapshot = TLSTrustSnapshot(pins: pins, version: Int(list.version))
    }

    private static func standing(of entry: TrustListContent.Member) -> Standing {
        guard let last = entry.status.last else { return .withdrawn(validThrough: nil) }
        switch last.status {
        case "suspended": return .suspended(validThrough: last.validThrough)
        case "withdrawn": return .withdrawn(validThrough: last.validThrough)
        default: return .active
        }
    }

    /// The member with node id `id`, whatever its standing.
    public func member(_ id: String) -> Member? {
        guard let nodeID = try? NodeID(validating: id) else { return nil }
        return members[nodeID]
    }

    /// Whether `id` is an active member reached by `transport`.
    public func admits(_ id: String, via transport: Transport) -> Bool {
        guard let member = member(id) else { return false }
        return member.isActive && member.transport == transport
    }

    /// Whether `id` may call this node's peer routes over `transport`: an active or suspended member
    /// (`mayPullPublicRecords`). What it may send beyond pulling is each route's own question.
    public func admitsCaller(_ id: String, via transport: Transport) -> Bool {
        guard let member = member(id) else { return false }
        return member.mayPullPublicRecords && member.transport == transport
    }

    /// The `httpsig` member that holds signing key `keyID`, and the key, if it may call the peer
    /// routes (`admitsCaller`): whose signed requests are accepted.
    public func requestSigner(keyID: String) -> (member: Member, key: Ed25519PublicKey)? {
        guard let key = try? KeyID(validating: keyID), let id = memberByKeyID[key], let member = members[id],
            member.mayPullPublicRecords, member.transport == .httpsig
        else { return nil }
        return (member, key.publicKey)
    }

    /// The node ids whose entries differ between `self` and `newer`: their open connections end.
    public func membersChanged(in newer: FederationTrust) -> Set<String> {
        let ids = Set(members.keys).union(newer.members.keys)
        return Set(ids.filter { members[$0] != newer.members[$0] }.map(\.rawValue))
    }
}

extension FederationTrust.Member {
    /// The pull policy: an active or suspended member may pull public records (envelopes are public,
    /// and a suspended member that stays current can be reinstated cleanly); a withdrawn one may not.
    /// Neither a suspended nor a withdrawn member receives personal parts or is called.
    public var mayPullPublicRecords: Bool {
        switch standing {
        case .active, .suspended: return true
        case .withdrawn: return false
        }
    }
}
