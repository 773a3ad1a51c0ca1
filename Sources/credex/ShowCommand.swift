import ArgumentParser
import CredexCore
import CredexJSON
import CredexStore
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a stored record: envelope, body, signature, status and flags."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The record id.")
    var id: String
    @Flag(help: "Also show the award's personal part (names, birth date, grade) if this node holds it.")
    var personal = false

    func validate() throws {
        guard (try? RecordID(validating: id)) != nil else {
            throw ValidationError("the id must be 64 lowercase hex characters")
        }
    }

    struct Summary: Encodable {
        let id: String
        let record: JSONValue
        let receivedAt: String
        let signatureValid: Bool
        let understood: Bool
        let status: String?
        let flags: [String: String]
        let personalPartHeld: Bool
        let personalPart: JSONValue?
    }

    func run() async throws {
        let store = try directory.access().reader()
        let recordID = try RecordID(validating: id)
        guard let stored = try await store.record(id: recordID) else {
            throw StoreError(.notFound, "no record \(id) in \(directory.url.path)")
        }
        let record = stored.record
        let body = RecordBody(of: record)
        let status = try await store.status(of: recordID)
        let part = record.kind == .award ? try await store.personalPart(award: recordID) : nil
        let partJSON = try part.map { try JSONValueEncoder().encode($0) }
        if output.json {
            try printJSON(
                Summary(
                    id: id,
                    record: try JSONValueEncoder.recordJSON(record),
                    receivedAt: stored.receivedAt,
                    signatureValid: record.verifySignatures().isValid,
                    understood: body.isUnderstood,
                    status: status?.rawValue,
                    flags: Dictionary(stored.flags.map { ($0.code, $0.detail) }) { a, _ in a },
                    personalPartHeld: part != nil,
                    personalPart: personal ? partJSON : nil
                )
            )
            if !record.verifySignatures().isValid { throw ExitCode(1) }
            return
        }
        let check = record.verifySignatures()
        print("record    \(record.id)")
        print("kind      \(record.kind) (\(record.body["type"]?.stringValue ?? "?"))")
        print("issuer    \(record.issuer) #\(record.seq), federation \(record.federation)")
        print("prev      \(record.prev?.rawValue ?? "(first record of the log)")")
        print("claimed   \(record.claimedAt) (the issuer's clock: shown, never used for trust)")
        print("received  \(stored.receivedAt)")
        print(
            "signature "
                + (check.isValid
                    ? "verified (\(record.keyID?.rawValue ?? "k of n"))"
                    : "FAILED: " + check.problems.joined(separator: "; "))
        )
        if let status { print("status    \(status.rawValue)") }
        for flag in stored.flags { print("flag      \(flag.code): \(flag.detail)") }
        if record.kind == .award {
            print(
                "personal  "
                    + (part == nil
                        ? "not held by this node" : personal ? "held, shown below" : "held (show with --personal)")
            )
        }
        print("body:")
        print(prettyText(record.body))
        if personal, let partJSON {
            print("personal part:")
            print(prettyText(partJSON))
        }
        if !check.isValid { throw ExitCode(1) }
    }
}

extension JSONValueEncoder {
    /// The full JSON of a record, signatures included.
    static func recordJSON(_ record: Record) throws -> JSONValue {
        try StrictJSON.parseCanonical(record.canonicalBytes)
    }
}
