import CredexJSON
import CredexTesting
import Foundation
import Testing

/// Every JSON and JSON-LD document of the standards Credex speaks (`../shared/reference`, when it
/// is beside the repository) parses strictly in document mode, and its canonical form is stable.
@Suite struct SharedReferenceTests {
    static var documents: [URL] {
        guard let root = Fixtures.sharedReference,
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { ["json", "jsonld"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    @Test(
        "reference documents parse strictly and canonicalise stably",
        .enabled(if: Fixtures.sharedReference != nil, "needs ../shared/reference beside the repository")
    )
    func referenceDocumentsParseAndCanonicalise() throws {
        let documents = Self.documents
        #expect(documents.count > 50)
        for url in documents {
            let value = try StrictJSON.parse(try Data(contentsOf: url), mode: .document)
            let canonical = JCS.canonicalBytes(value)
            let reparsed = try StrictJSON.parse(canonical, mode: .document)
            #expect(reparsed == value && JCS.canonicalBytes(reparsed) == canonical, "\(url.lastPathComponent)")
        }
    }
}
