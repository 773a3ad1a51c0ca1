import CredexCore
import CredexCrypto

/// An immutable, checked view of the federation's trust list: the one place the network layer
/// asks who belongs, how each member is reached, and which keys are whose.
public struct FederationTrust: Sendable {
    /// A member as the network sees it.
    public struct Member: Sendable, Hashable {
        public let nodeID: NodeID
        public let status: StaticTrustList.Status
        public let transport: StaticTrustList.Transport
        public let endpoint: MemberEndpoint
        public let tlsPins: Set<String>
        public let signingKeys: Set<KeyID>

        public var isActive: Bool { status == .active }
    }

    public let federation: String
    public let version: Int
    public let members: [NodeID: Member]
    /// The pins of active mutual-TLS members, for the TLS contexts' verify callbacks.
    public let tlsSnapshot: TLSTrustSnapshot
    private let memberByKeyID: [String: NodeID]

    /// Checks `list`: unique node ids, parsable endpoints, each pin and signing key held by one member.
    /// - Throws: `NodeError(.configuration)` naming the member at fault.
    public init(_ list: StaticTrustList) throws {
        var members: [NodeID: Member] = [:]
        var pinOwner: [String: NodeID] = [:]
        var keyOwner: [String: NodeID] = [:]
        for entry in list.members {
            let id = entry.nodeId
            guard members[id] == nil else {
                throw NodeError(.configuration, "the trust list names member \(id) twice")
            }
            for pin in entry.tlsPins {
                guard pin.hasPrefix("sha256/") else {
                    throw NodeError(.configuration, "member \(id): TLS pin \"\(pin)\" must start with sha256/")
                }
                if let other = pinOwner.updateValue(id, forKey: pin), other != id {
                    throw NodeError(.configuration, "TLS pin \(pin) is listed for both \(other) and \(id)")
                }
            }
            for key in entry.signingKeys {
                if let other = keyOwner.updateValue(id, forKey: key.rawValue), other != id {
                    throw NodeError(.configuration, "signing key \(key) is listed for both \(other) and \(id)")
                }
            }
            let endpoint: MemberEndpoint
            do {
                endpoint = try MemberEndpoint(entry.endpoint)
            } catch let error as NodeError {
                throw NodeError(.configuration, "member \(id): \(error.reason)")
            }
            members[id] = Member(
                nodeID: id,
                status: entry.status,
                transport: entry.transport,
                endpoint: endpoint,
                tlsPins: Set(entry.tlsPins),
                signingKeys: Set(entry.signingKeys)
            )
        }
        federation = list.federation
        version = list.version
        self.members = members
        memberByKeyID = keyOwner
        var pins: [String: String] = [:]
        for member in members.values where member.isActive && member.transport == .mtls {
            for pin in member.tlsPins { pins[pin] = member.nodeID.rawValue }
        }
        tlsSnapshot = TLSTrustSnapshot(pins: pins, version: list.version)
    }

    /// The member with node id `id`, whatever its status.
    public func member(_ id: String) -> Member? {
        guard let nodeID = try? NodeID(validating: id) else { return nil }
        return members[nodeID]
    }

    /// Whether `id` is an active member reached by `transport`.
    public func admits(_ id: String, via transport: StaticTrustList.Transport) -> Bool {
        guard let member = member(id) else { return false }
        return member.isActive && member.transport == transport
    }

    /// The active `httpsig` member that holds signing key `keyID`, and the key: whose signed
    /// requests and responses are accepted.
    public func requestSigner(keyID: String) -> (member: Member, key: Ed25519PublicKey)? {
        guard let id = memberByKeyID[keyID], let member = members[id], member.isActive,
            member.transport == .httpsig, let key = member.signingKeys.first(where: { $0.rawValue == keyID })
        else { return nil }
        return (member, key.publicKey)
    }

    /// The node ids whose admission, transport, endpoint or keys differ between `self` and `newer`:
    /// their open connections must end.
    public func membersChanged(in newer: FederationTrust) -> Set<String> {
        let ids = Set(members.keys).union(newer.members.keys)
        return Set(ids.filter { members[$0] != newer.members[$0] }.map(\.rawValue))
    }
}
