import Foundation

/// A member's endpoint from the trust list, parsed: `https://host[:port][/base/path]`.
public struct MemberEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int
    /// The path prefix every request target starts with; empty or starting with `/`, never ending with one.
    public let basePath: String

    /// Parses `text`; only `https` URLs with a host and no query or fragment are endpoints.
    /// - Throws: `TrustError(.malformed)` saying what is wrong.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "https",
            let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else {
            throw TrustError(.malformed, "endpoint \"\(text)\" must be an https URL with a host and no query")
        }
        self.host = host.lowercased()
        port = components.port ?? 443
        guard (1...65_535).contains(port) else {
            throw TrustError(.malformed, "endpoint \"\(text)\" has an invalid port")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
    }

    /// The absolute URL of `target` (a path and query below the base path): what a signature covers.
    public func url(for target: String) -> String { "https://\(authority)\(basePath)\(target)" }

    /// `host` or `host:port` when the port is not 443.
    public var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 443 ? name : "\(name):\(port)"
    }

    public var description: String { "https://\(authority)\(basePath)" }
}
