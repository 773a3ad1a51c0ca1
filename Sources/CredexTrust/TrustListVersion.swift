import CredexCore
import CredexJSON

/// One trust-list version: a `trustlist` record of the federation's log, its content, and the admin
/// keys whose signatures verify. Checked on its own here; whether it may follow the version
/// before it is `TrustListGovernance`'s question.
public struct TrustListVersion: Sendable, Hashable {
    public let record: Record
    public let content: TrustListContent
    /// The keys whose signatures verify over this version (admins or not).
    public let signers: Set<KeyID>

    /// The list version: the record's seq.
    public var version: Int64 { record.seq }
    /// The federation id: the log's issuer.
    public var federation: String { record.issuer.rawValue }
    /// What the next version names as `prev`: the hash of this one without its signatures.
    public var contentID: RecordID { record.draft.contentID }

    /// Reads and checks `record` as a trust-list version.
    /// - Throws: `TrustError(.malformed)` if it is not one, `.badSignature` if a signature fails.
    public init(_ record: Record) throws {
        guard record.kind == .trustList else {
            throw TrustError(.malformed, "a \(record.kind) record is not a trust-list version")
        }
        guard record.federation == record.issuer.rawValue else {
            throw TrustError(.malformed, "a trust list's issuer is its federation id, not \(record.issuer)")
        }
        let content: TrustListContent
        do {
            content = try JSONValueDecoder().decode(TrustListContent.self, from: record.body, at: JSONPointer(["body"]))
        } catch {
            throw TrustError(.malformed, "trust list version \(record.seq): \(error)")
        }
        do {
            try content.validate(version: record.seq)
        } catch let error as CredexError {
            let pointer = error.pointer.map { "\($0)" } ?? ""
            throw TrustError(.malformed, "trust list version \(record.seq): \(error.reason) at /body\(pointer)")
        }
        let check = record.verifySignatures()
        guard check.isValid else {
            throw TrustError(
                .badSignature,
                "trust list version \(record.seq): \(check.problems.joined(separator: "; "))"
            )
        }
        self.record = record
        self.content = content
        signers = Set(record.signatures.map(\.keyID))
    }

    /// How many of `admins` signed this version.
    func signatureCount(by admins: [TrustListContent.Admin]) -> Int {
        admins.filter { signers.contains($0.keyId) }.count
    }
}
