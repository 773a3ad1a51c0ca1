import CredexCore
import CredexCrypto
import CredexJSON

/// A candidate node's signed request to join a federation (`credex.join-request/1`): what it
/// states about itself, and proof that it holds both keys the trust list will carry for it.
///
/// Both proofs sign the RFC 8785 bytes of the request without `proofs`, under the purpose
/// `credex/v1/join-request`: the Ed25519 signing key, and the P-256 key of `tlsCertificate`, whose
/// pin is `tlsPin`. Institutions come with `attested` empty: only admins attest facts.
///
/// ```swift
/// let request = try JoinRequest.make(statement, signingKey: key, tls: identity)
/// let checked = try JoinRequest.verified(from: request.json)
/// let member = checked.member(version: 7)
/// ```
public struct JoinRequest: Sendable, Hashable {
    public static let requestType = "credex.join-request/1"

    /// Everything the request states: the signed part.
    public struct Statement: Codable, Hashable, Sendable {
        public var type: String = JoinRequest.requestType
        public var federation: String
        public var nodeId: NodeID
        /// The base URL peers will call (see `MemberEndpoint`).
        public var endpoint: String
        /// `mtls` or `httpsig`.
        public var transport: String
        public var roles: [String]
        public var institutions: [TrustListContent.Institution]
        public var jurisdiction: TrustListContent.Jurisdiction
        public var signingKey: KeyID
        /// The node's TLS certificate (PEM); its key signs `proofs.tlsKey`.
        public var tlsCertificate: String
        /// The pin the trust list will carry: `sha256/` + base64 of the certificate key's SPKI hash.
        public var tlsPin: String
        /// The requester's clock: shown, never trusted.
        public var requestedAt: ClaimedTime

        public init(
            federation: String,
            nodeId: NodeID,
            endpoint: String,
            transport: String,
            roles: [String],
            institutions: [TrustListContent.Institution],
            jurisdiction: TrustListContent.Jurisdiction,
            signingKey: KeyID,
            tlsCertificate: String,
            tlsPin: String,
            requestedAt: ClaimedTime
        ) {
            self.federation = federation
            self.nodeId = nodeId
            self.endpoint = endpoint
            self.transport = transport
            self.roles = roles
            self.institutions = institutions
            self.jurisdiction = jurisdiction
            self.signingKey = signingKey
            self.tlsCertificate = tlsCertificate
            self.tlsPin = tlsPin
            self.requestedAt = requestedAt
        }
    }

    /// The two proofs of possession, base64url.
    public struct Proofs: Codable, Hashable, Sendable {
        /// The Ed25519 signature by `signingKey` (64 bytes).
        public var signingKey: String
        /// The ECDSA P-256 signature by the certificate's key, `r || s` (64 bytes).
        public var tlsKey: String
    }

    public let statement: Statement
    public let proofs: Proofs

    /// The bytes both proofs sign (before the purpose prefix): the canonical statement.
    public var signedBytes: [UInt8] { JCS.canonicalBytes(Self.encoded(statement)) }

    /// The request as JSON: the statement with `proofs`.
    public var json: JSONValue {
        guard case .object(var members) = Self.encoded(statement) else { return .null }
        members["proofs"] = .object(["signingKey": .string(proofs.signingKey), "tlsKey": .string(proofs.tlsKey)])
        return .object(members)
    }

    /// Signs `statement` with the node's signing key and TLS key; `statement` must name both.
    /// - Throws: `TrustError(.malformed)` if the statement is not valid or names other keys;
    ///   `CryptoError` if signing fails.
    public static func make(
        _ statement: Statement,
        signingKey: Ed25519PrivateKey,
        tls: TLSIdentity
    ) throws -> JoinRequest {
        guard statement.signingKey == KeyID(signingKey.publicKey) else {
            throw TrustError(.malformed, "the join request names \(statement.signingKey), not the key that signs it")
        }
        guard statement.tlsCertificate == tls.certificatePEM, statement.tlsPin == tls.publicKeyPin else {
            throw TrustError(.malformed, "the join request names another TLS certificate than the one that signs it")
        }
        try check(statement)
        let bytes = JCS.canonicalBytes(encoded(statement))
        let proofs = Proofs(
            signingKey: Base64URL.encode(try signingKey.signature(purpose: .joinRequest, message: bytes)),
            tlsKey: Base64URL.encode(try tls.signature(for: bytes, purpose: .joinRequest))
        )
        return JoinRequest(statement: statement, proofs: proofs)
    }

