import Foundation
import Hummingbird

/// Where a listener binds: `host:port` (`[::1]:port` for IPv6) or `unix:PATH`.
public enum ListenAddress: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// Parses `text`; a relative unix path is taken relative to `directory`.
    /// - Throws: `NodeError(.configuration)` saying what is wrong.
    public init(_ text: String, relativeTo directory: URL) throws {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw NodeError(.configuration, "\"\(text)\" names no socket path") }
            self = .unix(path: path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw NodeError(.configuration, "listen address \"\(text)\" must be host:port or unix:PATH")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw NodeError(.configuration, "listen address \"\(text)\" names no host") }
        self = .tcp(host: host, port: port)
    }

    /// Whether only this machine can connect: a unix socket or a loopback address.
    public var isLocal: Bool {
        switch self {
        case .unix: return true
        case .tcp(let host, _): return host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }
    }

    var bindAddress: BindAddress {
        switch self {
        case .tcp(let host, let port): return .hostname(host, port: port)
        case .unix(let path): return .unixDomainSocket(path: path)
        }
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}
