import CredexCore
import Foundation
import Testing

@testable import CredexVerification

/// The report's outcome and its JSON form, which the HTTP API serves.
@Suite("VerificationReport")
struct ReportTests {
    @Test("the outcome fails if any check fails, else is unknown if any is unknown, else passes")
    func outcome() {
        let pass = Check.pass(.recordSignature, "ok")
        let unknown = Check.unknown(.status, "maybe")
        let fail = Check.fail(.expiry, "expired")
        #expect(VerificationReport.outcome(of: [pass, pass]) == .pass)
        #expect(VerificationReport.outcome(of: [pass, unknown]) == .unknown)
        #expect(VerificationReport.outcome(of: [unknown, fail, pass]) == .fail)
        #expect(VerificationReport.outcome(of: []) == .pass)
    }

    @Test("the JSON form has stable member names and round-trips")
    func json() throws {
        let report = VerificationReport(
            subject: .init(document: .init(format: "ob3", sha256: String(repeating: "0", count: 64), size: 3)),
            checks: [.fail(.documentProof, "the signature does not verify", evidence: ["key": "k"])],
            verifiedAt: "2026-11-22T16:41:00Z",
            trustList: nil
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            text.contains(
                #"{"evidence":{"key":"k"},"id":"document.proof","name":"document proof","outcome":"fail","reason":"the signature does not verify"}"#
            ),
            "\(text)"
        )
        #expect(text.contains(#""outcome":"fail""#))
        #expect(try JSONDecoder().decode(VerificationReport.self, from: data) == report)
    }
}
