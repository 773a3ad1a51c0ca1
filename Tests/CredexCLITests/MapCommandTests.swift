import CredexTesting
import Foundation
import Testing

/// `credex map`: no node, result on standard output, report on standard error.
@Suite("CLI map")
struct MapCommandTests {
    @Test("a canonical spec maps to CTDL and back, the losses reported")
    func canonicalToCTDLAndBack() async throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let ctdl = try await CLI.run(["map", Examples.path("spec-maynooth-brewing.json"), "--to", "ctdl", "--report"])
        #expect(ctdl.status == 0, "\(ctdl)")
        #expect(ctdl.stdout.contains("\"@type\":\"ceterms:MicroCredential\""), "\(ctdl)")
        #expect(ctdl.stderr.contains("NFQ-IE 9 has no CTDL level URI here"), "\(ctdl)")
        #expect(ctdl.stderr.contains("NFQ-IE 9 -> EQF 7 (referenced)"), "\(ctdl)")
        #expect(ctdl.stderr.contains("\"dataVersion\" : \"2026.11.1\""), "\(ctdl)")
        let file = temp.url.appendingPathComponent("brewing-ctdl.json")
        try ctdl.stdoutData.write(to: file)
        let back = try await CLI.run(["map", file.path, "--to", "canonical"])
        #expect(back.status == 0, "\(back)")
        #expect(back.stdout.contains("\"credentialType\":\"micro-credential\""), "\(back)")
        #expect(back.stdout.contains("{\"system\":\"ECTS\",\"value\":\"5\"}"), "\(back)")
    }

    @Test("an ELMO transcript maps to Open Badges 3.0 credentials, one per learning opportunity")
    func elmoToOpenBadges() async throws {
        let elmo = Fixtures.url("elmo/example.xml").path
        let result = try await CLI.run(["map", elmo, "--to", "ob3", "--report"])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 1, "\(result)")
        #expect(lines.allSatisfy { $0.contains("\"AchievementCredential\"") })
        #expect(result.stderr.contains("\"format\" : \"elmo\""), "\(result)")
        #expect(result.stderr.contains("ISCED-F"), "\(result)")
        let jwt = try await CLI.run(["map", Fixtures.url("ob3/vcjwt-valid.jwt").path, "--to", "canonical"])
        #expect(jwt.status == 0 && jwt.stdout.contains("\"type\":\"credex.spec/1\""), "\(jwt)")
    }

    @Test("a national register's CSV maps to canonical specs, its conversions and overdue reviews reported")
    func registerToCanonical() async throws {
        let csv = Fixtures.url("registers/nzqa-micro-credentials.csv").path
        let result = try await CLI.run(["map", csv, "--to", "canonical", "--report"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.split(separator: "\n").count == 5, "\(result)")
        #expect(result.stderr.contains("390 hours"), "\(result)")
        #expect(result.stderr.contains("(inferred)"), "\(result)")
        #expect(result.stderr.contains("review overdue: due 2024"), "\(result)")
        let back = try await CLI.run(["map", csv, "--to", "register"])
        #expect(back.status == 3 && back.stderr.contains("read only"), "\(back)")
    }

    @Test("a spec maps to ELM and back, marked unsealed")
    func canonicalToELMAndBack() async throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let elm = try await CLI.run(["map", Examples.path("spec-maynooth-brewing.json"), "--to", "elm", "--report"])
        #expect(elm.status == 0, "\(elm)")
        #expect(elm.stdout.contains("EuropeanDigitalCredential"), "\(elm)")
        #expect(elm.stderr.contains("unsealed"), "\(elm)")
        let file = temp.url.appendingPathComponent("brewing-elm.json")
        try elm.stdoutData.write(to: file)
        let back = try await CLI.run(["map", file.path, "--to", "canonical"])
        #expect(back.status == 0 && back.stdout.contains("\"level\":\"9\""), "\(back)")
    }

    @Test("a document in no known format is refused with a clear error")
    func unknownFormat() async throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let file = temp.url.appendingPathComponent("other.json")
        try Data("{\"hello\": \"world\"}".utf8).write(to: file)
        let result = try await CLI.run(["map", file.path, "--to", "ctdl"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("not a document in a format Credex reads"), "\(result)")
        #expect(result.stdout.isEmpty)
    }
}
