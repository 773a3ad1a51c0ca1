/// What a token's holder is: each role includes every lower one (`admin` ⊇ `operator` ⊇ `officer`).
///
/// - `officer`: a recognition officer. Reads records, credentials and their personal parts for the
///   cases in front of them (`personal.read`), and writes recognition reports (`report.save`).
/// - `operator`: everything an officer may do, plus learners' GDPR requests: access and export of a
///   learner's personal data (`personal.export`) and erasure (`personal.erase`).
/// - `admin`: everything an operator may do, plus managing the node: tokens (`token.*`), reading
///   the audit log (`audit.read`), configuration.
///
/// The order is total so a check is one comparison: `principal.role >= .operator`. Ask through
/// `Permission`, which names the lowest role allowed, rather than comparing roles at call sites.
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case officer
    case `operator`
    case admin

    private var rank: Int {
        switch self {
        case .officer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may do everything `other` may do.
    public func includes(_ other: Role) -> Bool { self >= other }

    /// Whether this role may do `permission`.
    public func may(_ permission: Permission) -> Bool { self >= permission.minimumRole }
}

/// Something a principal may be allowed to do, with the lowest role that may do it.
///
/// A struct with static members rather than an enum, so the HTTP layer can add its own.
public struct Permission: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let minimumRole: Role

    public init(_ name: String, minimumRole: Role) {
        self.name = name
        self.minimumRole = minimumRole
    }

    public var description: String { name }

    /// Read records and personal parts for a recognition case.
    public static let readPersonal = Permission("personal.read", minimumRole: .officer)
    /// Save a recognition report.
    public static let saveReport = Permission("report.save", minimumRole: .officer)
    /// Export a learner's personal data (GDPR access and portability).
    public static let exportPersonal = Permission("personal.export", minimumRole: .operator)
    /// Erase a learner's personal data (GDPR erasure).
    public static let erasePersonal = Permission("personal.erase", minimumRole: .operator)
    /// Create, list and revoke tokens.
    public static let manageTokens = Permission("token.manage", minimumRole: .admin)
    /// Read the audit log.
    public static let readAudit = Permission("audit.read", minimumRole: .admin)
}
