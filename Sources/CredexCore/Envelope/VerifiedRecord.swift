/// A record whose signatures have been checked against the keys they name. The store accepts
/// only these, so nothing unverified can be appended by mistake.
public struct VerifiedRecord: Sendable, Hashable {
    public let record: Record
    /// The record's body as this node reads it.
    public let body: RecordBody

    fileprivate init(record: Record) {
        self.record = record
        body = RecordBody(of: record)
    }
}

extension Record {
    /// Verifies every signature, throwing `badSignature` with the reasons when one fails.
    public func verified() throws -> VerifiedRecord {
        let check = verifySignatures()
        guard check.isValid else {
            throw CredexError(
                .badSignature,
                "record \(id) (\(issuer) #\(seq)): " + check.problems.joined(separator: "; ")
            )
        }
        return VerifiedRecord(record: self)
    }
}
