import CredexCore
import CredexCrypto
import CredexJSON
import Foundation

/// Writes one stored spec or award for a wallet or another system, signing only what this node issued.
///
/// `record` is the original signed record, whoever issued it. For a record this node issued, `ob3`
/// is an OB 3.0 `AchievementCredential` with an `eddsa-jcs-2022` proof and `ob3-jwt` the same
/// credential as a VC-JWT (EdDSA), both signed with the node's record-signing key and naming its
/// `did:key`. Every other rendition is unsigned; one of another issuer's record is a conversion,
/// marked as such in the document itself (see `conversionNote`), and never carries this node's
/// signature.
///
///     let exporter = CredentialExport(nodeID: id, signingKey: { try directory.signingKey(configuration) })
///     let output = try await exporter.export(record, status: .active, to: .ob3) {
///         try await store.record(id: $0)?.record
///     }
public struct CredentialExport: Sendable {
    /// What to write.
    public enum Format: String, Sendable, CaseIterable {
        /// The original signed record's canonical bytes.
        case record
        case canonical, ctdl, elm, ob3
        /// The OB 3.0 credential as a VC-JWT; only for records this node issued.
        case ob3JWT = "ob3-jwt"
        case elmo
    }

    /// An exported document and what its formats could not carry.
    public struct Output: Sendable {
        public var bytes: [UInt8]
        public var reports: [MappingReport]
        /// True when this node signed the document now (`ob3`, `ob3-jwt` of its own records).
        public var signedHere: Bool
        /// True for an unsigned conversion of another issuer's record.
        public var converted: Bool
    }

    /// This node, whose records alone it signs.
    public let nodeID: NodeID
    /// The URL of this node's revocation list (a W3C Bitstring Status List, bit n the record at
    /// seq n); nil: signed credentials carry no `credentialStatus`, and the report says so.
    public let revocationList: String?
    let signingKey: @Sendable () throws -> Ed25519PrivateKey
    let now: @Sendable () -> Date

    /// `signingKey` is called only when a document is signed, so an export that signs nothing
    /// works without the key.
    public init(
        nodeID: NodeID,
        revocationList: String? = nil,
        signingKey: @escaping @Sendable () throws -> Ed25519PrivateKey,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.nodeID = nodeID
        self.revocationList = revocationList
        self.signingKey = signingKey
        self.now = now
    }

    /// Exports `record` (any kind for `.record`, else a spec or an award) in `format`; `lookup`
    /// finds the spec an award names. `status` is where the record stands: outside verifiers
    /// learn of a revocation only through the revocation list, so only an active record is signed.
    /// - Throws: `CredexError` with code `wrongKind` for a kind or format that cannot be exported,
    ///   `notActive` for signing a record no longer active, `notHeld` for an award whose spec is
    ///   not held, `signingKey` when the key cannot be read.
    public func export(
        _ record: Record,
        status: CredentialStatus?,
        to format: Format,
        lookup: (RecordID) async throws -> Record?
    ) async throws -> Output {
        let issuedHere = record.issuer == nodeID
        if format == .record {
            return Output(bytes: record.canonicalBytes, reports: [], signedHere: false, converted: false)
        }
        if issuedHere, format == .ob3 || format == .ob3JWT, let status, status != .active {
            throw CredexError(
                .notActive,
                "record \(record.id) is \(status.rawValue): this node signs no new credential for it; "
                    + "--to record gives the signed record"
            )
        }
        switch RecordBody(of: record) {
        case .spec(let spec):
            return try exportSpec(spec, of: record, to: format, issuedHere: issuedHere)
        case .award(let award):
            guard format == .ob3 || format == .ob3JWT else {
                throw CredexError(
                    .wrongKind,
                    "award \(record.id) exports as record, ob3 or ob3-jwt; \(format.rawValue) describes "
                        + "specs: export its spec \(award.spec) instead"
                )
            }
            guard let specRecord = try await lookup(award.spec), case .spec(let spec) = RecordBody(of: specRecord)
            else {
                throw CredexError(
                    .notHeld,
                    "award \(record.id) names spec \(award.spec), which this node does not hold"
                )
            }
            return try openBadges(
                spec,
                award: award,
                of: record,
                signed: format == .ob3JWT ? .jwt : .dataIntegrity,
                issuedHere: issuedHere
            )
        case .notUnderstood(let reason):
            throw CredexError(
                .wrongKind,
                "record \(record.id) is not understood by this node (\(reason)): only --to record exports it"
            )
        default:
            throw CredexError(
                .wrongKind,
                "record \(record.id) is a \(record.kind) record: only specs and awards export as "
                    + "\(format.rawValue); --to record writes the record itself"
            )
        }
    }

    /// A spec in `format`. CTDL and ELM documents take the record's URN as their id; ELM is valid
    /// from the record's claimed time.
    private func exportSpec(
        _ spec: CredentialSpec,
        of record: Record,
        to format: Format,
        issuedHere: Bool
    ) throws -> Output {
        if format == .ob3 || format == .ob3JWT {
            return try openBadges(
                spec,
                award: nil,
                of: record,
                signed: format == .ob3JWT ? .jwt : .dataIntegrity,
                issuedHere: issuedHere
            )
        }
        var marked = spec
        if !issuedHere {
            let note = conversionNote(record)
            marked.description = try LanguageMap(
                spec.description.map { $0.values.mapValues { $0 + "\n\n" + note } } ?? ["en": note]
            )
        }
        let id = documentID(of: record)
        var encoded: (bytes: [UInt8], reports: [MappingReport])
        switch format {
        case .ctdl:
            let document = try CTDL.encode(marked, id: id)
            encoded = (JCS.canonicalBytes(document.document), [document.report])
        case .elm:
            let document = try ELM.encode(marked, id: id, validFrom: record.claimedAt.rawValue)
            encoded = (JCS.canonicalBytes(document.document), [document.report])
        case .elmo:
            encoded = try CredentialFormat.encode([marked], to: .elmo, now: now())
        default:
            encoded = try CredentialFormat.encode([marked], to: .canonical)
        }
        if !issuedHere { encoded.reports.append(conversionReport(record, format: format)) }
        return Output(bytes: encoded.bytes, reports: encoded.reports, signedHere: false, converted: !issuedHere)
    }

    /// The id of a rendition of `record`, stable across exports: `urn:credex:record:<id>` for this
    /// node's records, `urn:credex:conversion:<id>` for a conversion of another issuer's.
    public func documentID(of record: Record) -> String {
        (record.issuer == nodeID ? "urn:credex:record:" : "urn:credex:conversion:") + record.id.rawValue
    }

    /// The sentence that marks a rendition of another issuer's record as an unsigned conversion.
    public func conversionNote(_ record: Record) -> String {
        "Unsigned conversion by \(nodeID) of Credex record \(record.id), issued and signed by \(record.issuer). "
            + "It carries no proof: the signed original is that record."
    }

    func conversionReport(_ record: Record, format: Format) -> MappingReport {
        MappingReport(
            format: format.rawValue,
            entries: [
                .init(
                    field: "signatures",
                    outcome: .lost,
                    detail: "record \(record.id) was issued by \(record.issuer): this rendition is unsigned"
                )
            ]
        )
    }
}

extension CredexError.Code {
    /// The record is suspended, revoked or withdrawn.
    public static let notActive = CredexError.Code("not-active")
    /// A record the operation needs is not held by this node.
    public static let notHeld = CredexError.Code("not-held")
    /// The node's signing key cannot be read.
    public static let signingKey = CredexError.Code("signing-key")
}
