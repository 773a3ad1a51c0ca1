import CredexJSON
import CredexTesting
import Testing

/// Canonical form → parse → canonical form, for values chosen to trip up a serialiser or a parser.
@Suite struct RoundTripTests {
    static let tricky: [JSONValue] = [
        ["\u{10000}": 1, "\u{FB33}": 2, "\u{E000}": 3, "\u{FFFF}": 4, "z": 5, "": 6],
        "\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}\u{80}\"\\/",
        ["emoji": "😀👩‍👩‍👧‍👦🇪🇺", "combining": "A\u{30A}", "precomposed": "\u{C5}", "nul\u{0}key": nil],
        [
            1e21, 1e-7, -0.0, .number(.leastNonzeroMagnitude), 1.7976931348623157e308, 0.1, 9_007_199_254_740_994,
            -333_333_333.333_333_3,
        ],
        [[[[[]]]], [:], ["a": [["b": [:]]]]],
        [true, false, nil, "", 0],
    ]

    @Test(arguments: tricky)
    func parseOfCanonicalGivesTheValueBack(value: JSONValue) throws {
        let canonical = JCS.canonicalBytes(value)
        let parsed = try StrictJSON.parse(canonical, mode: .document)
        #expect(parsed == value)
        #expect(JCS.canonicalBytes(parsed) == canonical)
    }

    @Test func membersAreSortedByUTF16CodeUnitsNotByScalar() {
        let value: JSONValue = ["\u{FB33}": 2, "\u{10000}": 1, "\u{E000}": 3, "a": 0]
        #expect(JCS.canonicalString(value) == "{\"a\":0,\"\u{10000}\":1,\"\u{E000}\":3,\"\u{FB33}\":2}")
    }

    @Test func stringsAreEscapedOnlyWhereRFC8785Says() {
        let value: JSONValue = "\u{0}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}\"\\/é"
        #expect(JCS.canonicalString(value) == #""\u0000\b\t\n\u000b\f\r\u001f"# + "\u{7F}" + #"\"\\/é""#)
    }

    /// Canonically equivalent strings stay distinct byte sequences: there is no Unicode normalisation.
    @Test func stringsAreNotNormalised() {
        #expect(JCS.canonicalBytes("A\u{30A}") == [0x22, 0x41, 0xCC, 0x8A, 0x22])
        #expect(JCS.canonicalBytes("\u{C5}") == [0x22, 0xC3, 0x85, 0x22])
    }

    /// 2,000 seeded mutations of a valid document: each parse succeeds or throws a `JSONError`, never anything else.
    @Test func mutatedDocumentsNeverCrashTheParser() {
        let original = Array(
            (#"{"id":"urn:x:1","n":[0,-12,3.5e2,9007199254740991],"#
                + #""s":"a\"\\\u00e9\ud83d\ude00é😀","o":{"t":true,"f":false,"z":null}}"#).utf8
        )
        let interesting =
            Array(#"{}[]",:\-+.eE0u9dD"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xED, 0xF4, 0xFF]
        var generator = SeededGenerator(seed: 8785)
        var accepted = 0
        var refused = 0
        for _ in 0..<2_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                let byte =
                    Bool.random(using: &generator)
                    ? interesting.randomElement(using: &generator)! : .random(in: 0...255, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                case 2 where bytes.count > 1: bytes.remove(at: position)
                default: bytes.swapAt(position, Int.random(in: 0..<bytes.count, using: &generator))
                }
            }
            for mode in [JSONParseMode.document, .record] {
                do {
                    let value = try StrictJSON.parse(bytes, mode: mode)
                    #expect(try StrictJSON.parse(JCS.canonicalBytes(value), mode: .document) == value)
                    accepted += 1
                } catch is JSONError {
                    refused += 1
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
        #expect(accepted > 0 && refused > 0)
    }
}
