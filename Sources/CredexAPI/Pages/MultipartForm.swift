import Foundation

/// A `multipart/form-data` body (RFC 7578) read strictly: the boundary from `Content-Type`, then
/// each part's `Content-Disposition` name, optional file name and content type, and its bytes.
///
/// Everything it cannot read is a 400 problem that says what is wrong: no or a malformed boundary,
/// a body that does not start with it or ends before its closing delimiter, a part without a
/// name, too many parts or too long headers. It never reads past the body it is given, and finds
/// delimiters in linear time, so hostile bodies cost no more than their size.
///
///     let form = try MultipartForm(body: bytes, contentType: request.headers[.contentType])
///     form.file("document")?.body
struct MultipartForm: Sendable, Hashable {
    /// One part: a field (no `filename`) or a file.
    struct Part: Sendable, Hashable {
        var name: String
        var filename: String?
        var contentType: String?
        var body: [UInt8]
    }

    /// Parts at most; a form of the pages has three.
    static let maxParts = 16
    /// Bytes of one part's headers at most.
    static let maxHeaderBytes = 8 << 10

    var parts: [Part]

    /// The first part named `name` that is a file with a name (a browser sends an empty one when
    /// no file was chosen).
    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && !($0.filename ?? "").isEmpty }
    }

    /// The text of the first field named `name`.
    func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    init(body: [UInt8], contentType: String?) throws {
        try self.init(body: body, boundary: try Self.boundary(contentType: contentType))
    }

    /// The `boundary` parameter of a `multipart/form-data` content type: 1 to 70 characters of
    /// RFC 2046's set, not ending in a space.
    static func boundary(contentType: String?) throws -> String {
        let fields = (contentType ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.first?.lowercased() == "multipart/form-data" else {
            throw Problem.badRequest("send the form as multipart/form-data")
        }
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
            guard (1...70).contains(value.count), value.allSatisfy(allowed.contains), value.last != " " else {
                throw Problem.badRequest("the multipart boundary is malformed")
            }
            return value
        }
        throw Problem.badRequest("the multipart content type names no boundary")
    }

    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        let truncated = Problem.badRequest("the multipart body ends before its closing boundary")
        // The first delimiter opens the body, or ends a preamble on a line of its own.
        var cursor: Int
        if body.starts(with: delimiter) {
            cursor = delimiter.count
        } else if let found = Self.search(separator, in: body, from: 0) {
            cursor = found + separator.count
        } else {
            throw Problem.badRequest("the multipart body does not contain its boundary")
        }
        parts = []
        while true {
            // After a delimiter: `--` closes the body, else optional blanks and a line end.
            if body[cursor...].starts(with: Array("--".utf8)) { return }
            while cursor < body.count, body[cursor] == UInt8(ascii: " ") || body[cursor] == UInt8(ascii: "\t") {
                cursor += 1
            }
            guard body[cursor...].starts(with: Self.lineEnd) else {
                throw cursor >= body.count
                    ? truncated : Problem.badRequest("a multipart boundary is not followed by a line end")
            }
            cursor += Self.lineEnd.count
            guard parts.count < Self.maxParts else {
                throw Problem.badRequest("the multipart body has more than \(Self.maxParts) parts")
            }
            guard let headerEnd = Self.search(Self.blankLine, in: body, from: cursor - Self.lineEnd.count) else {
                throw truncated
            }
            guard headerEnd - cursor <= Self.maxHeaderBytes else {
                throw Problem.badRequest("a multipart part's headers are longer than \(Self.maxHeaderBytes) bytes")
            }
            let headers = headerEnd < cursor ? [] : Array(body[cursor..<headerEnd])
            let start = headerEnd + Self.blankLine.count
            guard let end = Self.search(separator, in: body, from: start) else { throw truncated }
            parts.append(try Self.part(headers: headers, body: Array(body[start..<end])))
            cursor = end + separator.count
        }
    }

    private static let lineEnd = Array("\r\n".utf8)
    private static let blankLine = Array("\r\n\r\n".utf8)

    /// A part from its header block (lines without the final blank line) and body.
    private static func part(headers: [UInt8], body: [UInt8]) throws -> Part {
        var name: String?
        var filename: String?
        var contentType: String?
        let text = String(decoding: headers, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw Problem.badRequest("a multipart part has a malformed header line")
            }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "content-disposition":
                let parameters = Self.parameters(value)
                guard parameters.type == "form-data" else {
                    throw Problem.badRequest("a multipart part's Content-Disposition is not form-data")
                }
                name = parameters.values["name"]
                filename = parameters.values["filename"]
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name, !name.isEmpty else {
            throw Problem.badRequest("a multipart part has no Content-Disposition name")
        }
        return Part(name: name, filename: filename, contentType: contentType, body: body)
    }

    /// `form-data; name="a"; filename="b c.json"`: the type and the parameters, quoted strings
    /// unquoted (with `\"` and `\\` escapes).
    static func parameters(_ value: String) -> (type: String, values: [String: String]) {
        var characters = Substring(value)
        func skipBlanks() { while characters.first == " " || characters.first == "\t" { characters.removeFirst() } }
        let type = characters.prefix { $0 != ";" }
        characters = characters.dropFirst(type.count)
        var values: [String: String] = [:]
        while characters.first == ";" {
            characters.removeFirst()
            skipBlanks()
            let key = characters.prefix { $0 != "=" && $0 != ";" }
            characters = characters.dropFirst(key.count)
            guard characters.first == "=" else { continue }
            characters.removeFirst()
            var parsed = ""
            if characters.first == "\"" {
                characters.removeFirst()
                while let character = characters.first, character != "\"" {
                    characters.removeFirst()
                    if character == "\\", let escaped = characters.first {
                        characters.removeFirst()
                        parsed.append(escaped)
                    } else {
                        parsed.append(character)
                    }
                }
                if !characters.isEmpty { characters.removeFirst() }
                characters = characters.drop { $0 != ";" }
            } else {
                let token = characters.prefix { $0 != ";" }
                characters = characters.dropFirst(token.count)
                parsed = token.trimmingCharacters(in: .whitespaces)
            }
            let name = key.trimmingCharacters(in: .whitespaces).lowercased()
            if values[name] == nil { values[name] = parsed }
        }
        return (type.trimmingCharacters(in: .whitespaces).lowercased(), values)
    }

    /// The first index of `needle` in `haystack` at or after `start`, by Knuth–Morris–Pratt.
    static func search(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0 else { return nil }
        var failure = [Int](repeating: 0, count: needle.count)
        var matched = 0
        for index in needle.indices.dropFirst() {
            while matched > 0, needle[index] != needle[matched] { matched = failure[matched - 1] }
            if needle[index] == needle[matched] { matched += 1 }
            failure[index] = matched
        }
        matched = 0
        var index = start
        while index < haystack.count {
            while matched > 0, haystack[index] != needle[matched] { matched = failure[matched - 1] }
            if haystack[index] == needle[matched] { matched += 1 }
            if matched == needle.count { return index - needle.count + 1 }
            index += 1
        }
        return nil
    }
}
