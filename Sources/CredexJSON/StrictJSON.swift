/// A strict RFC 8259 parser for credential records and the documents they come from.
///
/// Both modes refuse: duplicate keys (`.duplicateKey`, pointing at the object), `\u` escapes that are lone
/// surrogates (`.loneSurrogate`), ill-formed UTF-8 (`.invalidUTF8`), unescaped control characters in strings
/// (`.controlCharacter`), anything but whitespace after the value (`.trailingData`), a leading byte order mark,
/// nesting deeper than `maxDepth` (`.tooDeep`), and everything outside the grammar (`.syntax`): no NaN, no
/// leading zeros, no trailing commas, no comments; whitespace is space, tab, CR and LF only.
///
///     let record = try StrictJSON.parse(Array(#"{"credits":5}"#.utf8), mode: .record)
public enum StrictJSON {
    /// Parses `bytes` as exactly one JSON value.
    ///
    /// In `.record` mode every number must be an integer written without fraction or exponent
    /// (else `.numberNotInteger`) within ±(2^53−1) (else `.numberOutOfRange`). In `.document` mode any number is
    /// read as the nearest double, and one that overflows to infinity is refused (`.numberOutOfRange`).
    /// `maxDepth` also bounds the parser's recursion.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        mode: JSONParseMode,
        maxDepth: Int = 64
    ) throws -> JSONValue {
        try withContiguous(bytes) { buffer in
            try JSONParser.parse(buffer, mode: mode, maxDepth: maxDepth)
        }
    }

    /// Parses the UTF-8 of `text` as exactly one JSON value, nested at most 64 deep.
    public static func parse(_ text: String, mode: JSONParseMode) throws -> JSONValue {
        try parse(text.utf8, mode: mode)
    }

    /// Parses record-mode bytes and refuses them unless they are exactly the RFC 8785 canonical form of their value.
    ///
    /// A difference is refused as `.nonCanonical` with the byte offset of the first byte that differs; a number
    /// with a fraction or exponent is refused earlier, by record mode.
    public static func parseCanonical(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try withContiguous(bytes) { buffer in
            let value = try JSONParser.parse(buffer, mode: .record, maxDepth: 64)
            let canonical = JCS.canonicalBytes(value)
            let common = zip(canonical, buffer).prefix { $0 == $1 }.count
            if common < canonical.count || common < buffer.count {
                throw JSONError(
                    .nonCanonical,
                    "the bytes are not the RFC 8785 canonical form of their value",
                    offset: common
                )
            }
            return value
        }
    }

    /// Runs `body` over the bytes in contiguous memory, copying them only when they are not already.
    private static func withContiguous(
        _ bytes: some Collection<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> JSONValue
    ) rethrows -> JSONValue {
        if let value = try bytes.withContiguousStorageIfAvailable(body) { return value }
        return try Array(bytes).withUnsafeBufferPointer(body)
    }
}
