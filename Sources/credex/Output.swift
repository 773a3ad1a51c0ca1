import CredexCore
import CredexJSON
import Foundation
import Logging

/// Prints `value` as pretty, key-sorted JSON on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A strict JSON value as pretty text, for people.
func prettyText(_ value: JSONValue) -> String {
    let canonical = Data(JCS.canonicalBytes(value))
    guard let object = try? JSONSerialization.jsonObject(with: canonical, options: [.fragmentsAllowed]),
        let data = try? JSONSerialization.data(
            withJSONObject: object,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        )
    else { return String(decoding: canonical, as: UTF8.self) }
    return String(decoding: data, as: UTF8.self)
}

/// Reads a whole file given on the command line, with a clear error.
func readFile(_ path: String) throws -> Data {
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw CredexError(.malformed, "cannot read \(path): \(error.localizedDescription)")
    }
}

/// The process's logger: swift-log to standard error.
func makeLogger() -> Logger {
    var logger = Logger(label: "credex")
    logger.logLevel = .info
    return logger
}

/// Prints a line on standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
