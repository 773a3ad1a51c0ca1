import CredexCore
import CredexCrypto
import CredexJSON
import CredexTrust

/// Signed trust-list versions for tests.
///
/// ```swift
/// let admins = (1...3).map { _ in Ed25519PrivateKey.generate() }
/// let v1 = try TrustListFactory.version(1, content: TrustListFactory.content(admins: admins, threshold: 2), signers: admins[0...1])
/// ```
public enum TrustListFactory {
    /// A trust-list body governed by `admins` with `threshold`, listing `members`.
    public static func content(
        name: String = "Test federation",
        admins: [Ed25519PrivateKey],
        threshold: Int,
        members: [TrustListContent.Member] = []
    ) -> TrustListContent {
        TrustListContent(
            name: name,
            issuedAt: RecordFactory.claimedAt,
            nextUpdate: try! ClaimedTime(validating: "2036-11-22T15:41:00Z"),
            admins: admins.enumerated().map {
                .init(keyId: KeyID($0.element.publicKey), name: "Admin \($0.offset + 1)")
            },
            threshold: threshold,
            members: members
        )
    }

    /// Version `seq` of `federation`'s list following `previous` (whose content id becomes `prev`;
    /// without one, a version after the first names a made-up predecessor), signed by `signers`.
    public static func version(
        _ seq: Int64,
        of federation: String = RecordFactory.federation,
        after previous: Record? = nil,
        content: TrustListContent,
        signers: some Sequence<Ed25519PrivateKey>
    ) throws -> Record {
        let draft = try RecordDraft(
            federation: federation,
            kind: .trustList,
            issuer: try NodeID(validating: federation),
            keyID: nil,
            seq: seq,
            prev: previous?.draft.contentID ?? (seq > 1 ? RecordID(canonicalBytes: Array("unknown".utf8)) : nil),
            claimedAt: RecordFactory.claimedAt,
            body: try JSONValueEncoder().encode(content)
        )
        return try draft.record(signatures: try signers.map { try draft.signature(by: $0) })
    }

    /// An active member with one signing key and one TLS pin, admitted in version 1.
    public static func member(
        _ id: String,
        signingKey: Ed25519PublicKey,
        tlsPin: String,
        transport: String = "mtls",
        endpoint: String = "https://localhost:7443",
        status: [TrustListContent.StatusEntry] = [.init(status: "admitted", version: 1)]
    ) -> TrustListContent.Member {
        TrustListContent.Member(
            nodeId: try! NodeID(validating: id),
            institutions: [.init(legalName: "Test University", country: try! CountryCode(validating: "IE"))],
            jurisdiction: .init(country: try! CountryCode(validating: "IE"), eea: true),
            signingKeys: [.init(keyId: KeyID(signingKey))],
            tlsKeys: [.init(pin: tlsPin, fromVersion: 1)],
            endpoint: endpoint,
            transport: transport,
            status: status
        )
    }
}
