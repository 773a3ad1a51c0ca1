import CredexCore

/// Writes indented XML: elements with attributes and escaped text, nothing else.
struct ELMOWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var depth = 0

    /// `<name attributes>`, its children written by `body`, then `</name>`.
    mutating func element(
        _ name: String,
        _ attributes: KeyValuePairs<String, String> = [:],
        body: (inout ELMOWriter) throws -> Void
    ) throws {
        text += indent + "<" + name + (try attributeText(attributes)) + ">\n"
        depth += 1
        try body(&self)
        depth -= 1
        text += indent + "</" + name + ">\n"
    }

    /// `<name attributes>value</name>`, the value escaped.
    mutating func element(
        _ name: String,
        _ attributes: KeyValuePairs<String, String> = [:],
        text value: String
    )
        throws
    {
        text +=
            indent + "<" + name + (try attributeText(attributes)) + ">" + (try Self.escape(value)) + "</" + name
            + ">\n"
    }

    private var indent: String { String(repeating: "    ", count: depth) }

    private func attributeText(_ attributes: KeyValuePairs<String, String>) throws -> String {
        try attributes.map { " \($0.key)=\"\(try Self.escape($0.value))\"" }.joined()
    }

    /// The text with markup characters escaped; refuses characters XML 1.0 cannot carry.
    static func escape(_ value: String) throws -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                throw CredexError(.invalidField, "a text holds a control character that XML cannot carry")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
