import CredexJSON
import Foundation
import Testing

/// What the parser accepts, and how record mode reads numbers.
@Suite struct StrictJSONTests {
    @Test func parsesEveryKindOfValue() throws {
        let text = #" { "n" : null , "t":true,"f":false, "i":-12, "d":2.5e-3, "s":"a\"\\\/\b\f\n\r\t", "a":[[], {}] }"#
        let expected: JSONValue = [
            "n": nil, "t": true, "f": false, "i": -12, "d": 0.0025, "s": "a\"\\/\u{8}\u{C}\n\r\t", "a": [[], [:]],
        ]
        #expect(try StrictJSON.parse(text, mode: .document) == expected)
    }

    @Test func acceptsAllFourWhitespaceBytesAroundTheValue() throws {
        #expect(try StrictJSON.parse(" \t\r\n[ 1 ,\t2 ]\r\n \t", mode: .record) == [1, 2])
    }

    @Test func decodesAValidSurrogatePair() throws {
        #expect(try StrictJSON.parse(#""\ud83d\ude00""#, mode: .record) == "😀")
        #expect(
            try StrictJSON.parse(#""\uD83D\uDE00""#, mode: .record).stringValue?.unicodeScalars.map(\.value) == [
                0x1F600
            ]
        )
    }

    @Test func decodesEscapesAndRawUTF8Together() throws {
        let value = try StrictJSON.parse(#""é\u00e9€\u20ac\u0000\u007f""#, mode: .record)
        #expect(value.stringValue?.unicodeScalars.map(\.value) == [0xE9, 0xE9, 0x20AC, 0x20AC, 0, 0x7F])
    }

    @Test func acceptsDeleteAndNonASCIIUnescaped() throws {
        #expect(
            try StrictJSON.parse(Array("\"\u{7F}\u{10FFFF}\u{FFFD}\"".utf8), mode: .record)
                == "\u{7F}\u{10FFFF}\u{FFFD}"
        )
    }

    @Test(arguments: ["9007199254740991", "-9007199254740991", "0", "-0", "42"])
    func recordModeAcceptsSafeIntegers(text: String) throws {
        let value = try StrictJSON.parse(text, mode: .record)
        #expect(value.int64Value == Int64(text))
        #expect(JCS.canonicalString(value) == (text == "-0" ? "0" : text))
    }

    @Test(arguments: [
        ("1.5", JSONError.Code.numberNotInteger), ("1e3", .numberNotInteger), ("1.0", .numberNotInteger),
        ("1E+0", .numberNotInteger), ("-0.0", .numberNotInteger), ("9007199254740992", .numberOutOfRange),
        ("-9007199254740992", .numberOutOfRange), ("12345678901234567890123", .numberOutOfRange),
    ])
    func recordModeRefusesOtherNumbers(text: String, code: JSONError.Code) {
        let error = refusal(text, mode: .record)
        #expect(error?.code == code)
        #expect(error?.offset == 0)
        #expect(error?.pointer == JSONPointer())
    }

    @Test func recordModeNumberErrorPointsAtTheNumber() {
        let error = refusal(#"{"a":[1, 2.5]}"#, mode: .record)
        #expect(error?.code == .numberNotInteger)
        #expect(error?.offset == 9)
        #expect(error?.pointer?.description == "/a/1")
    }

    @Test(
        arguments: [
            ("1.5", 1.5), ("1e3", 1000), ("-0.0", -0.0), ("9007199254740993", 9_007_199_254_740_992),
            ("-999999999999999999", -1e18), ("1000000000000000001", 1e18),
            ("123456789012345678", 123_456_789_012_345_680),
            ("333333333.33333329", 333_333_333.333_333_3), ("1e-400", 0),
            ("2.2250738585072011e-308", Double(bitPattern: 0x000F_FFFF_FFFF_FFFF)),
            ("123456789012345678901234567890", 1.2345678901234568e29), ("1E+2", 100), ("0.1", 0.1),
        ] as [(String, Double)]
    )
    func documentModeReadsTheNearestDouble(text: String, expected: Double) throws {
        let number = try #require(try StrictJSON.parse(text, mode: .document).doubleValue)
        #expect(number.bitPattern == expected.bitPattern)
    }

    @Test(arguments: ["1e400", "-1e400", "[1" + String(repeating: "0", count: 400) + "]"])
    func documentModeRefusesNumbersThatOverflow(text: String) {
        let error = refusal(text)
        #expect(error?.code == .numberOutOfRange)
        #expect(error?.offset == (text.hasPrefix("[") ? 1 : 0))
    }

    @Test func depthUpToTheLimitIsAccepted() throws {
        let arrays = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try StrictJSON.parse(arrays, mode: .record) }
        let objects = String(repeating: #"{"a":"#, count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(try StrictJSON.parse(Array(objects.utf8), mode: .record, maxDepth: 3)["a"]?["a"]?["a"] == 1)
    }

    @Test func readsAnyCollectionOfBytes() throws {
        let text = #"{"k":["v",1]}"#
        let expected: JSONValue = ["k": ["v", 1]]
        #expect(try StrictJSON.parse(Data(text.utf8), mode: .record) == expected)
        #expect(try StrictJSON.parse(text.utf8, mode: .record) == expected)
        #expect(try StrictJSON.parse(Array(text.utf8).lazy.map { $0 }, mode: .record) == expected)
        #expect(try StrictJSON.parse(Array(text.utf8)[...], mode: .record) == expected)
    }

    /// A sanity check on a larger document; it prints no timings and asserts none.
    @Test func largeDocumentRoundTrips() throws {
        let records: [JSONValue] = (0..<5_000).map { index in
            [
                "id": .string("urn:example:\(index)"), "credits": .number(Double(index)),
                "name": .string("Ünïcødé 😀 \(index)"),
            ]
        }
        let bytes = JCS.canonicalBytes(.array(records))
        #expect(try StrictJSON.parseCanonical(bytes) == .array(records))
    }
}
