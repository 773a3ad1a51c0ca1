import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or query): every value of each name,
/// `+` as a space, percent escapes decoded; a field that does not decode is dropped.
struct FormFields: Sendable, Hashable {
    private(set) var values: [String: [String]] = [:]

    init(urlEncoded bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(halves[0]) else { continue }
            let value = halves.count > 1 ? Self.decode(halves[1]) : ""
            guard let value else { continue }
            values[name, default: []].append(value)
        }
    }

    init(_ values: [String: [String]]) { self.values = values }

    /// The first value of `name`, trimmed; nil when missing or empty.
    subscript(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
        else { return nil }
        return value
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
