import CredexCore
import CredexMapping
import CredexTesting
import Foundation
import Testing

/// Fixtures and checks the ELMO tests share.
enum ELMOTest {
    /// A fixed generation time, so encoded documents are reproducible.
    static let generated = try! ClaimedTime(validating: "2026-11-22T12:00:00Z")

    /// The bytes of `Tests/Fixtures/elmo/<name>`.
    static func fixture(_ name: String) throws -> [UInt8] { Array(try Fixtures.data("elmo/" + name)) }

    /// The Credex-written fixture with `original` replaced by `replacement`.
    static func variant(_ original: String, _ replacement: String) throws -> [UInt8] {
        let text = String(decoding: try fixture("micro-credential.xml"), as: UTF8.self)
        #expect(text.contains(original), "the fixture has no \(original)")
        return Array(text.replacingOccurrences(of: original, with: replacement).utf8)
    }

    /// The `CredexError` that decoding `bytes` throws, checked against `code`, the pointer when
    /// given, and a phrase of its reason.
    @discardableResult
    static func refusal(
        _ bytes: [UInt8],
        _ code: CredexError.Code,
        pointer: String? = nil,
        saying phrase: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> CredexError? {
        let error = #expect(throws: CredexError.self, sourceLocation: sourceLocation) { try ELMO.decode(bytes) }
        guard let error else { return nil }
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.reason.contains(phrase), "\(error)", sourceLocation: sourceLocation)
        if let pointer { #expect(error.pointer?.description == pointer, "\(error)", sourceLocation: sourceLocation) }
        return error
    }
}

/// Runs `xmllint` against the ELMO schema, offline, with `Tests/elmo-catalog.xml` mapping the
/// schema's imports to the copies in `Tests/Fixtures/elmo/`.
///
/// Without xmllint (Debian: `libxml2-utils`) the tests that need it are disabled on a developer
/// machine; when the `CI` environment variable is set they always run, and fail.
enum XMLLint {
    static var canRun: Bool {
        ProcessInfo.processInfo.environment["CI"] != nil || (try? run(["--version"]))?.status == 0
    }

    /// The exit status and output of validating `bytes`; 0 when the document is valid.
    static func validate(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("elmo-\(UUID().uuidString).xml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(["--nonet", "--noout", "--schema", "Tests/Fixtures/elmo/schema.xsd", file.path])
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let catalog = Fixtures.repositoryRoot.appendingPathComponent("Tests/elmo-catalog.xml").path
        return try ExternalTool.run("xmllint", arguments, environment: ["XML_CATALOG_FILES": catalog])
    }
}
