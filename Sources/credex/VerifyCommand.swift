import ArgumentParser
import CredexCore
import CredexJSON
import CredexStore
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Credex record (a file, or an id in the node) or a W3C eddsa-jcs-2022 document.",
        discussion: "Prints each check. Exits 0 only when every signature verifies and nothing failed; 1 otherwise."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A file path, or the id of a stored record.")
    var target: String

    struct Check: Encodable {
        let name: String
        let passed: Bool
        let detail: String
    }

    func run() async throws {
        let checks: [Check]
        if let id = try? RecordID(validating: target), !FileManager.default.fileExists(atPath: target) {
            checks = try await verifyStored(id)
        } else {
            checks = try verifyFile(target)
        }
        if output.json {
            try printJSON(checks)
        } else {
            for check in checks { print("\(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        }
        if checks.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }

    private func verifyFile(_ path: String) throws -> [Check] {
        let bytes = [UInt8](try readFile(path))
        let document: JSONValue
        do {
            document = try StrictJSON.parse(bytes, mode: .document)
        } catch {
            return [Check(name: "strict JSON", passed: false, detail: "\(error)")]
        }
        var checks = [Check(name: "strict JSON", passed: true, detail: "no duplicate keys, no lone surrogates")]
        if document["proof"] != nil {
            let result = EddsaJcs2022.verify(document)
            checks.append(
                Check(
                    name: "W3C Data Integrity (\(EddsaJcs2022.cryptosuite))",
                    passed: result.isValid,
                    detail: result.isValid
                        ? "\(result.proofCount) proof(s) verified" : result.problems.joined(separator: "; ")
                )
            )
            return checks
        }
        let record: Record
        do {
            _ = try StrictJSON.parse(bytes, mode: .record)
            record = try Record(json: document)
        } catch {
            checks.append(Check(name: "record envelope", passed: false, detail: "\(error)"))
            return checks
        }
        // A record saved as a line of an export keeps its newline; the bytes before it count.
        var content = bytes[...]
        if content.last == 0x0A { content = content.dropLast() }
        if content.last == 0x0D { content = content.dropLast() }
        let canonical = record.canonicalBytes[...] == content
        checks.append(
            Check(
                name: "canonical form",
                passed: true,
                detail: canonical
                    ? "the file is the record's RFC 8785 bytes"
                    : "the file is not in canonical form; a node accepts only canonical bytes from peers"
            )
        )
        return checks + recordChecks(record)
    }

    private func verifyStored(_ id: RecordID) async throws -> [Check] {
        let access = try directory.access()
        let store = try access.reader()
        guard let stored = try await store.record(id: id) else {
            throw StoreError(.notFound, "no record \(id) in \(directory.url.path) (to verify a file, give its path)")
        }
        let record = stored.record
        var checks = [
            Check(
                name: "stored bytes",
                passed: record.id == id,
                detail: "SHA-256 of the canonical bytes is \(record.id)"
            )
        ]
        checks += recordChecks(record)
        if let prev = record.prev {
            let previous = try await store.log(issuer: record.issuer, afterSeq: record.seq - 2, limit: 1).first
            checks.append(
                Check(
                    name: "chain link",
                    passed: previous?.record.id == prev,
                    detail: previous?.record.id == prev
                        ? "prev is \(record.issuer) #\(record.seq - 1)"
                        : "prev \(prev) is not the held record #\(record.seq - 1)"
                )
            )
        }
        return checks + (try await trustChecks(record, store: store, access: access))
    }

    private func recordChecks(_ record: Record) -> [Check] {
        let signatures = record.verifySignatures()
        let body = RecordBody(of: record)
        var bodyDetail = "understood"
        if case .notUnderstood(let reason) = body {
            bodyDetail = "not understood (stored and relayed as is): \(reason)"
        }
        return [
            Check(
                name: "record envelope",
                passed: true,
                detail: "\(record.kind) by \(record.issuer) #\(record.seq), id \(record.id)"
            ),
            Check(
                name: "signature",
                passed: signatures.isValid,
                detail: signatures.isValid
                    ? "verified under the \(record.kind.signaturePurpose.label) purpose by \(record.signatures.map(\.keyID.rawValue).joined(separator: ", "))"
                    : signatures.problems.joined(separator: "; ")
            ),
            Check(name: "body", passed: true, detail: bodyDetail),
        ]
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-verify every stored record, signature, chain link and personal part.",
        discussion: "Exits 1 if any problem is found."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    struct CheckSummary: Encodable {
        let records: Int, personalParts: Int, problems: [String]
    }

    func run() async throws {
        let report = try await directory.access().reader().check()
        if output.json {
            try printJSON(
                CheckSummary(
                    records: report.recordsChecked,
                    personalParts: report.personalPartsChecked,
                    problems: report.problems
                )
            )
        } else {
            print("Checked \(report.recordsChecked) records and \(report.personalPartsChecked) personal parts.")
            for problem in report.problems { print("PROBLEM \(problem)") }
            if report.isClean { print("No problems found.") }
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