    /// Reads a join request strictly (no unknown or missing member) and checks it: both proofs, the
    /// pin against the certificate, and the statement as a trust list would hold it.
    /// - Throws: `TrustError(.malformed)` or `.badSignature`, saying which check fails.
    public static func verified(from value: JSONValue) throws -> JoinRequest {
        guard case .object(var members) = value else { throw TrustError(.malformed, "a join request is a JSON object") }
        guard let proofValue = members.removeValue(forKey: "proofs") else {
            throw TrustError(.malformed, "the join request has no proofs")
        }
        let decoder = JSONValueDecoder()
        let statement: Statement
        let proofs: Proofs
        do {
            statement = try decoder.decode(Statement.self, from: .object(members))
            proofs = try decoder.decode(Proofs.self, from: proofValue, at: JSONPointer(["proofs"]))
        } catch {
            throw TrustError(.malformed, "not a valid join request: \(error)")
        }
        try check(statement)
        let tlsKey: TLSPublicKey
        do {
            tlsKey = try TLSPublicKey(certificatePEM: statement.tlsCertificate)
        } catch {
            throw TrustError(.malformed, "the join request's TLS certificate is not usable: \(error)")
        }
        guard tlsKey.pin == statement.tlsPin else {
            throw TrustError(.malformed, "the TLS pin \(statement.tlsPin) is not the pin of the certificate's key")
        }
        let bytes = JCS.canonicalBytes(encoded(statement))
        guard let signature = Base64URL.decode(proofs.signingKey),
            statement.signingKey.publicKey.isValidSignature(signature, purpose: .joinRequest, message: bytes)
        else {
            throw TrustError(.badSignature, "the signing-key proof does not verify with \(statement.signingKey)")
        }
        guard let tlsSignature = Base64URL.decode(proofs.tlsKey),
            tlsKey.isValidSignature(tlsSignature, for: bytes, purpose: .joinRequest)
        else {
            throw TrustError(.badSignature, "the TLS-key proof does not verify with the certificate's key")
        }
        return JoinRequest(statement: statement, proofs: proofs)
    }

    /// The member this request describes, admitted in list version `version`: its TLS pin current
    /// from that version, its signing key from seq 1.
    public func member(version: Int64) -> TrustListContent.Member {
        TrustListContent.Member(
            nodeId: statement.nodeId,
            institutions: statement.institutions,
            jurisdiction: statement.jurisdiction,
            roles: statement.roles,
            signingKeys: [.init(keyId: statement.signingKey, fromSeq: 1)],
            tlsKeys: [.init(pin: statement.tlsPin, fromVersion: version)],
            endpoint: statement.endpoint,
            transport: statement.transport,
            status: [.init(status: "admitted", version: version)]
        )
    }

    private static func encoded(_ statement: Statement) -> JSONValue {
        // The statement holds strings, booleans and arrays of them: encoding cannot fail.
        try! JSONValueEncoder().encode(statement)
    }

    /// The rules a trust list would check for the member, with a reason naming the field.
    private static func check(_ statement: Statement) throws {
        func fail(_ reason: String) -> TrustError {
            TrustError(.malformed, "join request of \(statement.nodeId): \(reason)")
        }
        guard statement.type == requestType else { throw fail("type must be \(requestType)") }
        guard !statement.federation.isEmpty else { throw fail("the federation is empty") }
        guard TrustListContent.transports.contains(statement.transport) else {
            throw fail("transport must be mtls or httpsig, not \(statement.transport)")
        }
        guard !statement.roles.isEmpty, statement.roles.allSatisfy(TrustListContent.roles.contains),
            Set(statement.roles).count == statement.roles.count
        else { throw fail("roles must be some of \(TrustListContent.roles.sorted()), each once") }
        guard (try? MemberEndpoint(statement.endpoint)) != nil else {
            throw fail("endpoint \"\(statement.endpoint)\" must be an https URL with a host and no query")
        }
        guard !statement.institutions.isEmpty else { throw fail("it names no institution") }
        guard statement.institutions.allSatisfy({ $0.attested.isEmpty }) else {
            throw fail("attested facts are for admins to add, not the requester")
        }
        if statement.jurisdiction.eea, statement.jurisdiction.adequacy {
            throw fail("adequacy applies outside the EEA only")
        }
    }
}
