import CredexJSON
import Foundation

/// The sample inputs of `Schemas/examples/`, from real micro-credentials.
public enum ExampleFiles {
    /// `Schemas/examples/<name>.json` parsed as a record body (`spec-…` files are spec bodies).
    public static func body(_ name: String) throws -> JSONValue {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/\(name).json")
        return try StrictJSON.parse(Array(try Data(contentsOf: url)), mode: .record)
    }
}
