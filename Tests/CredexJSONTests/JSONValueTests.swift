import CredexJSON
import Testing

/// Accessors, literals, pointers and error descriptions.
@Suite struct JSONValueTests {
    static let value: JSONValue = ["s": "x", "b": true, "n": 2.5, "i": 7, "a": [1, "two"], "o": ["k": nil]]

    @Test func accessorsReturnTheirTypeOnly() {
        #expect(Self.value["s"]?.stringValue == "x")
        #expect(Self.value["b"]?.boolValue == true)
        #expect(Self.value["n"]?.doubleValue == 2.5)
        #expect(Self.value["i"]?.int64Value == 7)
        #expect(Self.value["a"]?.arrayValue == [1, "two"])
        #expect(Self.value["o"]?.objectValue == ["k": .null])
        #expect(Self.value["a"]?[1] == "two")
        #expect(Self.value["s"]?.boolValue == nil)
        #expect(Self.value["b"]?.stringValue == nil)
        #expect(Self.value["a"]?.objectValue == nil)
        #expect(Self.value["o"]?.arrayValue == nil)
        #expect(Self.value["missing"] == nil)
        #expect(Self.value["a"]?[2] == nil)
        #expect(Self.value["a"]?[-1] == nil)
        #expect(Self.value[0] == nil)
        #expect(JSONValue.string("x")["k"] == nil)
    }

    @Test(
        arguments: [
            (JSONValue.number(2.5), nil), (.number(-0.0), 0), (.number(0x1p60), 1 << 60),
            (.number(9.3e18), nil), (.number(-9.223372036854775808e18), Int64.min), (.string("1"), nil),
        ] as [(JSONValue, Int64?)]
    )
    func int64ValueIsForExactIntegersOnly(value: JSONValue, expected: Int64?) {
        #expect(value.int64Value == expected)
    }

    @Test func literalsBuildTheMatchingCases() {
        let value: JSONValue = ["a": [nil, true, 1, 1.5, "s"]]
        #expect(value == .object(["a": .array([.null, .bool(true), .number(1), .number(1.5), .string("s")])]))
    }

    @Test func pointersEscapeTildeAndSlash() {
        #expect(JSONPointer().description == "")
        #expect(JSONPointer().appending("a").appending(0).appending("b/c").description == "/a/0/b~1c")
        #expect(JSONPointer(["~1", "", "a~/b"]).description == "/~01//a~0~1b")
        #expect(JSONPointer(["~\u{301}"]).description == "/~0\u{301}")
        #expect(JSONPointer(["x"]).appending(3).tokens == ["x", "3"])
    }

    @Test func errorDescriptionSaysWhatAndWhere() {
        let error = JSONError(.duplicateKey, "duplicate key \"b\"", offset: 17, pointer: JSONPointer(["a"]))
        #expect(error.description == #"duplicateKey at "/a" (byte 17): duplicate key "b""#)
        #expect(JSONError(.missing, "no issuer").description == "missing: no issuer")
        #expect(JSONError.Code.type != .missing)
        #expect(JSONError.Code.numberOutOfRange.description == "numberOutOfRange")
    }

    @Test func parseErrorsDoNotQuoteStringValues() {
        let error = #expect(throws: JSONError.self) {
            try StrictJSON.parse(#"{"name":"Ada Lovelace\u0001"#, mode: .record)
        }
        #expect(error?.description.contains("Ada") == false)
    }
}
