#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that was free a moment ago, for tools and tests that must name a port
/// before a server binds it (a trust list names each member's port).
///
/// It is drawn at random below the system's ephemeral range (32768 and up on Linux), where the
/// kernel never hands out ports on its own: an outgoing connection or a listener on port 0 cannot
/// take it before the server binds it.
public enum LoopbackPort {
    public static func free(in range: ClosedRange<Int> = 20_000...32_767) -> Int? {
        for _ in 0..<200 {
            let port = Int.random(in: range)
            if isFree(port) { return port }
        }
        return nil
    }

    /// Whether `port` on 127.0.0.1 can be bound now.
    static func isFree(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
