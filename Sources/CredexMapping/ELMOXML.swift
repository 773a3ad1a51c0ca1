import CredexCore
import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed ELMO document: its namespace and local name, attributes, the text
/// directly inside it, and its child elements.
struct ELMOElement: Sendable {
    var namespace: String?
    var name: String
    var attributes: [String: String]
    var text = ""
    var children: [ELMOElement] = []

    /// The children in the ELMO namespace called `name`.
    func children(_ name: String) -> [ELMOElement] {
        children.filter { $0.name == name && $0.namespace == ELMO.namespace }
    }

    /// The first child in the ELMO namespace called `name`.
    func child(_ name: String) -> ELMOElement? { children(name).first }

    /// The `xml:lang` attribute.
    var language: String? { attributes["xml:lang"] }

    /// The collapsed text of the first child called `name`; nil when it is absent or empty.
    func token(_ name: String) -> String? {
        child(name).map { ELMOValues.token($0.text) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The first child called `name`, or a `missingField` error pointing at `path`.
    func required(_ name: String, at path: [String]) throws -> ELMOElement {
        guard let child = child(name) else {
            throw CredexError(.missingField, "<\(self.name)> has no <\(name)>", pointer: .init(path + [name]))
        }
        return child
    }

    /// The `identifier` children, each with its required `type`; nil when there are none.
    func identifiers(at path: [String]) throws -> [Identifier]? {
        let ids = try children("identifier").map { child in
            guard let scheme = child.attributes["type"].map(ELMOValues.token), !scheme.isEmpty else {
                throw CredexError(.missingField, "an identifier has no type", pointer: .init(path + ["identifier"]))
            }
            return Identifier(scheme: scheme, value: ELMOValues.token(child.text))
        }
        return ids.isEmpty ? nil : ids
    }

    /// The names of the children outside the ELMO namespace or not in `handled`.
    func unhandled(_ handled: Set<String>) -> [String] {
        children.filter { !handled.contains($0.name) || $0.namespace != ELMO.namespace }.map(\.name)
    }
}

/// A strict XML reader for untrusted ELMO: UTF-8 only, no DTD of any kind (so no entity
/// expansion and no external entities), bounded in size, depth and element count.
enum ELMOXML {
    static let maxBytes = 32 << 20
    static let maxDepth = 64
    static let maxElements = 200_000

    /// The document's root element, or a `CredexError` saying why the bytes were refused.
    static func parse(_ bytes: [UInt8]) throws -> ELMOElement {
        try checkProlog(bytes)
        let builder = TreeBuilder(stopAtRoot: false)
        try builder.run(bytes)
        guard let root = builder.stack.first else { throw CredexError(.malformed, "the ELMO document has no element") }
        return root
    }

    /// The namespace and name of the root element, read without building the tree.
    static func root(_ bytes: [UInt8]) throws -> (namespace: String?, name: String) {
        try checkProlog(bytes)
        let builder = TreeBuilder(stopAtRoot: true)
        try builder.run(bytes)
        guard let root = builder.stack.first else { throw CredexError(.malformed, "the ELMO document has no element") }
        return (root.namespace, root.name)
    }

    /// Refuses what must never reach the XML parser: too many bytes, an encoding other than UTF-8
    /// (a NUL byte betrays UTF-16 or UTF-32), and a DOCTYPE before the root element. Only a BOM,
    /// whitespace, an XML declaration, comments and processing instructions may precede the root.
    static func checkProlog(_ bytes: [UInt8]) throws {
        guard bytes.count <= maxBytes else {
            throw CredexError(.tooLarge, "the ELMO document is larger than \(maxBytes >> 20) MiB")
        }
        guard !bytes.contains(0) else {
            throw CredexError(.malformed, "the ELMO document is not UTF-8 (it contains NUL bytes)")
        }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func starts(_ text: String) -> Bool { bytes[index...].starts(with: Array(text.utf8)) }
        func skip(past end: String) throws {
            let target = Array(end.utf8)
            while index < bytes.count, !starts(end) { index += 1 }
            guard index < bytes.count else { throw CredexError(.malformed, "the ELMO document ends in its prolog") }
            index += target.count
        }
        while index < bytes.count {
            if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
            } else if starts("<?") {
                let start = index
                try skip(past: "?>")
                try checkDeclaration(String(decoding: bytes[start..<index], as: UTF8.self))
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<!") {
                throw CredexError(
                    .malformed,
                    "the ELMO document has a DOCTYPE; DTDs and entity declarations are refused"
                )
            } else if bytes[index] == 0x3C {
                return
            } else {
                throw CredexError(.malformed, "the ELMO document has text before its root element")
            }
        }
    }

    /// An XML declaration may name UTF-8 (or its subset US-ASCII) and nothing else.
    private static func checkDeclaration(_ text: String) throws {
        guard text.hasPrefix("<?xml "), let range = text.range(of: "encoding") else { return }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" }.dropFirst()
        let name = rest.prefix { $0 != "\"" && $0 != "'" }.prefix(20).lowercased()
        guard ["utf-8", "us-ascii"].contains(name) else {
            throw CredexError(.malformed, "the ELMO document declares the encoding \"\(name)\"; only UTF-8 is read")
        }
    }
}

/// Builds the element tree from the parser's events; an error stops the parse at once.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let stopAtRoot: Bool
    var stack: [ELMOElement] = []
    var count = 0
    var failure: CredexError?

    init(stopAtRoot: Bool) { self.stopAtRoot = stopAtRoot }

    func run(_ bytes: [UInt8]) throws {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let finished = parser.parse()
        if let failure { throw failure }
        if stopAtRoot, !stack.isEmpty { return }
        guard finished, stack.count == 1 else {
            let detail = parser.parserError.map { ": \($0.localizedDescription)" } ?? ""
            throw CredexError(
                .malformed,
                "the ELMO document is not well-formed XML (line \(parser.lineNumber))\(detail)"
            )
        }
    }

    func parser(
        _ parser: XMLParser,
        didStartElement name: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        count += 1
        if stack.count >= ELMOXML.maxDepth || count > ELMOXML.maxElements {
            let limit =
                stack.count >= ELMOXML.maxDepth
                ? "nests deeper than \(ELMOXML.maxDepth) elements" : "has more than \(ELMOXML.maxElements) elements"
            failure = CredexError(.tooLarge, "the ELMO document \(limit)")
            parser.abortParsing()
            return
        }
        stack.append(ELMOElement(namespace: namespaceURI, name: name, attributes: attributes))
        if stopAtRoot { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard stack.count > 1 else { return }
        let done = stack.removeLast()
        stack[stack.count - 1].children.append(done)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: block, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        failure = failure ?? CredexError(.malformed, "the ELMO document refers to an undeclared or external entity")
        parser.abortParsing()
        return nil
    }
}
