/// A recursive-descent RFC 8259 parser over a contiguous byte buffer; `StrictJSON` documents the rules.
///
/// Errors carry the byte offset where they were found; the pointer is built on the way out of the recursion,
/// so the success path pays nothing for it. Recursion depth is bounded by `maxDepth`.
struct JSONParser {
    let input: UnsafeBufferPointer<UInt8>
    let mode: JSONParseMode
    private let maxDepth: Int
    var index = 0
    private var depth = 0
    /// Reused for strings that contain escapes.
    var scratch: [UInt8] = []

    private init(input: UnsafeBufferPointer<UInt8>, mode: JSONParseMode, maxDepth: Int) {
        self.input = input
        self.mode = mode
        self.maxDepth = maxDepth
    }

    /// Parses all of `input` as one JSON value.
    static func parse(
        _ input: UnsafeBufferPointer<UInt8>,
        mode: JSONParseMode,
        maxDepth: Int
    ) throws(JSONError) -> JSONValue {
        var parser = JSONParser(input: input, mode: mode, maxDepth: maxDepth)
        if input.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw parser.failure(.syntax, "a byte order mark is not allowed", at: 0)
        }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < input.count {
            throw parser.failure(.trailingData, "unexpected data after the value", at: parser.index)
        }
        return value
    }

    /// An error at byte `offset`, pointing at the current container until the recursion unwinds.
    func failure(_ code: JSONError.Code, _ reason: String, at offset: Int) -> JSONError {
        JSONError(code, reason, offset: offset, pointer: JSONPointer())
    }

    /// The error for a byte that does not fit the grammar at `index`, or for the end of input.
    func unexpected(expecting expected: String) -> JSONError {
        guard index < input.count else {
            return failure(.syntax, "unexpected end of input, expected \(expected)", at: index)
        }
        let byte = input[index]
        let shown =
            byte >= 0x20 && byte < 0x7F
            ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        return failure(.syntax, "unexpected \(shown), expected \(expected)", at: index)
    }

    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard index < input.count else { throw unexpected(expecting: "a value") }
        switch input[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected(expecting: "a value")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard index < input.count, input[index] == expected else {
                throw unexpected(expecting: "'\(literal)' (started at byte \(start))")
            }
            index += 1
        }
    }

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        if depth > maxDepth {
            throw failure(.tooDeep, "arrays and objects are nested deeper than \(maxDepth)", at: index)
        }
        index += 1
    }

    /// Consumes `,` (returning true) or `close` (returning false, leaving the container).
    private mutating func parseSeparator(close: UInt8, expecting expected: String) throws(JSONError) -> Bool {
        skipWhitespace()
        if index < input.count, input[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        guard index < input.count, input[index] == close else { throw unexpected(expecting: expected) }
        index += 1
        depth -= 1
        return false
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < input.count, input[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        repeat {
            do throws(JSONError) {
                elements.append(try parseValue())
            } catch {
                throw error.nested(in: String(elements.count))
            }
        } while try parseSeparator(close: UInt8(ascii: "]"), expecting: "',' or ']'")
        return .array(elements)
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < input.count, input[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: "\"") else {
                throw unexpected(expecting: "a string key")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else { throw unexpected(expecting: "':'") }
            index += 1
            let value: JSONValue
            do throws(JSONError) {
                value = try parseValue()
            } catch {
                throw error.nested(in: key)
            }
            if members.updateValue(value, forKey: key) != nil {
                throw failure(
                    .duplicateKey,
                    "duplicate key \"\(key)\" (keys compare under Unicode canonical equivalence)",
                    at: keyOffset
                )
            }
        } while try parseSeparator(close: UInt8(ascii: "}"), expecting: "',' or '}'")
        return .object(members)
    }
}
