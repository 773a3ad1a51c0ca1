import CredexCore
import CredexMapping
import Testing

/// Hostile and wrong documents are refused with a clear error, and nothing is imported.
@Suite struct ELMOHostileTests {
    static let open = #"<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">"#

    @Test("refuses a billion-laughs DOCTYPE before parsing it")
    func billionLaughs() {
        var entities = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let document =
            "<?xml version=\"1.0\"?>\n<!-- laughs -->\n<!DOCTYPE elmo [\(entities)]>\n\(Self.open)&lol9;</elmo>"
        ELMOTest.refusal(Array(document.utf8), .malformed, saying: "DOCTYPE")
        #expect(!ELMO.detect(Array(document.utf8)))
    }

    @Test("refuses an external entity, declared or not")
    func externalEntity() {
        let declared =
            #"<!DOCTYPE elmo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"# + Self.open
            + "<learner><givenNames>&xxe;</givenNames></learner></elmo>"
        ELMOTest.refusal(Array(declared.utf8), .malformed, saying: "DOCTYPE")
        let undeclared = Self.open + "<learner><givenNames>&xxe;</givenNames></learner></elmo>"
        ELMOTest.refusal(Array(undeclared.utf8), .malformed, saying: "external entity")
    }

    @Test("refuses 10,000-deep nesting")
    func deepNesting() {
        let document =
            Self.open + String(repeating: "<hasPart>", count: 10_000)
            + String(repeating: "</hasPart>", count: 10_000) + "</elmo>"
        ELMOTest.refusal(Array(document.utf8), .tooLarge, saying: "nests deeper than 64")
    }

    @Test("refuses a 400-digit credit value")
    func hugeNumber() throws {
        let bytes = try ELMOTest.variant(
            "<value>7.5</value>",
            "<value>" + String(repeating: "9", count: 400) + "</value>"
        )
        ELMOTest.refusal(
            bytes,
            .tooLarge,
            pointer:
                "/report/0/learningOpportunitySpecification/0/specifies/learningOpportunityInstance/credit/0/value",
            saying: "more than 18 characters"
        )
    }

    @Test(
        "refuses text where a number or a date belongs",
        arguments: [
            ("<value>7.5</value>", "<value>seven and a half</value>", "credit/0/value"),
            ("<value>7.5</value>", "<value>-7.5</value>", "credit/0/value"),
            ("<engagementHours>24</engagementHours>", "<engagementHours>lots</engagementHours>", "engagementHours"),
            ("<bday>2001-02-28</bday>", "<bday>2001-02-30</bday>", "bday"),
            ("<start>2026-01-12</start>", "<start>January</start>", "start"),
            ("<status>passed</status>", "<status>excellent</status>", "status"),
        ]
    )
    func wrongTypes(original: String, replacement: String, at suffix: String) throws {
        let error = ELMOTest.refusal(try ELMOTest.variant(original, replacement), .invalidField, saying: "is not")
        #expect(error?.pointer?.description.hasSuffix(suffix) == true, "\(String(describing: error))")
        // The reason says what was expected, never the value itself.
        #expect(error.map { !$0.description.contains("2001-02-30") } ?? false)
    }

    @Test("refuses invalid XML, other formats, other encodings and missing parts")
    func malformed() throws {
        ELMOTest.refusal(Array("\(Self.open)<learner>".utf8), .malformed, saying: "not well-formed")
        ELMOTest.refusal(Array("<elmo><learner/></elmo>".utf8), .wrongKind, saying: "ELMO namespace")
        ELMOTest.refusal(Array("not xml".utf8), .malformed, saying: "text before its root element")
        ELMOTest.refusal([0xFF, 0xFE, 0x3C, 0x00, 0x65, 0x00], .malformed, saying: "not UTF-8")
        let latin1 = try ELMOTest.variant(#"encoding="UTF-8""#, #"encoding="ISO-8859-1""#)
        ELMOTest.refusal(latin1, .malformed, saying: "only UTF-8")
        ELMOTest.refusal(try ELMOTest.variant("<country>IE</country>", ""), .missingField, saying: "no country")
        let noTitle = try ELMOTest.variant(#"<title xml:lang="en">Brewing Science</title>"#, "")
        ELMOTest.refusal(noTitle, .missingField, saying: "no title")
        ELMOTest.refusal(try ELMOTest.variant("<value>6</value>", "<value>9</value>"), .invalidField, saying: "EQF")
    }
}
