import CredexCore
import Hummingbird

/// Reads query parameters strictly: a value that does not parse is a 400 naming the parameter.
struct QueryParameters {
    let parameters: Parameters

    init(_ request: Request) { parameters = request.uri.queryParameters }

    func string(_ name: String) -> String? {
        parameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every value of a repeated parameter, each also split at commas.
    func list(_ name: String) -> [String] {
        parameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    func value<T>(_ name: String, _ what: String, _ parse: (String) throws -> T?) throws -> T? {
        guard let text = string(name) else { return nil }
        guard let value = try? parse(text) else {
            throw Problem.badRequest("\(name) must be \(what), not \"\(text.prefix(80))\"")
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        try self.value(name, "a whole number from \(range.lowerBound) to \(range.upperBound)") {
            Int($0).flatMap { range.contains($0) ? $0 : nil }
        } ?? value
    }

    func number(_ name: String) throws -> Double? {
        try value(name, "a number from 0") { Double($0).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } }
    }

    func recordID(_ name: String) throws -> RecordID? {
        try value(name, "a record id (64 lowercase hex characters)") { try RecordID(validating: $0) }
    }
}
