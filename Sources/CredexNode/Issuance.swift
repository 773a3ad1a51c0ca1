import CredexCore
import CredexJSON

/// One record for `IssuingService.issue(_:)` to sign.
public enum Issuance: Sendable {
    /// The spec an award is of: one this node holds, or one signed earlier in the same batch.
    public enum SpecReference: Sendable, Hashable {
        case held(RecordID)
        /// The index, in the batch, of the spec's issuance.
        case batch(Int)
    }

    /// A record of `kind` with `body`; an award's personal part goes with it.
    case record(kind: RecordKind, body: JSONValue, personalPart: PersonalPart?)
    /// An award for `input`, with a fresh salt, and the provenance of the document it came from.
    case award(AwardInput, spec: SpecReference, provenance: Provenance? = nil)

    /// The kind, body and personal part to sign, given the records signed before it in the batch.
    func resolved(batch: [Record]) throws -> (RecordKind, JSONValue, PersonalPart?) {
        switch self {
        case .record(let kind, let body, let personalPart):
            return (kind, body, personalPart)
        case .award(let input, let reference, let provenance):
            let spec: RecordID
            switch reference {
            case .held(let id):
                spec = id
            case .batch(let index):
                guard batch.indices.contains(index), batch[index].kind == .spec else {
                    throw NodeError(.refused, "the award names item \(index) of its batch, which is not a spec")
                }
                spec = batch[index].id
            }
            var (award, part) = try input.award(spec: spec)
            award.provenance = provenance
            return (.award, try JSONValueEncoder().encode(award), part)
        }
    }
}
