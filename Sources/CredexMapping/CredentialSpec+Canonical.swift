import CredexCore
import CredexJSON

extension CredentialSpec {
    /// The spec an adapter built as canonical JSON, decoded and validated; an error names `source`.
    /// - Throws: `CredexError` saying why the document does not make a valid spec.
    static func adapted(from json: JSONValue, source: String) throws -> CredentialSpec {
        do {
            let spec = try JSONValueDecoder().decode(CredentialSpec.self, from: json)
            try spec.validate()
            return spec
        } catch let error as CredexError {
            throw CredexError(
                error.code,
                "the \(source) credential does not make a valid spec: \(error.reason)",
                pointer: error.pointer
            )
        }
    }
}
