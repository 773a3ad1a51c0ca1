extension JCS {
    /// ECMAScript `Number::toString(10)` of a finite double, as RFC 8785 §3.2.2.3 requires; NaN and infinity trap.
    ///
    /// The shortest digits that round-trip, laid out by the ES6 rules: `-0` is `"0"`, `1e21` is `"1e+21"`,
    /// `1e-7` is `"1e-7"`, `0.000001` is `"0.000001"`, `1e20` is `"100000000000000000000"`.
    public static func format(_ number: Double) -> String {
        var output: [UInt8] = []
        appendNumber(number, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendNumber(_ number: Double, to output: inout [UInt8]) {
        precondition(number.isFinite, "RFC 8785 has no form for NaN or infinity")
        // Below 2^53 an integer's shortest round-tripping digits are its own digits.
        if let integer = number.exactInt64, integer.magnitude < 1 << 53 {
            output.append(contentsOf: String(integer).utf8)
            return
        }
        if number < 0 { output.append(UInt8(ascii: "-")) }
        let (digits, exponent) = shortestDigits(number.magnitude)
        let count = digits.count
        let zero = UInt8(ascii: "0")
        if count <= exponent && exponent <= 21 {
            output.append(contentsOf: digits)
            output.append(contentsOf: repeatElement(zero, count: exponent - count))
        } else if 0 < exponent && exponent <= 21 {
            output.append(contentsOf: digits[..<exponent])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: digits[exponent...])
        } else if -6 < exponent && exponent <= 0 {
            output.append(contentsOf: "0.".utf8)
            output.append(contentsOf: repeatElement(zero, count: -exponent))
            output.append(contentsOf: digits)
        } else {
            output.append(digits[0])
            if count > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: digits[1...])
            }
            output.append(contentsOf: (exponent > 0 ? "e+" : "e-").utf8)
            output.append(contentsOf: String((exponent - 1).magnitude).utf8)
        }
    }

    /// The shortest round-tripping decimal digits of a positive finite double, without leading or trailing zeros,
    /// and the exponent `n` such that the value is 0.digits × 10^n.
    ///
    /// Swift's `description` already gives the shortest digits, closest to the value (e.g. `"1.2345e+20"`,
    /// `"100000.0"`, `"1e-07"`); only their layout differs from ECMAScript's.
    private static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], exponent: Int) {
        var digits: [UInt8] = []
        var pointPosition: Int?
        var written = 0
        var text = Substring(magnitude.description)
        if let mark = text.firstIndex(of: "e") {
            written = Int(text[text.index(after: mark)...])!
            text = text[..<mark]
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else {
                digits.append(byte)
            }
        }
        var exponent = (pointPosition ?? digits.count) + written
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        exponent -= leadingZeros
        digits.removeFirst(leadingZeros)
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, exponent)
    }
}
