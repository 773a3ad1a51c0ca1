/// A change of an award's or spec's status (`credex.status/1`), issued only by the target's issuer.
/// Its effect is decided by its position in the issuer's log; `revoke` is final.
public struct StatusChange: Codable, Hashable, Sendable {
    public static let bodyType = "credex.status/1"

    public enum Action: String, Codable, Hashable, Sendable, CaseIterable {
        case revoke, suspend, reinstate, withdraw
    }

    public var type: String = bodyType
    public var target: RecordID
    public var action: Action
    public var reason: LanguageMap?

    public init(target: RecordID, action: Action, reason: LanguageMap? = nil) {
        self.target = target
        self.action = action
        self.reason = reason
    }

    public func validate() throws { try requireBodyType(type, Self.bodyType) }
}

/// A co-awarding or endorsing body's node vouches for another issuer's spec or award
/// (`credex.endorsement/1`).
public struct Endorsement: Codable, Hashable, Sendable {
    public static let bodyType = "credex.endorsement/1"

    public enum Role: String, Codable, Hashable, Sendable {
        case coAwarding = "co-awarding"
        case endorsing
    }

    /// The body that endorses.
    public struct Body: Codable, Hashable, Sendable {
        public var id: String
        public var name: LanguageMap
        public var country: CountryCode
    }

    public var type: String = bodyType
    public var target: RecordID
    public var targetIssuer: NodeID
    public var role: Role
    public var body: Body
    public var statement: LanguageMap?

    public func validate() throws { try requireBodyType(type, Self.bodyType) }
}

/// Where an award or spec stands after the status records that target it, in log order.
public enum CredentialStatus: String, Sendable, Hashable {
    case active, suspended, revoked, withdrawn

    /// Applies `changes` in log order; `revoke` is final, so nothing after it has effect.
    public init(applying changes: [StatusChange]) {
        var status = CredentialStatus.active
        for change in changes where status != .revoked {
            switch change.action {
            case .revoke: status = .revoked
            case .suspend: status = .suspended
            case .reinstate: status = .active
            case .withdraw: status = .withdrawn
            }
        }
        self = status
    }
}
