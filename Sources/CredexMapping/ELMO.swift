import CredexCore
import CredexCrypto

/// The EMREX ELMO format (schema v1): a learner's transcript of records, one `report` per
/// issuing institution, each a tree of learning opportunity specifications with the learner's
/// results.
///
/// Each learning opportunity becomes one `CredentialSpec`; the learner and their results become
/// the personal facts of an `AwardInput`, never part of a spec. Everything the model has no place
/// for is listed in a `MappingReport` of format `elmo`. Untrusted bytes are read strictly: no DTD,
/// no entities, bounded size and depth, and a wrong value refuses the whole document.
///
/// ```swift
/// let decoded = try ELMO.decode(bytes)
/// for entry in decoded.entries { print(entry.spec.title.text(), entry.award?.issuedOn.rawValue ?? "no award") }
/// ```
public enum ELMO {
    /// The namespace of the root `elmo` element.
    public static let namespace = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
    /// The `provenance.format` and `MappingReport.format` of ELMO.
    public static let format = "elmo"

    /// One learning opportunity: its spec, its place in the tree, and what the learner achieved.
    public struct Entry: Sendable {
        public var spec: CredentialSpec
        /// The index of the entry this one is part of (ELMO `hasPart`); always below its own index.
        public var parent: Int?
        /// The learner's achievement, present when the learner passed; it holds personal data.
        public var award: AwardInput?

        public init(spec: CredentialSpec, parent: Int? = nil, award: AwardInput? = nil) {
            self.spec = spec
            self.parent = parent
            self.award = award
        }
    }

    /// A decoded document: its learning opportunities depth first, and what did not map.
    public struct Decoded: Sendable {
        public var entries: [Entry]
        public var report: MappingReport
    }

    /// An encoded document and what the ELMO schema had no place for.
    public struct Encoded: Sendable {
        public var bytes: [UInt8]
        public var report: MappingReport
    }

    /// Whether `bytes` are an ELMO document: XML whose root is `elmo` in the ELMO namespace.
    /// Bytes the strict reader refuses are not ELMO.
    public static func detect(_ bytes: [UInt8]) -> Bool {
        guard let root = try? ELMOXML.root(bytes) else { return false }
        return root.name == "elmo" && root.namespace == namespace
    }

    /// The learning opportunities of an ELMO document, or a `CredexError` that says why nothing
    /// was imported: malformed or hostile XML (`malformed`, `tooLarge`), another format
    /// (`wrongKind`), a missing or wrong value (`missingField`, `invalidField`, with its path).
    public static func decode(_ bytes: [UInt8]) throws -> Decoded {
        let root = try ELMOXML.parse(bytes)
        guard root.name == "elmo", root.namespace == namespace else {
            throw CredexError(.wrongKind, "the document's root is not <elmo> in the ELMO namespace \(namespace)")
        }
        var decoder = ELMODecoder(sha256: SHA256.hex(bytes))
        try decoder.decode(root)
        return Decoded(entries: decoder.entries, report: decoder.report)
    }

    /// An ELMO document holding `entries`, valid against the ELMO v1 schema.
    ///
    /// All entries describe one learner: the learner of their awards, which must agree. Entries
    /// whose first awarding body and issue date match share a `report`. Without any award the
    /// learner's names are written empty, as the schema requires the elements.
    public static func encode(_ entries: [Entry], generated: ClaimedTime) throws -> Encoded {
        var encoder = ELMOEncoder()
        let bytes = try encoder.encode(entries, generated: generated)
        return Encoded(bytes: bytes, report: encoder.report)
    }

    /// An ELMO document holding one spec and, when given, the learner's award of it.
    public static func encode(
        _ spec: CredentialSpec,
        award: AwardInput? = nil,
        generated: ClaimedTime
    ) throws
        -> Encoded
    {
        try encode([Entry(spec: spec, award: award)], generated: generated)
    }
}
