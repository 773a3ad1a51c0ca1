import CredexTesting
import Foundation
import Testing

/// Input the node must refuse: each case exits 3 (64 for a wrong command line), names the problem,
/// and leaves the log as it was.
@Suite("CLI bad input")
struct BadInputTests {
    /// The Maynooth example spec with `edit` applied to its text.
    static func brewing(_ edit: (String) -> String) throws -> String {
        let original = try Examples.text("spec-maynooth-brewing.json")
        let edited = edit(original)
        guard edited != original else { throw CLIError("the edit no longer changes spec-maynooth-brewing.json") }
        return edited
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// Every one of these must appear in standard error.
        let message: [String]
        var testDescription: String { name }
    }

    static let specCases: [Case] = {
        do {
            var spec =
                try JSONSerialization.jsonObject(
                    with: Data(Examples.text("spec-maynooth-brewing.json").utf8)
                ) as? [String: Any] ?? [:]
            spec["title"] = nil
            let untitled = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
            return [
                Case(
                    name: "malformed JSON",
                    text: "{\"title\": {\"en\": \"Brewing\"",
                    message: ["syntax", "unexpected end of input"]
                ),
                Case(
                    name: "duplicate key",
                    text: try brewing {
                        $0.replacingOccurrences(
                            of: "\"credentialType\": \"micro-credential\",",
                            with: "\"credentialType\": \"micro-credential\", \"credentialType\": \"badge\","
                        )
                    },
                    message: ["duplicate key", "credentialType"]
                ),
                Case(
                    name: "lone surrogate in the title",
                    text: try brewing {
                        $0.replacingOccurrences(
                            of: "\"en\": \"Introduction to",
                            with: "\"en\": \"\\ud800 Introduction to"
                        )
                    },
                    message: ["surrogate", "\\ud800", "/title/en"]
                ),
                Case(
                    name: "a number where a decimal string is required",
                    text: try brewing { $0.replacingOccurrences(of: "\"value\": \"5\"", with: "\"value\": 5") },
                    message: ["expected a string", "/workload/credits/0/value"]
                ),
                Case(
                    name: "an integer beyond ±(2^53−1)",
                    text: try brewing { $0.replacingOccurrences(of: "\"micro-credential\"", with: "9007199254740993") },
                    message: ["2^53", "/credentialType"]
                ),
                Case(name: "no title", text: untitled, message: ["missing", "title"]),
            ]
        } catch {
            return [Case(name: "reading the example failed: \(error)", text: "", message: ["(unreachable)"])]
        }
    }()

    @Test("issue spec refuses bad JSON and bad bodies with exit 3 and names the problem", arguments: specCases)
    func refusedSpec(_ bad: Case) async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let file = try node.write("bad.json", bad.text)
        let result = try await node.credex("issue", "spec", file)
        #expect(result.status == 3, "\(result)")
        for fragment in bad.message {
            #expect(result.stderr.contains(fragment), "message should contain \(fragment):\n\(result)")
        }
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(try await node.headSeq() == 1, "nothing was issued")
    }

    @Test("awards, kinds, ids and status records the node must refuse")
    func refusedReferences() async throws {
        let node = try await TestNode.create()
        defer { node.remove() }
        let spec = try await node.issue("spec", Examples.path("spec-maynooth-brewing.json"))
        let award = try await node.issue(
            "award",
            Examples.path("award-maynooth-aoife.json"),
            extra: ["--spec", spec.id]
        )

        // An award body given to `issue spec`.
        let awardBody = try node.write(
            "award-body.json",
            """
            {"type": "credex.award/1", "spec": "\(spec.id)", "learner": "\(String(repeating: "a", count: 64))", "issuedOn": "2025-05-30"}
            """
        )
        let wrongKind = try await node.credex("issue", "spec", awardBody)
        #expect(wrongKind.status == 3, "\(wrongKind)")
        #expect(wrongKind.stderr.contains("a spec record cannot carry credex.award/1"), "\(wrongKind)")

        // An award naming a spec this node does not hold.
        let unknown = String(repeating: "b", count: 64)
        let missingSpec = try await node.credex(
            "issue",
            "award",
            Examples.path("award-maynooth-aoife.json"),
            "--spec",
            unknown
        )
        #expect(missingSpec.status == 3, "\(missingSpec)")
        #expect(
            missingSpec.stderr.contains("the award names spec \(unknown), which this node does not hold"),
            "\(missingSpec)"
        )

        // An award naming no spec at all.
        let noSpec = try await node.credex("issue", "award", Examples.path("award-maynooth-aoife.json"))
        #expect(noSpec.status == 3, "\(noSpec)")
        #expect(noSpec.stderr.contains("the award names no spec"), "\(noSpec)")

        // --spec that is not a record id: a command-line error.
        let notHex = try await node.credex(
            "issue",
            "award",
            Examples.path("award-maynooth-aoife.json"),
            "--spec",
            "xyz-not-hex"
        )
        #expect(notHex.status == 64, "\(notHex)")
        #expect(notHex.stderr.contains("--spec must be a record id (64 lowercase hex characters)"), "\(notHex)")
        #expect(notHex.stderr.contains("Usage: credex issue"), "\(notHex)")

        // A kind the command does not know: a command-line error too.
        let badKind = try await node.credex("issue", "trustlist", awardBody)
        #expect(badKind.status == 64, "\(badKind)")
        #expect(badKind.stderr.contains("trustlist"), "\(badKind)")

        // A missing input file.
        let noFile = try await node.credex("issue", "spec", node.file("absent.json").path)
        #expect(noFile.status == 3, "\(noFile)")
        #expect(noFile.stderr.contains("cannot read \(node.file("absent.json").path)"), "\(noFile)")

        // `withdraw` applies to specs; an award is revoked or suspended.
        let withdraw = try node.write("withdraw.json", #"{"target": "\#(award.id)", "action": "withdraw"}"#)
        let wrongAction = try await node.credex("issue", "status", withdraw)
        #expect(wrongAction.status == 3, "\(wrongAction)")
        #expect(wrongAction.stderr.contains("withdraw does not apply to award records"), "\(wrongAction)")
        #expect(wrongAction.stderr.contains("award record"), "\(wrongAction)")

        // A status for a record this node does not hold.
        let stranger = try node.write("stranger.json", #"{"target": "\#(unknown)", "action": "revoke"}"#)
        let notOurs = try await node.credex("issue", "status", stranger)
        #expect(notOurs.status == 3, "\(notOurs)")
        #expect(
            notOurs.stderr.contains("status records target this node's own records; \(unknown) is not one"),
            "\(notOurs)"
        )

        #expect(try await node.headSeq() == award.seq, "nothing refused was issued")

        // Revoke, then reinstating is refused: revocation is final.
        let revoke = try node.write(
            "revoke.json",
            #"{"target": "\#(award.id)", "action": "revoke", "reason": {"en": "issued in error"}}"#
        )
        let revoked = try await node.issue("status", revoke)
        #expect(revoked.seq == award.seq + 1)
        let reinstate = try node.write("reinstate.json", #"{"target": "\#(award.id)", "action": "reinstate"}"#)
        let refused = try await node.credex("issue", "status", reinstate)
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("\(award.id) is revoked, and revocation is final"), "\(refused)")
        let shown = try await node.credex("show", award.id, "--json")
        #expect(try shown.jsonObject()["status"] as? String == "revoked", "\(shown)")
        #expect(try await node.headSeq() == revoked.seq)

        let check = try await node.credex("check")
        #expect(check.status == 0, "\(check)")
    }
}
