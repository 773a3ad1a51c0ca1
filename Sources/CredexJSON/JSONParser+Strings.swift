extension JSONParser {
    /// Parses the string whose opening quote is at `index`.
    ///
    /// Runs without escapes are validated as UTF-8 in place and decoded in one step; invalid UTF-8 is refused,
    /// never repaired.
    mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index
        while index < input.count {
            switch input[index] {
            case UInt8(ascii: "\""):
                let string = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
                index += 1
                return string
            case UInt8(ascii: "\\"):
                return try parseEscapedString(from: start)
            default:
                try skipCharacter()
            }
        }
        throw unexpected(expecting: "'\"'")
    }

    /// The slow path: copies runs and decoded escapes into `scratch`.
    private mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while index < input.count {
            switch input[index] {
            case UInt8(ascii: "\""):
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                try parseEscape()
                runStart = index
            default:
                try skipCharacter()
            }
        }
        throw unexpected(expecting: "'\"'")
    }

    /// Steps over one unescaped character, checking it is not a control character and is well-formed UTF-8.
    private mutating func skipCharacter() throws(JSONError) {
        let lead = input[index]
        if lead >= 0x20 && lead < 0x80 {
            index += 1
            return
        }
        if lead < 0x20 {
            throw failure(
                .controlCharacter,
                "control character 0x\(String(lead, radix: 16)) must be escaped",
                at: index
            )
        }
        // RFC 3629 §4: the second byte's range excludes overlong forms, surrogates and values above U+10FFFF.
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default:
            throw failure(.invalidUTF8, "byte 0x\(String(lead, radix: 16)) cannot start a UTF-8 sequence", at: index)
        }
        guard index + length <= input.count, secondRange.contains(input[index + 1]),
            (index + 2..<index + length).allSatisfy({ input[$0] & 0xC0 == 0x80 })
        else {
            throw failure(.invalidUTF8, "ill-formed UTF-8 sequence", at: index)
        }
        index += length
    }

    /// Decodes the escape at `index` into `scratch`.
    private mutating func parseEscape() throws(JSONError) {
        let escapeStart = index
        index += 1
        guard index < input.count else { throw unexpected(expecting: "an escape") }
        let simple: UInt8
        switch input[index] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            try parseUnicodeEscape(startingAt: escapeStart)
            return
        default:
            throw unexpected(expecting: "one of \" \\ / b f n r t u after '\\'")
        }
        scratch.append(simple)
        index += 1
    }

    /// Decodes `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair, whose backslash is at `start`.
    private mutating func parseUnicodeEscape(startingAt start: Int) throws(JSONError) {
        index += 1
        var value = UInt32(try parseHexQuad())
        switch value {
        case 0xDC00...0xDFFF:
            throw loneSurrogate(value, at: start)
        case 0xD800...0xDBFF:
            guard index + 1 < input.count, input[index] == UInt8(ascii: "\\"), input[index + 1] == UInt8(ascii: "u")
            else { throw loneSurrogate(value, at: start) }
            index += 2
            let low = UInt32(try parseHexQuad())
            guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(value, at: start) }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        default:
            break
        }
        appendUTF8(value)
    }

    private func loneSurrogate(_ value: UInt32, at offset: Int) -> JSONError {
        let reason =
            value < 0xDC00
            ? "high surrogate \\u\(String(value, radix: 16)) without a low one"
            : "low surrogate \\u\(String(value, radix: 16)) without a high one"
        return failure(.loneSurrogate, reason, at: offset)
    }

    /// Appends the UTF-8 encoding of `scalar`, a Unicode scalar value (not a surrogate, at most U+10FFFF).
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Reads four hexadecimal digits at `index`.
    private mutating func parseHexQuad() throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < input.count else { throw unexpected(expecting: "four hexadecimal digits") }
            let byte = input[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw unexpected(expecting: "four hexadecimal digits")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
