import CredexCore
import CredexCrypto
import CredexJSON
import Foundation

/// The formats Credex translates, and the one entry point that detects, decodes and encodes them
/// through the canonical model.
public enum CredentialFormat: String, Sendable, CaseIterable {
    /// Credex's own `credex.spec/1` body.
    case canonical
    /// Credential Engine CTDL (JSON-LD).
    case ctdl
    /// European Learning Model 3 (Europass EDC) JSON-LD, the converted profile, unsealed.
    case elm
    /// Open Badges 3.0 `AchievementCredential` (JSON, or a VC-JWT).
    case ob3
    /// EMREX ELMO (XML).
    case elmo
    /// A national register's CSV export, read through its profile (`Schemas/registers/`); read only.
    case register

    /// A translation: the canonical specs a document holds, the awards of them it records, and
    /// the reports of decoding it.
    public struct Translation: Sendable {
        public let format: CredentialFormat
        public let specs: [CredentialSpec]
        /// The learners' awards by the index of their spec in `specs`; they hold personal data.
        public var awards: [Int: [AwardInput]] = [:]
        public let reports: [MappingReport]
    }

    /// The format of `bytes`, or nil when none is recognised.
    public static func detect(_ bytes: [UInt8]) -> CredentialFormat? {
        if ELMO.detect(bytes) { return .elmo }
        if Register.detect(csv: bytes) != nil { return .register }
        if VCJWT.isCompact(bytes) { return .ob3 }
        guard let value = try? StrictJSON.parse(bytes, mode: .document) else { return nil }
        if value["type"]?.stringValue == CredentialSpec.bodyType { return .canonical }
        if ELM.detect(value) { return .elm }
        if OpenBadges.detect(value) { return .ob3 }
        if CTDL.detect(value) { return .ctdl }
        return nil
    }

    /// Decodes `bytes`, in `format` or the detected one, to the canonical model; a register's review
    /// dates are judged as of `now`.
    /// - Throws: `CredexError` if the format is not recognised or the document is not valid in it.
    public static func decode(
        _ bytes: [UInt8],
        as format: CredentialFormat? = nil,
        now: Date = Date()
    ) throws -> Translation {
        guard let format = format ?? detect(bytes) else { throw undetected(bytes) }
        switch format {
        case .canonical:
            let spec = try JSONValueDecoder().decode(
                CredentialSpec.self,
                from: try StrictJSON.parse(bytes, mode: .document)
            )
            try spec.validate()
            return Translation(format: format, specs: [spec], reports: [])
        case .ctdl:
            let decoded = try CTDL.decode(try StrictJSON.parse(bytes, mode: .document))
            return Translation(format: format, specs: [decoded.spec], reports: [decoded.report])
        case .elm:
            let decoded = try ELM.decode(try StrictJSON.parse(bytes, mode: .document))
            return Translation(format: format, specs: [decoded.spec], reports: [decoded.report])
        case .ob3:
            let decoded = try OpenBadges.decode(bytes)
            return Translation(format: format, specs: [decoded.spec], reports: [decoded.report])
        case .elmo:
            let decoded = try ELMO.decode(bytes)
            var translation = Translation(format: format, specs: decoded.entries.map(\.spec), reports: [decoded.report])
            for (index, entry) in decoded.entries.enumerated() {
                if let award = entry.award { translation.awards[index] = [award] }
            }
            return translation
        case .register:
            guard let profile = Register.detect(csv: bytes) else {
                throw CredexError(.malformed, "the CSV header matches no register profile")
            }
            let asOf = try CalendarDate(validating: String(ClaimedTime(now).rawValue.prefix(10)))
            let decoded = try Register.decode(
                csv: bytes,
                profile: profile,
                asOf: asOf,
                crosswalks: try Crosswalks.load()
            )
            return Translation(format: format, specs: decoded.rows.map(\.spec), reports: decoded.rows.map(\.report))
        }
    }

    /// Why `bytes` are in no format: the likeliest format's own error (XML as ELMO, JSON as JSON,
    /// else CSV), or a list of the formats read.
    private static func undetected(_ bytes: [UInt8]) -> CredexError {
        let formats = allCases.map(\.rawValue).joined(separator: ", ")
        let start = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        do {
            switch start {
            case UInt8(ascii: "<"):
                _ = try ELMO.decode(bytes)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                _ = try StrictJSON.parse(bytes, mode: .document)
            default:
                if bytes.contains(UInt8(ascii: ",")) { _ = try RegisterCSV(bytes) }
            }
        } catch let error as CredexError {
            return CredexError(error.code, "not a document Credex reads: \(error.reason)", pointer: error.pointer)
        } catch {
            return CredexError(.malformed, "not a document Credex reads: \(error)")
        }
        return CredexError(.malformed, "not a document in a format Credex reads (\(formats))")
    }

    /// Encodes `specs` in `format`: ELMO as one document, the JSON formats as one line per spec.
    /// Open Badges renditions are unsigned and valid from `now`.
    public static func encode(
        _ specs: [CredentialSpec],
        to format: CredentialFormat,
        now: Date = Date()
    ) throws -> (
        bytes: [UInt8], reports: [MappingReport]
    ) {
        let render: (CredentialSpec) throws -> (document: JSONValue, report: MappingReport?)
        switch format {
        case .register:
            throw CredexError(.wrongKind, "register profiles are read only: choose canonical, ctdl, ob3 or elmo")
        case .elmo:
            let encoded = try ELMO.encode(specs.map { ELMO.Entry(spec: $0) }, generated: ClaimedTime(now))
            return (encoded.bytes, [encoded.report])
        case .canonical:
            render = { (try JSONValueEncoder().encode($0), nil) }
        case .ctdl:
            render = { spec in
                let encoded = try CTDL.encode(spec)
                return (encoded.document, encoded.report)
            }
        case .elm:
            render = { spec in
                let encoded = try ELM.encode(spec, id: try renditionID(spec), validFrom: ClaimedTime(now).rawValue)
                return (encoded.document, encoded.report)
            }
        case .ob3:
            render = { spec in
                let encoded = try OpenBadges.encode(
                    spec,
                    id: try renditionID(spec),
                    validFrom: ClaimedTime(now).rawValue
                )
                return (encoded.credential, encoded.report)
            }
        }
        var lines: [[UInt8]] = []
        var reports: [MappingReport] = []
        for spec in specs {
            let rendered = try render(spec)
            lines.append(JCS.canonicalBytes(rendered.document))
            if let report = rendered.report { reports.append(report) }
        }
        return (Array(lines.joined(separator: [0x0A])), reports)
    }

    /// The id of an unsigned rendition of `spec`: the hash of its canonical JSON.
    private static func renditionID(_ spec: CredentialSpec) throws -> String {
        "urn:credex:rendition:\(SHA256.hex(JCS.canonicalBytes(try JSONValueEncoder().encode(spec))))"
    }
}

extension CredentialFormat.Translation {
    /// The specs, each with the original's provenance: as its decoder recorded it, else this
    /// format, the hash of `document` and no proof.
    public func specsWithProvenance(of document: [UInt8]) -> [CredentialSpec] {
        let provenance = Provenance(format: format.rawValue, sha256: SHA256.hex(document), proof: .none)
        return specs.map { spec in
            var spec = spec
            spec.provenance = spec.provenance ?? provenance
            return spec
        }
    }
}
