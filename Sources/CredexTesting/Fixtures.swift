import Foundation

/// Locates the test fixtures that ship with the repository, and the optional shared reference tree.
///
/// Fixtures live in `Tests/Fixtures/` of the repository; `sharedReference` is the
/// `reference/` folder of a `shared/` checkout beside the repository, present on
/// developer machines and in CI but not in a user's fresh clone.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CredexTesting
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// `Tests/Fixtures/` in the repository.
    public static let root: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// A file below `Tests/Fixtures/`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The bytes of a file below `Tests/Fixtures/`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// `../shared/reference` beside the repository, when it exists.
    public static var sharedReference: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? url : nil
    }

    /// Files below `Tests/Fixtures/<folder>` whose names end in `suffix`, sorted by name.
    public static func files(in folder: String, suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: url(folder), includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
