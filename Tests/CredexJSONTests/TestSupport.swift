import CredexJSON
import Testing

/// The `JSONError` that parsing `bytes` throws; records an issue when it throws nothing or something else.
func refusal(
    _ bytes: [UInt8],
    mode: JSONParseMode = .document,
    maxDepth: Int = 64,
    sourceLocation: SourceLocation = #_sourceLocation
) -> JSONError? {
    #expect(throws: JSONError.self, sourceLocation: sourceLocation) {
        try StrictJSON.parse(bytes, mode: mode, maxDepth: maxDepth)
    }
}

/// The `JSONError` that parsing the UTF-8 of `text` throws.
func refusal(
    _ text: String,
    mode: JSONParseMode = .document,
    sourceLocation: SourceLocation = #_sourceLocation
) -> JSONError? {
    refusal(Array(text.utf8), mode: mode, sourceLocation: sourceLocation)
}

/// The byte offset of the first occurrence of `needle` in the UTF-8 of `text`.
func byteOffset(of needle: String, in text: String) -> Int? {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    guard pattern.count <= haystack.count else { return nil }
    return (0...(haystack.count - pattern.count)).first { haystack[$0..<$0 + pattern.count].elementsEqual(pattern) }
}
