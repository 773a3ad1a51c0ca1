import CredexCore
import CredexJSON

/// Credential Engine's CTDL (JSON-LD, `ceterms:`) for credential specifications: a credential
/// document, alone or in a registry `@graph` with its organisations, in and out of the canonical
/// model. CTDL has no official JSON Schema here; its shape follows the Credential Engine handbook.
public enum CTDL {
    public static let format = "ctdl"
    static let context = "https://credreg.net/ctdl/schema/context/json"

    /// A decoded CTDL credential: the canonical spec and what did not map exactly.
    public struct Decoded: Sendable {
        public let spec: CredentialSpec
        public let report: MappingReport
    }

    /// Whether `value` is a CTDL document: a CTDL context, or `ceterms:` members.
    public static func detect(_ value: JSONValue) -> Bool {
        if case .string(let context)? = value["@context"], context.contains("credreg.net/ctdl") { return true }
        if case .array(let contexts)? = value["@context"],
            contexts.contains(where: { $0.stringValue?.contains("credreg.net/ctdl") == true })
        {
            return true
        }
        return value.objectValue?.keys.contains { $0.hasPrefix("ceterms:") } == true
    }

    /// Decodes the credential of `value` (the first credential node of a `@graph`).
    /// - Throws: `CredexError` if there is no credential node, or it is not a valid spec.
    public static func decode(_ value: JSONValue) throws -> Decoded {
        let graph = CTDLGraph(value)
        guard let node = graph.credential else {
            throw CredexError(.malformed, "no CTDL credential (a ceterms: credential type with a name) in the document")
        }
        var report = MappingReport(format: format)
        var decoding = CTDLDecoding(node: node, graph: graph)
        let json = try decoding.canonical(report: &report)
        return Decoded(spec: try CredentialSpec.adapted(from: json, source: "CTDL"), report: report)
    }
}

/// The nodes of a CTDL document by `@id`, and its credential node.
struct CTDLGraph {
    let nodes: [JSONValue]
    let byID: [String: JSONValue]

    init(_ value: JSONValue) {
        nodes = value["@graph"]?.arrayValue ?? [value]
        var byID: [String: JSONValue] = [:]
        for node in nodes { if let id = node["@id"]?.stringValue { byID[id] = node } }
        self.byID = byID
    }

    static let nonCredentialTypes = [
        "Organization", "LearningProgram", "Course", "LearningOpportunity", "AssessmentProfile", "Place",
        "ConditionProfile", "Competency", "CredentialType",
    ]

    /// The first node whose `@type` is a `ceterms:` class other than an organisation or a learning
    /// opportunity, and which has a name.
    var credential: JSONValue? {
        nodes.first { node in
            guard let type = CTDLGraph.type(of: node), type.hasPrefix("ceterms:"), node["ceterms:name"] != nil else {
                return false
            }
            return !Self.nonCredentialTypes.contains { type.contains($0) }
        }
    }

    static func type(of node: JSONValue) -> String? {
        node["@type"]?.stringValue ?? node["@type"]?.arrayValue?.first?.stringValue
    }

    /// A referenced node: a string `@id` resolved in the graph, or an embedded object.
    func resolve(_ reference: JSONValue) -> JSONValue? {
        if let id = reference.stringValue { return byID[id] }
        return reference.objectValue == nil ? nil : reference
    }
}
