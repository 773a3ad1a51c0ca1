import CredexJSON
import CredexTesting
import Testing

/// `StrictJSON.parseCanonical` accepts exactly the RFC 8785 form of a record.
@Suite struct ParseCanonicalTests {
    static let canonical = #"{"A":"é😀\n","a":[1,-2,true,null],"b":{}}"#

    @Test func acceptsCanonicalBytes() throws {
        let value = try StrictJSON.parseCanonical(Array(Self.canonical.utf8))
        #expect(value == ["A": "é😀\n", "a": [1, -2, true, nil], "b": [:]])
    }

    @Test(arguments: ["arrays", "french", "structures", "unicode", "weird"])
    func acceptsReferenceOutputsWithIntegerNumbers(name: String) throws {
        #expect(throws: Never.self) { try StrictJSON.parseCanonical(Fixtures.data("jcs-rfc8785/output/\(name).json")) }
    }

    /// Each variant spells the same value differently; the offset is that of the first byte that differs.
    @Test(arguments: [
        (#"{"A":"é😀\n", "a":[1,-2,true,null],"b":{}}"#, 16),
        (#"{"a":[1,-2,true,null],"A":"é😀\n","b":{}}"#, 2),
        (#"{"\u0041":"é😀\n","a":[1,-2,true,null],"b":{}}"#, 2),
        (#"{"A":"\u00e9😀\n","a":[1,-2,true,null],"b":{}}"#, 6),
        (#"{"A":"é😀\u000a","a":[1,-2,true,null],"b":{}}"#, 13),
        (#"{"A":"é😀\n","a":[1,-2,true,null],"b":{}}"# + "\n", 44),
        (#" {"A":"é😀\n","a":[1,-2,true,null],"b":{}}"#, 0),
        (#"{"A":"é😀\n","a":[1,-0,true,null],"b":{}}"#, 23),
    ])
    func refusesOtherSpellings(text: String, offset: Int) {
        let error = #expect(throws: JSONError.self) { try StrictJSON.parseCanonical(Array(text.utf8)) }
        #expect(error?.code == .nonCanonical)
        #expect(error?.offset == offset)
    }

    @Test(arguments: [#"[1.0]"#, #"[1e0]"#, #"[10E-1]"#])
    func refusesNumbersWithFractionOrExponent(text: String) {
        let error = #expect(throws: JSONError.self) { try StrictJSON.parseCanonical(Array(text.utf8)) }
        #expect(error?.code == .numberNotInteger)
        #expect(error?.offset == 1)
    }

    @Test func refusesWhatTheParserRefuses() {
        let error = #expect(throws: JSONError.self) { try StrictJSON.parseCanonical(Array(#"{"a":1,"a":1}"#.utf8)) }
        #expect(error?.code == .duplicateKey)
    }
}
