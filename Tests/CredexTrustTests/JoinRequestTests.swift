import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import CredexTrust
import Foundation
import Testing

/// A join request proves both keys; every way it can fail says which check failed.
@Suite struct JoinRequestTests {
    static let signingKey = Ed25519PrivateKey.generate()
    static let tls = try! TLSIdentity.generate(commonName: "candidate", dnsNames: ["candidate.example"])

    static func statement(
        signingKey: Ed25519PrivateKey = signingKey,
        tls: TLSIdentity = tls
    ) -> JoinRequest.Statement {
        JoinRequest.Statement(
            federation: RecordFactory.federation,
            nodeId: try! NodeID(validating: "did:web:candidate.example"),
            endpoint: "https://candidate.example:7443",
            transport: "mtls",
            roles: ["issuer"],
            institutions: [
                .init(legalName: "Candidate University", country: try! CountryCode(validating: "NL"), pic: "999999999")
            ],
            jurisdiction: .init(country: try! CountryCode(validating: "NL"), eea: true),
            signingKey: KeyID(signingKey.publicKey),
            tlsCertificate: tls.certificatePEM,
            tlsPin: tls.publicKeyPin,
            requestedAt: RecordFactory.claimedAt
        )
    }

    static func request() throws -> JoinRequest {
        try JoinRequest.make(statement(), signingKey: signingKey, tls: tls)
    }

    /// Re-reads `value` after a round trip through its text, as an admin's node would.
    static func reread(_ value: JSONValue) throws -> JoinRequest {
        try JoinRequest.verified(from: try StrictJSON.parse(JCS.canonicalString(value), mode: .record))
    }

    static func refusal(_ value: JSONValue) -> TrustError? {
        do {
            _ = try reread(value)
            return nil
        } catch {
            return error as? TrustError
        }
    }

    /// `request`'s JSON with `member` replaced (a top-level member or one under `proofs`).
    static func replacing(_ member: String, with value: JSONValue, inProofs: Bool = false) throws -> JSONValue {
        guard case .object(var members) = try request().json, case .object(var proofs)? = members["proofs"] else {
            throw TrustError(.malformed, "not an object")
        }
        if inProofs { proofs[member] = value } else { members[member] = value }
        members["proofs"] = .object(proofs)
        return .object(members)
    }

    @Test("a valid request verifies and becomes a member admitted at the given version")
    func valid() throws {
        let checked = try Self.reread(try Self.request().json)
        #expect(checked.statement == Self.statement())
        let member = checked.member(version: 4)
        #expect(member.status == [.init(status: "admitted", version: 4)])
        #expect(member.tlsKeys == [.init(pin: Self.tls.publicKeyPin, fromVersion: 4)])
        #expect(member.signingKeys == [.init(keyId: KeyID(Self.signingKey.publicKey), fromSeq: 1)])
        #expect(member.institutions[0].attested.isEmpty)
    }

    @Test("a field changed after signing: the signing-key proof no longer verifies")
    func tampered() throws {
        let value = try Self.replacing("endpoint", with: .string("https://attacker.example:7443"))
        let error = try #require(Self.refusal(value))
        #expect(error.code == .badSignature)
        #expect(error.reason.contains("the signing-key proof does not verify"), "\(error)")
    }

    @Test("a TLS proof made by another key is refused")
    func tlsProofByAnotherKey() throws {
        let other = try TLSIdentity.generate(commonName: "other", dnsNames: ["other.example"])
        let forged = try other.signature(for: try Self.request().signedBytes, purpose: .joinRequest)
        let value = try Self.replacing("tlsKey", with: .string(Base64URL.encode(forged)), inProofs: true)
        let error = try #require(Self.refusal(value))
        #expect(error.code == .badSignature)
        #expect(error.reason == "the TLS-key proof does not verify with the certificate's key", "\(error)")
    }

    @Test("a signing proof made by another key is refused")
    func signingProofByAnotherKey() throws {
        let forged = try Ed25519PrivateKey.generate().signature(
            purpose: .joinRequest,
            message: try Self.request().signedBytes
        )
        let value = try Self.replacing("signingKey", with: .string(Base64URL.encode(forged)), inProofs: true)
        let error = try #require(Self.refusal(value))
        #expect(error.code == .badSignature)
        #expect(error.reason.hasPrefix("the signing-key proof does not verify with ed25519:"), "\(error)")
    }

    @Test("a pin that is not the certificate's is refused, whoever signs it")
    func pinMismatch() throws {
        let other = try TLSIdentity.generate(commonName: "other", dnsNames: ["other.example"])
        let value = try Self.replacing("tlsPin", with: .string(other.publicKeyPin))
        let error = try #require(Self.refusal(value))
        #expect(error.code == .malformed)
        #expect(error.reason == "the TLS pin \(other.publicKeyPin) is not the pin of the certificate's key", "\(error)")

        var statement = Self.statement()
        statement.tlsPin = other.publicKeyPin
        #expect(throws: TrustError.self) { try JoinRequest.make(statement, signingKey: Self.signingKey, tls: Self.tls) }
    }

    @Test("strict reading: an unknown member, a missing proof, attested facts, a bad transport")
    func strict() throws {
        let unknown = try Self.replacing("extra", with: .string("x"))
        #expect(Self.refusal(unknown)?.reason.contains("unknown") == true)

        guard case .object(var members) = try Self.request().json else { return }
        members["proofs"] = nil
        #expect(Self.refusal(.object(members))?.reason == "the join request has no proofs")

        var statement = Self.statement()
        statement.institutions[0].attested = ["pic"]
        let attested = #expect(throws: TrustError.self) {
            try JoinRequest.make(statement, signingKey: Self.signingKey, tls: Self.tls)
        }
        #expect(attested?.reason.contains("attested facts are for admins to add") == true)

        statement = Self.statement()
        statement.transport = "ftp"
        let transport = #expect(throws: TrustError.self) {
            try JoinRequest.make(statement, signingKey: Self.signingKey, tls: Self.tls)
        }
        #expect(transport?.reason.contains("transport must be mtls or httpsig") == true)
    }
}
