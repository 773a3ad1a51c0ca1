import CredexCore

/// A position in an issuer's log: the record at `seq` whose id is `id`.
public struct LogPosition: Codable, Hashable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var id: RecordID

    public init(seq: Int64, id: RecordID) {
        self.seq = seq
        self.id = id
    }

    public var description: String { "(\(seq), \(id.rawValue.prefix(12))…)" }
}

/// The body of a trust-list version (`credex.trustlist/1`): who belongs to the federation, how each
/// member is reached, which keys are whose over which part of its log, and who governs the list.
///
/// Every decision is by log position: a withdrawal is "valid through (seq, id)", a key is valid
/// from a seq through a position. Times here are claims, shown (staleness), never used to decide.
public struct TrustListContent: Codable, Hashable, Sendable {
    public static let bodyType = "credex.trustlist/1"

    public var type: String = bodyType
    /// The federation's name.
    public var name: String
    /// When the admins issued this version (their claim).
    public var issuedAt: ClaimedTime
    /// When the next version is due; past it the list is still used, but every view says it is stale.
    public var nextUpdate: ClaimedTime
    /// How old (seconds) an issuer's latest checkpoint may be before officers see a staleness flag.
    public var maxCheckpointAge: Int64
    /// The keys that govern the list, and how many of them must sign a new version.
    public var admins: [Admin]
    public var threshold: Int
    public var members: [Member]
    /// Forks the admins resolved: the valid branch of an issuer's log at a seq.
    public var forkResolutions: [ForkResolution]?

    public init(
        name: String,
        issuedAt: ClaimedTime,
        nextUpdate: ClaimedTime,
        maxCheckpointAge: Int64 = 86_400,
        admins: [Admin],
        threshold: Int,
        members: [Member] = [],
        forkResolutions: [ForkResolution]? = nil
    ) {
        self.name = name
        self.issuedAt = issuedAt
        self.nextUpdate = nextUpdate
        self.maxCheckpointAge = maxCheckpointAge
        self.admins = admins
        self.threshold = threshold
        self.members = members
        self.forkResolutions = forkResolutions
    }

    /// A federation admin: an Ed25519 key held offline by a person (never a node's key).
    public struct Admin: Codable, Hashable, Sendable {
        public var keyId: KeyID
        public var name: String

        public init(keyId: KeyID, name: String) {
            self.keyId = keyId
            self.name = name
        }
    }

    /// The admins' decision on a fork: which record is valid at (issuer, seq).
    public struct ForkResolution: Codable, Hashable, Sendable {
        public var issuer: NodeID
        public var valid: LogPosition

        public init(issuer: NodeID, valid: LogPosition) {
            self.issuer = issuer
            self.valid = valid
        }
    }
}

extension TrustListContent {
    /// A member node and everything the federation states about it.
    public struct Member: Codable, Hashable, Sendable {
        public var nodeId: NodeID
        /// The institutions the node attests for (one node may serve several).
        public var institutions: [Institution]
        public var jurisdiction: Jurisdiction
        /// What the member does: `issuer`, `recognition`, `relay`.
        public var roles: [String]
        /// The keys that sign the member's log, each for a range of it.
        public var signingKeys: [SigningKey]
        /// The member's TLS keys by pin; two overlap while a key rolls over.
        public var tlsKeys: [TLSKey]
        /// The base URL peers call: `https://host:port` (mtls) or the proxy's URL (httpsig).
        public var endpoint: String
        /// `mtls` or `httpsig`.
        public var transport: String
        public var accreditation: Accreditation?
        /// Admission, suspension, withdrawal and reinstatement, oldest first.
        public var status: [StatusEntry]

        public init(
            nodeId: NodeID,
            institutions: [Institution],
            jurisdiction: Jurisdiction,
            roles: [String] = ["issuer"],
            signingKeys: [SigningKey],
            tlsKeys: [TLSKey],
            endpoint: String,
            transport: String = "mtls",
            accreditation: Accreditation? = nil,
            status: [StatusEntry]
        ) {
            self.nodeId = nodeId
            self.institutions = institutions
            self.jurisdiction = jurisdiction
            self.roles = roles
            self.signingKeys = signingKeys
            self.tlsKeys = tlsKeys
            self.endpoint = endpoint
            self.transport = transport
            self.accreditation = accreditation
            self.status = status
        }
    }

    /// An institution a member attests for; `attested` names the facts the admins checked out of band.
    public struct Institution: Codable, Hashable, Sendable {
        public var legalName: String
        public var country: CountryCode
        public var schacDomain: String?
        public var erasmusCode: String?
        public var pic: String?
        public var deqarId: String?
        public var qaAgency: String?
        public var attested: [String]

        public init(
            legalName: String,
            country: CountryCode,
            schacDomain: String? = nil,
            erasmusCode: String? = nil,
            pic: String? = nil,
            deqarId: String? = nil,
            qaAgency: String? = nil,
            attested: [String] = []
        ) {
            self.legalName = legalName
            self.country = country
            self.schacDomain = schacDomain
            self.erasmusCode = erasmusCode
            self.pic = pic
            self.deqarId = deqarId
            self.qaAgency = qaAgency
            self.attested = attested
        }
    }

    /// Where a member's law applies, which decides where personal data may go.
    public struct Jurisdiction: Codable, Hashable, Sendable {
        public var country: CountryCode
        /// In the European Economic Area.
        public var eea: Bool
        /// Outside the EEA with an EU adequacy decision.
        public var adequacy: Bool

        public init(country: CountryCode, eea: Bool, adequacy: Bool = false) {
            self.country = country
            self.eea = eea
            self.adequacy = adequacy
        }
    }

    /// A signing key and the part of the member's log it may sign: from `fromSeq`, through
    /// `through` (nil: still current). A key valid through (n, h) signs only the chain ending at h.
    public struct SigningKey: Codable, Hashable, Sendable {
        public var keyId: KeyID
        public var fromSeq: Int64
        public var through: LogPosition?

        public init(keyId: KeyID, fromSeq: Int64 = 1, through: LogPosition? = nil) {
            self.keyId = keyId
            self.fromSeq = fromSeq
            self.through = through
        }
    }

    /// A TLS key pin and the list versions it is current for (`throughVersion` nil: until further notice).
    public struct TLSKey: Codable, Hashable, Sendable {
        public var pin: String
        public var fromVersion: Int64
        public var throughVersion: Int64?

        public init(pin: String, fromVersion: Int64, throughVersion: Int64? = nil) {
            self.pin = pin
            self.fromVersion = fromVersion
            self.throughVersion = throughVersion
        }
    }

    /// What a member is accredited to issue; outside it a record is stored and flagged, never refused.
    public struct Accreditation: Codable, Hashable, Sendable {
        public var credentialTypes: [String]
        public var eqfLevels: [Int]

        public init(credentialTypes: [String], eqfLevels: [Int]) {
            self.credentialTypes = credentialTypes
            self.eqfLevels = eqfLevels
        }
    }

    /// One admission decision, taken in list version `version`.
    public struct StatusEntry: Codable, Hashable, Sendable {
        /// `admitted`, `suspended`, `withdrawn` or `reinstated`.
        public var status: String
        public var version: Int64
        /// For `suspended` and `withdrawn`: the member's records up to this position stay valid.
        public var validThrough: LogPosition?
        public var reason: String?

        public init(status: String, version: Int64, validThrough: LogPosition? = nil, reason: String? = nil) {
            self.status = status
            self.version = version
            self.validThrough = validThrough
            self.reason = reason
        }
    }
}
