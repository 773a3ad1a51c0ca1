import CredexCore
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Hostile and broken register CSVs: each is refused whole, with an error naming the row and column,
/// and nothing is returned.
@Suite struct RegisterHostileTests {
    static let header = "Number,Title,NZQF level,Credits,Developer,Approval,Review date\r\n"
    static let good = "4571,Basic Construction Skills,3,39,Waihanga Ara Rau (6046),03/2022,24/03/2025\r\n"

    /// The error refusing `csv` under the NZQA profile; fails the test if the file is accepted.
    static func refusal(_ csv: [UInt8], limits: RegisterLimits = .init()) throws -> CredexError {
        let profile = try #require(try Register.profiles().first { $0.id == "nzqa-micro-credentials" })
        let asOf = try CalendarDate(validating: "2025-06-01")
        return try #require(throws: CredexError.self) {
            try Register.decode(csv: csv, profile: profile, asOf: asOf, limits: limits)
        }
    }

    static func refusal(_ text: String) throws -> CredexError { try refusal(Array(text.utf8)) }

    @Test("a ragged row is refused, naming every ragged row")
    func ragged() throws {
        let error = try Self.refusal(Self.header + Self.good + "4980,Core,3,40\r\n" + Self.good + "1,2\r\n")
        #expect(error.code == .malformed)
        #expect(error.reason.contains("row 3 has 4 fields") && error.reason.contains("row 5 has 2 fields"))
    }

    @Test("an unterminated quote is refused, naming the row where it opens")
    func unterminatedQuote() throws {
        let error = try Self.refusal(Self.header + Self.good + "4980,\"Core,3,40,x,01/2024,30/12/2026\r\n")
        #expect(error.code == .malformed && error.reason.contains("row 3, column 2: a quote is never closed"))
    }

    @Test("text after a closing quote, or a quote inside an unquoted field, is refused")
    func strayQuotes() throws {
        let after = try Self.refusal(Self.header + "4571,\"Basic\"x,3,39,D (1),03/2022,24/03/2025\r\n")
        #expect(after.reason.contains("row 2, column 2: text after a closing quote"))
        let inside = try Self.refusal(Self.header + "4571,Ba\"sic,3,39,D (1),03/2022,24/03/2025\r\n")
        #expect(inside.reason.contains("row 2, column 2: a quote"))
    }

    @Test("a 10 MB line is refused before it is read")
    func oversizedLine() throws {
        let csv = Array(Self.header.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
        #expect(try Self.refusal(csv).code == .tooLarge)
    }

    @Test("more rows than the limit are refused")
    func tooManyRows() throws {
        let csv = Array((Self.header + String(repeating: Self.good, count: 4)).utf8)
        #expect(try Self.refusal(csv, limits: RegisterLimits(maxRows: 3)).code == .tooLarge)
    }

    @Test("a word in a number column, a bad date and an empty required column refuse the file, every row named")
    func wrongTypes() throws {
        let error = try Self.refusal(
            Self.header + Self.good + "4980,Core,3,forty,D (1),01/2024,30/12/2026\r\n"
                + "4849,Site,4,13,D (1),08/2023,2024-12-30\r\n" + "4974,,3,20,D (1),01/2024,30/12/2026\r\n"
        )
        #expect(error.code == .invalidField && error.reason.contains("nothing imported"))
        #expect(error.reason.contains("row 3: column \"Credits\" is not a decimal number"))
        #expect(error.reason.contains("row 4: column \"Review date\" is not a date written DD/MM/YYYY"))
        #expect(error.reason.contains("row 5: column \"Title\" is required but empty"))
        #expect(!error.reason.contains("row 2"))
    }

    @Test("an institution's row with credits but no credit system, or a level but no framework, is refused")
    func sisWithoutSystems() throws {
        let profile = try #require(try Register.profiles().first { $0.id == "sis-generic" })
        let csv = "course_code,title,institution,country,level,credits\nC1,Course,Example University,NL,6,5\n"
        let error = try #require(throws: CredexError.self) {
            try Register.decode(
                csv: Array(csv.utf8),
                profile: profile,
                asOf: try CalendarDate(validating: "2025-06-01")
            )
        }
        #expect(
            error.reason.contains("row 2: ") && error.reason.contains("column \"level\" has a level but no framework")
        )
        #expect(error.reason.contains("column \"credits\" has credits but no credit system"))
    }

    @Test("a missing header, an unknown column and a missing required column are refused")
    func headers() throws {
        #expect(try Self.refusal("").code == .missingField)
        #expect(try Self.refusal("\r\n").code == .missingField)
        let unknown = try Self.refusal(Self.header.replacingOccurrences(of: "\r\n", with: ",Fee\r\n"))
        #expect(unknown.code == .unknownField && unknown.reason.contains("unknown column \"Fee\""))
        let missing = try Self.refusal("Number,Title\r\n4571,Basic\r\n")
        #expect(missing.reason.contains("missing column \"Credits\""))
        #expect(try Self.refusal("Number,Number\r\n1,2\r\n").code == .malformed)
    }

    @Test("invalid UTF-8 and a bare carriage return are refused")
    func encoding() throws {
        #expect(try Self.refusal(Array(Self.header.utf8) + [0x34, 0xFF, 0x0A]).reason.contains("UTF-8"))
        #expect(try Self.refusal(Self.header + "4571\r,Basic,3,39,D (1),03/2022,24/03/2025\r\n").code == .malformed)
    }
}
