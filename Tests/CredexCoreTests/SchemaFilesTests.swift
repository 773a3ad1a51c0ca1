import CredexTesting
import Foundation
import Testing

/// Runs `Tests/schema-check.py`, so the JSON Schemas in `Schemas/records/` cannot drift from the
/// fixtures the Swift decoder is tested on.
///
/// The script needs `python3` with `jsonschema` 4.18 or later. Without them the test is disabled on a
/// developer machine; when the `CI` environment variable is set it always runs, and fails.
@Suite struct SchemaFilesTests {
    @Test(
        "JSON Schemas accept the valid fixtures and examples and refuse the invalid fixtures",
        .enabled(
            if: SchemaCheck.canRun,
            "needs python3 and `pip install jsonschema==4.26.0` (always runs when CI is set)"
        )
    )
    func schemaFilesMatchFixtures() throws {
        let result = try SchemaCheck.python(["Tests/schema-check.py"])
        #expect(result.status == 0, "python3 Tests/schema-check.py exited with \(result.status):\n\(result.output)")
    }
}

/// Runs `python3` from the repository root.
private enum SchemaCheck {
    /// Whether the check should run: always in CI, elsewhere only when `python3` can import `jsonschema`.
    static var canRun: Bool {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            return true
        }
        return (try? python(["-c", "import jsonschema, referencing"]))?.status == 0
    }

    /// Runs `python3 arguments` in the repository root; returns the exit status and stdout and stderr interleaved.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ExternalTool.run("python3", arguments)
    }
}
