extension JSONParser {
    /// Parses the number that starts at `index`, by the RFC 8259 grammar and then the rules of `mode`.
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = index
        let negative = input[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let integerStart = index
        guard index < input.count, isDigit(input[index]) else { throw unexpected(expecting: "a digit") }
        if input[index] == UInt8(ascii: "0") {
            index += 1
            if index < input.count, isDigit(input[index]) {
                throw failure(.syntax, "a number must not have a leading zero", at: start)
            }
        } else {
            skipDigits()
        }
        let integerEnd = index
        let integerDigits = integerEnd - integerStart
        var isInteger = true
        if index < input.count, input[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            try requireDigits(after: "'.'")
        }
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") {
                index += 1
            }
            try requireDigits(after: "the exponent mark")
        }
        switch mode {
        case .record:
            guard isInteger else {
                throw failure(
                    .numberNotInteger,
                    "a record number must be an integer without fraction or exponent",
                    at: start
                )
            }
            let magnitude = integerDigits <= 16 ? integerValue(integerStart..<integerEnd) : .max
            guard magnitude <= JSONLimits.maximumInteger else {
                throw failure(.numberOutOfRange, "a record number must be within ±(2^53−1)", at: start)
            }
            return .number(Double(negative ? -magnitude : magnitude))
        case .document:
            // Up to 18 digits fit an Int64 exactly, and its conversion to Double rounds correctly.
            if isInteger && integerDigits <= 18 {
                let magnitude = Double(integerValue(integerStart..<integerEnd))
                return .number(negative ? -magnitude : magnitude)
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw failure(.numberOutOfRange, "the number is too large for a double", at: start)
            }
            return .number(value)
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private mutating func skipDigits() {
        while index < input.count, isDigit(input[index]) { index += 1 }
    }

    private mutating func requireDigits(after what: String) throws(JSONError) {
        guard index < input.count, isDigit(input[index]) else { throw unexpected(expecting: "a digit after \(what)") }
        skipDigits()
    }

    /// The value of at most 18 decimal digits, so that it cannot overflow.
    private func integerValue(_ range: Range<Int>) -> Int64 {
        var value: Int64 = 0
        for position in range { value = value * 10 + Int64(input[position] - UInt8(ascii: "0")) }
        return value
    }
}
