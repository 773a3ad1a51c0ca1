import CredexCore
import CredexJSON

/// The formats Credex translates, and the one entry point that detects, decodes and encodes them
/// through the canonical model.
public enum CredentialFormat: String, Sendable, CaseIterable {
    /// Credex's own `credex.spec/1` body.
    case canonical
    /// Credential Engine CTDL (JSON-LD).
    case ctdl

    /// A translation: the canonical spec and the reports of decoding and encoding.
    public struct Translation: Sendable {
        public let spec: CredentialSpec
        public let reports: [MappingReport]
    }

    /// The format of `bytes`, or nil when none is recognised.
    public static func detect(_ bytes: [UInt8]) -> CredentialFormat? {
        guard let value = try? StrictJSON.parse(bytes, mode: .document) else { return nil }
        if value["type"]?.stringValue == CredentialSpec.bodyType { return .canonical }
        if CTDL.detect(value) { return .ctdl }
        return nil
    }

    /// Decodes `bytes`, in `format` or the detected one, to the canonical model.
    /// - Throws: `CredexError` if the format is not recognised or the document is not valid in it.
    public static func decode(_ bytes: [UInt8], as format: CredentialFormat? = nil) throws -> Translation {
        guard let format = format ?? detect(bytes) else {
            throw CredexError(
                .malformed,
                "not a document in a format Credex reads (\(allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let value = try StrictJSON.parse(bytes, mode: .document)
        switch format {
        case .canonical:
            let spec = try JSONValueDecoder().decode(CredentialSpec.self, from: value)
            try spec.validate()
            return Translation(spec: spec, reports: [])
        case .ctdl:
            let decoded = try CTDL.decode(value)
            return Translation(spec: decoded.spec, reports: [decoded.report])
        }
    }

    /// Encodes `spec` in `format`: the document's bytes and what the format could not carry.
    public static func encode(
        _ spec: CredentialSpec,
        to format: CredentialFormat
    ) throws -> (
        bytes: [UInt8], report: MappingReport
    ) {
        switch format {
        case .canonical:
            return (JCS.canonicalBytes(try JSONValueEncoder().encode(spec)), MappingReport(format: "canonical"))
        case .ctdl:
            let (document, report) = try CTDL.encode(spec)
            return (JCS.canonicalBytes(document), report)
        }
    }
}
