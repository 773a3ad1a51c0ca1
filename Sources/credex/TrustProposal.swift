import CredexCore
import CredexJSON
import CredexTrust
import Foundation

/// A proposed trust-list version: the draft envelope and the admin signatures gathered so far,
/// kept in one pretty JSON file that admins pass around. With enough signatures it is the version.
struct TrustProposal {
    var draft: RecordDraft
    var signatures: [RecordSignature]

    var content: TrustListContent {
        get throws { try JSONValueDecoder().decode(TrustListContent.self, from: draft.body, at: JSONPointer(["body"])) }
    }

    /// Reads a proposal or signed version file (pretty or canonical JSON).
    init(path: String) throws {
        guard case .object(var members) = try StrictJSON.parse(try readFile(path), mode: .record) else {
            throw CredexError(.malformed, "\(path) is not a JSON object")
        }
        let list = members.removeValue(forKey: "signatures") ?? .array([])
        draft = try RecordDraft(envelope: .object(members))
        signatures = try JSONValueDecoder().decode([RecordSignature].self, from: list, at: JSONPointer(["signatures"]))
        guard draft.kind == .trustList else {
            throw CredexError(.wrongKind, "\(path) holds a \(draft.kind) record, not a trust-list version")
        }
    }

    init(draft: RecordDraft, signatures: [RecordSignature] = []) {
        self.draft = draft
        self.signatures = signatures
    }

    /// The signed version, checked on its own (format, every signature): not yet its governance.
    func version() throws -> TrustListVersion { try TrustListVersion(try draft.record(signatures: signatures)) }

    /// Writes the proposal as pretty JSON; `replacing` an existing file atomically, else never over one.
    func write(to path: String, replacing: Bool = false) throws {
        guard case .object(var members) = draft.envelope else { return }
        members["signatures"] = .array(
            signatures.map { .object(["keyId": .string($0.keyID.rawValue), "signature": .string($0.signature)]) }
        )
        let data = Data((prettyText(.object(members)) + "\n").utf8)
        try data.write(to: URL(fileURLWithPath: path), options: replacing ? .atomic : .withoutOverwriting)
    }
}
