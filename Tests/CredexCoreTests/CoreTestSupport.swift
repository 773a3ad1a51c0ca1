import CredexCore
import CredexJSON
import Testing

/// The `CredexError` that `body` throws, checked against `code` and, when given, the JSON pointer
/// (`""` for the root); records an issue when it throws nothing, something else, or another code.
@discardableResult
func expectRefusal<T>(
    _ code: CredexError.Code,
    pointer: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> T
) -> CredexError? {
    let error = #expect(throws: CredexError.self, sourceLocation: sourceLocation) { _ = try body() }
    guard let error else { return nil }
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    if let pointer {
        #expect(error.pointer?.description == pointer, "\(error)", sourceLocation: sourceLocation)
    }
    return error
}

extension JSONValue {
    /// A copy with the member at `path` set to `value`, or removed when `value` is nil.
    func setting(_ path: [String], to value: JSONValue?) -> JSONValue {
        guard let first = path.first, case .object(var members) = self else { return self }
        if path.count == 1 {
            members[first] = value
        } else {
            members[first] = (members[first] ?? .object([:])).setting(Array(path.dropFirst()), to: value)
        }
        return .object(members)
    }
}

extension Record {
    /// The record as a parsed JSON tree, for tests that alter one member and decode again.
    var jsonValue: JSONValue {
        get throws { try StrictJSON.parseCanonical(canonicalBytes) }
    }
}
