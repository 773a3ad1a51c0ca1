import CredexCore
import CredexJSON
import Foundation

/// A node's JSON configuration files (`node.json`, `trust.json`): read strictly, so an unknown
/// member (a typo) is refused, and written pretty with sorted keys.
protocol ConfigurationFile: Codable {
    /// What the file is, for errors: "node configuration", "trust list".
    static var what: String { get }
    /// What to say when the file cannot be read at all.
    static func unreadable(_ url: URL) -> String
}

extension ConfigurationFile {
    static func unreadable(_ url: URL) -> String { "cannot read the \(what) \(url.path)" }

    /// Reads and decodes the file at `url`.
    /// - Throws: `NodeError(.configuration)` naming the file and the problem.
    public static func read(from url: URL) throws -> Self {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NodeError(.configuration, unreadable(url))
        }
        do {
            return try JSONValueDecoder().decode(Self.self, from: try StrictJSON.parse(data, mode: .record))
        } catch {
            throw NodeError(.configuration, "\(url.path) is not a valid \(what): \(error)")
        }
    }

    /// The file's content: pretty JSON with sorted keys and a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
