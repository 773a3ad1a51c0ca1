import CredexJSON
import Testing

/// Every refusal, with its code and where it points.
@Suite struct StrictJSONRefusalTests {
    @Test func duplicateKeyPointsAtTheObject() {
        let text = #"{"a":{"b":1,"c":[{"x":1,"y":2,"x":3}]}}"#
        let error = refusal(text)
        #expect(error?.code == .duplicateKey)
        #expect(error?.pointer?.description == "/a/c/0")
        #expect(error?.offset == byteOffset(of: #""x":3"#, in: text))
    }

    @Test func duplicateKeyAtTheRoot() {
        let error = refusal(#"{"a":1,"a":1}"#, mode: .record)
        #expect(error?.code == .duplicateKey)
        #expect(error?.pointer == JSONPointer())
        #expect(error?.offset == 7)
    }

    /// Keys are Swift Strings, so two canonically equivalent spellings are one key: refused, never merged.
    @Test func canonicallyEquivalentKeysAreRefusedAsDuplicates() {
        #expect(refusal(#"{"\u00c5":1,"A\u030a":2}"#)?.code == .duplicateKey)
    }

    @Test(arguments: [
        (#"{"k":["\ud800"]}"#, "/k/0"), (#"{"k":["\udc00"]}"#, "/k/0"), (#"{"k":["\udc00\ud800"]}"#, "/k/0"),
        (#"{"k":["\ud800\u0041"]}"#, "/k/0"), (#"{"k":["\ud800x"]}"#, "/k/0"), (#"{"k":["\ud800\ud800"]}"#, "/k/0"),
        (#"{"\udfff":1}"#, ""),
    ])
    func loneSurrogatesAreRefused(text: String, pointer: String) {
        let error = refusal(text)
        #expect(error?.code == .loneSurrogate)
        #expect(error?.pointer?.description == pointer)
        #expect(error?.offset == byteOffset(of: "\\u", in: text))
    }

    @Test(
        arguments: [
            [0xC3, 0x28], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        ] as [[UInt8]]
    )
    func invalidUTF8IsRefused(sequence: [UInt8]) {
        let error = refusal([UInt8(ascii: "["), 0x22, 0x61] + sequence + [0x22, UInt8(ascii: "]")])
        #expect(error?.code == .invalidUTF8)
        #expect(error?.offset == 3)
        #expect(error?.pointer?.description == "/0")
    }

    @Test func invalidUTF8InAKeyIsRefused() {
        #expect(refusal([0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D])?.code == .invalidUTF8)
    }

    @Test(arguments: [0x00, 0x09, 0x0A, 0x1F] as [UInt8])
    func unescapedControlCharactersAreRefused(byte: UInt8) {
        let error = refusal([0x22, 0x61, byte, 0x22])
        #expect(error?.code == .controlCharacter)
        #expect(error?.offset == 2)
    }

    @Test func unescapedControlCharacterAfterAnEscapeIsRefused() {
        let error = refusal([0x22, 0x5C, 0x6E, 0x0A, 0x22])
        #expect(error?.code == .controlCharacter)
        #expect(error?.offset == 3)
    }

    /// Grammar violations: the text and the offset of the byte that breaks the grammar.
    @Test(arguments: [
        ("[1,2,]", 5), (#"{"a":1,}"#, 7), ("01", 0), ("[-01]", 1), ("NaN", 0), ("[NaN]", 1), ("Infinity", 0),
        ("-Infinity", 1), ("+1", 0), (".5", 0), ("1.", 2), ("1.e5", 2), ("1e", 2), ("1e+", 3),
        ("[1 2]", 3), (#"{"a" 1}"#, 5), (#"{a:1}"#, 1), ("{'a':1}", 1), ("['a']", 1), ("tru", 3), ("True", 0),
        ("nul", 3), ("falsy", 4), (#""\x""#, 2), (#""\u12G4""#, 5), (#""\u12""#, 5), (#""abc"#, 4), ("[", 1),
        ("{", 1), (#"{"a""#, 4), (#"{"a":"#, 5), ("[1,", 3), ("", 0), (" \n\t", 3), ("// c\n1", 0),
        ("/* c */ 1", 0), ("\u{0C}[]", 0), ("\u{A0}1", 0), ("[,1]", 1), (#"{,}"#, 1), ("]", 0),
        ("-", 1), ("--1", 1), ("1..2", 2),
    ])
    func grammarViolationsAreSyntaxErrors(text: String, offset: Int) {
        let error = refusal(text)
        #expect(error?.code == .syntax)
        #expect(error?.offset == offset)
    }

    @Test(arguments: [
        ("{} x", 3), ("1 2", 2), ("[]]", 2), (#""a""b""#, 3), ("null\u{0}", 4), ("[1]//", 3), ("0x10", 1),
    ])
    func trailingDataIsRefused(text: String, offset: Int) {
        let error = refusal(text)
        #expect(error?.code == .trailingData)
        #expect(error?.offset == offset)
        #expect(error?.pointer == JSONPointer())
    }

    @Test func byteOrderMarkIsRefused() {
        let error = refusal([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(error?.code == .syntax)
        #expect(error?.offset == 0)
        #expect(error?.reason.contains("byte order mark") == true)
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let error = refusal(String(repeating: "[", count: 65) + String(repeating: "]", count: 65))
        #expect(error?.code == .tooDeep)
        #expect(error?.offset == 64)
        #expect(error?.pointer?.tokens == Array(repeating: "0", count: 64))
        let objects = Array((String(repeating: #"{"a":"#, count: 4) + "1" + String(repeating: "}", count: 4)).utf8)
        #expect(refusal(objects, maxDepth: 3)?.code == .tooDeep)
    }

    @Test func everyTruncationOfAValidDocumentIsRefused() throws {
        let document = Array(
            #"{"a":[1,-2.5e+3,true,false,null,{}],"b":{"c":"x\"\u00e9\ud83d\ude00é😀"},"d":[],"e":0}"#.utf8
        )
        _ = try StrictJSON.parse(document, mode: .document)
        for length in 0..<document.count {
            let error = refusal(Array(document[..<length]))
            #expect(error != nil, "prefix of \(length) bytes")
        }
    }
}
