import Foundation
import RawStructuredFieldValues

/// A covered component identifier (RFC 9421 §2): a name such as `@method` and its parameters.
struct ComponentIdentifier: Hashable, Sendable {
    var name: String
    /// `;req`: the component is taken from the request a response answers (§2.4).
    var request = false
    /// `;key="..."`: one member of a dictionary field (§2.1.2).
    var key: String?

    static let method = ComponentIdentifier(name: "@method")
    static let targetURI = ComponentIdentifier(name: "@target-uri")
    static let status = ComponentIdentifier(name: "@status")
    static let contentDigest = ComponentIdentifier(name: "content-digest")

    /// The request's signature with `label`, as a response covers it.
    static func requestSignature(label: String) -> ComponentIdentifier {
        ComponentIdentifier(name: "signature", request: true, key: label)
    }

    /// The identifier as an RFC 8941 item: an sf-string with its parameters.
    var item: Item {
        var parameters = OrderedMap<String, RFC9651BareItem>()
        if request { parameters["req"] = .bool(true) }
        if let key { parameters["key"] = .string(key) }
        return Item(bareItem: .string(name), parameters: parameters)
    }

    /// The identifier an item names, or nil if it is not an sf-string with known parameters.
    init?(item: Item) {
        guard case .string(let name) = item.rfc9651BareItem else { return nil }
        self.name = name
        for (parameter, value) in item.rfc9651Parameters {
            switch (parameter, value) {
            case ("req", .bool(true)): request = true
            case ("key", .string(let key)): self.key = key
            default: return nil
            }
        }
    }

    init(name: String, request: Bool = false, key: String? = nil) {
        self.name = name
        self.request = request
        self.key = key
    }
}

/// The parameters of one signature (RFC 9421 §2.3) that Credex uses.
struct SignatureParameters: Hashable, Sendable {
    var created: Int
    var expires: Int?
    var nonce: String?
    var keyID: String
    var algorithm = "ed25519"

    var bareItems: OrderedMap<String, RFC9651BareItem> {
        var parameters = OrderedMap<String, RFC9651BareItem>()
        parameters["created"] = .integer(Int64(created))
        if let expires { parameters["expires"] = .integer(Int64(expires)) }
        if let nonce { parameters["nonce"] = .string(nonce) }
        parameters["keyid"] = .string(keyID)
        parameters["alg"] = .string(algorithm)
        return parameters
    }

    /// Reads the parameters; nil if one is unknown, repeated in the wrong type, or required and absent.
    init?(_ parameters: OrderedMap<String, RFC9651BareItem>) {
        var created: Int?
        var keyID: String?
        var algorithm: String?
        for (name, value) in parameters {
            switch (name, value) {
            case ("created", .integer(let value)): created = Int(value)
            case ("expires", .integer(let value)): expires = Int(value)
            case ("nonce", .string(let value)): nonce = value
            case ("keyid", .string(let value)): keyID = value
            case ("alg", .string(let value)): algorithm = value
            default: return nil
            }
        }
        guard let created, let keyID, let algorithm else { return nil }
        self.created = created
        self.keyID = keyID
        self.algorithm = algorithm
    }

    init(created: Int, expires: Int?, nonce: String?, keyID: String) {
        self.created = created
        self.expires = expires
        self.nonce = nonce
        self.keyID = keyID
    }
}

/// The signature base of RFC 9421 §2.5 and the fields that carry a signature.
enum SignatureBase {
    /// The label of every Credex signature in `Signature-Input` and `Signature`.
    static let label = "credex"

    /// One line per covered component, `"<identifier>": <value>`, then `"@signature-params": <inner list>`.
    ///
    /// Lines are separated by LF, with no trailing newline.
    static func text(
        components: [(identifier: ComponentIdentifier, value: String)],
        signatureParams: InnerList
    ) throws -> String {
        var lines = try components.map { try "\(serialize($0.identifier.item)): \($0.value)" }
        var serializer = StructuredFieldValueSerializer()
        let params = try serializer.writeListFieldValue([.innerList(signatureParams)])
        lines.append("\"@signature-params\": \(String(decoding: params, as: UTF8.self))")
        return lines.joined(separator: "\n")
    }

    /// The inner list with its parameters, as `@signature-params` and `Signature-Input` write it.
    static func innerList(_ identifiers: [ComponentIdentifier], _ parameters: SignatureParameters) -> InnerList {
        var list = BareInnerList()
        for identifier in identifiers { list.append(identifier.item) }
        return InnerList(bareInnerList: list, parameters: parameters.bareItems)
    }

    static func serialize(_ item: Item) throws -> String {
        var serializer = StructuredFieldValueSerializer()
        return String(decoding: try serializer.writeItemFieldValue(item), as: UTF8.self)
    }

    static func serialize(dictionary: OrderedMap<String, ItemOrInnerList>) throws -> String {
        var serializer = StructuredFieldValueSerializer()
        return String(decoding: try serializer.writeDictionaryFieldValue(dictionary), as: UTF8.self)
    }

    /// An RFC 8941 byte sequence item (`:<base64>:`).
    static func byteSequence(_ bytes: [UInt8]) -> Item {
        Item(bareItem: RFC9651BareItem.undecodedByteSequence(Data(bytes).base64EncodedString()), parameters: [:])
    }

    /// The bytes of a byte-sequence item, or nil.
    static func bytes(of item: Item) -> [UInt8]? {
        guard case .undecodedByteSequence(let text) = item.rfc9651BareItem, item.rfc9651Parameters.count == 0,
            let data = Data(base64Encoded: text)
        else { return nil }
        return [UInt8](data)
    }

    /// Parses an RFC 8941 dictionary field value, or nil if it is malformed.
    static func dictionary(_ value: String) -> OrderedMap<String, ItemOrInnerList>? {
        var parser = StructuredFieldValueParser(Array(value.utf8))
        return try? parser.parseDictionaryFieldValue()
    }
}
