import CredexJSON
import CredexTesting
import Foundation
import Testing

/// The RFC 8785 reference data of cyberphone/json-canonicalization, in Tests/Fixtures/jcs-rfc8785.
@Suite struct JCSReferenceTests {
    static let cases = ["arrays", "french", "structures", "unicode", "values", "weird"]

    @Test func fixtureFoldersHoldExactlyTheKnownCases() throws {
        for (folder, suffix) in [("input", ".json"), ("output", ".json"), ("outhex", ".txt")] {
            let names = try Fixtures.files(in: "jcs-rfc8785/\(folder)", suffix: suffix)
                .map { $0.deletingPathExtension().lastPathComponent }
            #expect(names == Self.cases, "jcs-rfc8785/\(folder)")
        }
    }

    @Test(arguments: cases)
    func inputCanonicalisesToOutput(name: String) throws {
        let input = try Fixtures.data("jcs-rfc8785/input/\(name).json")
        let expected = [UInt8](try Fixtures.data("jcs-rfc8785/output/\(name).json"))
        let value = try StrictJSON.parse(input, mode: .document)
        #expect(JCS.canonicalBytes(value) == expected)
        #expect(JCS.canonicalString(value) == String(decoding: expected, as: UTF8.self))
    }

    @Test(arguments: cases)
    func inputCanonicalisesToOutHex(name: String) throws {
        let input = try Fixtures.data("jcs-rfc8785/input/\(name).json")
        let hex = String(decoding: try Fixtures.data("jcs-rfc8785/outhex/\(name).txt"), as: UTF8.self)
        let expected = try hex.split(whereSeparator: \.isWhitespace).map { try #require(UInt8($0, radix: 16)) }
        #expect(!expected.isEmpty)
        #expect(JCS.canonicalBytes(try StrictJSON.parse(input, mode: .document)) == expected)
    }

    /// Each row is `hex_ieee754,expected`; the file has no NaN or infinity rows, and any would be skipped
    /// because RFC 8785 gives them no form.
    @Test func es6NumberSamplesFormatAsExpected() throws {
        let csv = String(decoding: try Fixtures.data("jcs-rfc8785/es6-number-samples.csv"), as: UTF8.self)
        let rows = csv.split(whereSeparator: \.isNewline).dropFirst()
        var checked = 0
        for row in rows {
            let fields = row.split(separator: ",")
            try #require(fields.count == 2, "row \(row)")
            let number = Double(bitPattern: try #require(UInt64(fields[0], radix: 16)))
            guard number.isFinite else { continue }
            #expect(JCS.format(number) == String(fields[1]), "bits \(fields[0])")
            checked += 1
        }
        #expect(checked == 7)
    }

    /// The number examples of RFC 8785 Appendix B and a few layout boundaries.
    @Test(
        arguments: [
            (0x0000_0000_0000_0000, "0"), (0x8000_0000_0000_0000, "0"), (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"), (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
            (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"), (0x4340_0000_0000_0000, "9007199254740992"),
            (0xC340_0000_0000_0000, "-9007199254740992"), (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"), (0x44B5_2D02_C7E1_4AF6, "1e+23"),
            (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"), (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
            (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"), (0x444B_1AE4_D6E2_EF50, "1e+21"),
            (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"), (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
            (0x41B3_DE43_5555_5553, "333333333.3333332"), (0x41B3_DE43_5555_5554, "333333333.33333325"),
            (0x41B3_DE43_5555_5555, "333333333.3333333"), (0x41B3_DE43_5555_5556, "333333333.3333334"),
            (0x41B3_DE43_5555_5557, "333333333.33333343"), (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
            (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
        ] as [(UInt64, String)]
    )
    func rfc8785AppendixBNumbers(bits: UInt64, expected: String) {
        #expect(JCS.format(Double(bitPattern: bits)) == expected)
    }

    @Test(
        arguments: [
            (1e-7, "1e-7"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (0.1, "0.1"), (-1.5, "-1.5"),
            (123e-20, "1.23e-18"), (1.5e300, "1.5e+300"), (100, "100"), (-42, "-42"), (0.5, "0.5"),
            (2.5e-6, "0.0000025"), (12.34, "12.34"), (0x1p60, "1152921504606847000"), (-0x1p62, "-4611686018427388000"),
        ] as [(Double, String)]
    )
    func formatLayout(number: Double, expected: String) {
        #expect(JCS.format(number) == expected)
    }
}
