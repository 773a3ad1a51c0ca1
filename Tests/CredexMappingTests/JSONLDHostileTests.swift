import CredexCore
import CredexJSON
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Hostile CTDL and ELM documents: each refused with a clear error, nothing decoded.
@Suite struct JSONLDHostileTests {
    /// The Maynooth spec encoded in `format`, as canonical JSON text.
    static func document(_ format: CredentialFormat) throws -> String {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/spec-maynooth-brewing.json")
        let spec = try JSONValueDecoder().decode(
            CredentialSpec.self,
            from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record)
        )
        return String(decoding: try CredentialFormat.encode([spec], to: format).bytes, as: UTF8.self)
    }

    /// Decodes `text` as `format` and returns the model error it must raise.
    static func refusal(_ text: String, as format: CredentialFormat) -> CredexError? {
        #expect(throws: CredexError.self) { try CredentialFormat.decode(Array(text.utf8), as: format) }
    }

    /// Decodes `text` as `format` and returns what the strict JSON reader says of it.
    static func parseRefusal(_ text: String, as format: CredentialFormat) -> String {
        #expect(throws: JSONError.self) { try CredentialFormat.decode(Array(text.utf8), as: format) }
            .map { "\($0)" } ?? ""
    }

    static func replacing(_ text: String, _ old: String, _ new: String) throws -> String {
        try #require(text.contains(old), "the encoded document has no \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    @Test(
        "a CTDL credit value that is a word, negative or huge is refused at its pointer",
        arguments: ["\"five\"", "-5", "1e9", "{}"]
    )
    func ctdlWrongCredit(value: String) throws {
        let ctdl = try Self.document(.ctdl)
        let error = Self.refusal(try Self.replacing(ctdl, "\"schema:value\":5", "\"schema:value\":\(value)"), as: .ctdl)
        #expect(error?.pointer?.description == "/ceterms:creditValue/0/schema:value", "\(String(describing: error))")
    }

    @Test(
        "an ELM credit point that is a word, negative or missing is refused at its pointer",
        arguments: ["\"point\":\"five\"", "\"point\":\"-5\"", "\"point\":-5", "\"pt\":\"5\""]
    )
    func elmWrongCredit(replacement: String) throws {
        let elm = try Self.document(.elm)
        let error = Self.refusal(try Self.replacing(elm, "\"point\":\"5\"", replacement), as: .elm)
        #expect(error?.pointer?.description == "/creditPoint/0/point", "\(String(describing: error))")
    }

    @Test("a number too large for a double, deep nesting and a title of the wrong type are refused")
    func hostileJSON() throws {
        let ctdl = try Self.document(.ctdl)
        let huge = try Self.replacing(ctdl, "\"schema:value\":5", "\"schema:value\":1e400")
        #expect(Self.parseRefusal(huge, as: .ctdl).contains("too large for a double"))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        for format in [CredentialFormat.ctdl, .elm] {
            #expect(Self.parseRefusal(deep, as: format).contains("nested deeper than 64"))
            #expect(Self.refusal("\"a string\"", as: format) != nil)
        }
        let wrongTitle = try Self.replacing(
            ctdl,
            "\"ceterms:name\":{\"en\":\"Introduction to the Quality Aspects of Brewing & Distilling Science\"}",
            "\"ceterms:name\":42"
        )
        #expect(Self.refusal(wrongTitle, as: .ctdl)?.pointer?.description == "/title")
        let elm = try Self.document(.elm)
        let noClaim = try Self.replacing(elm, "\"hasClaim\":[", "\"hasClaim\":\"x\",\"was\":[")
        #expect(Self.refusal(noClaim, as: .elm)?.reason.contains("hasClaim") == true)
    }
}
