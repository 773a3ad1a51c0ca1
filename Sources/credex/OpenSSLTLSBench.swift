import ArgumentParser
import CredexCrypto
import CredexNet
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The `openssl` binary as the comparison: `s_server` and `s_time`, and `speed` for the cipher.
enum OpenSSLTLSBench {
    /// What one `s_time` run printed, and the connections per second of wall-clock time around it.
    struct TimeResult: CustomStringConvertible {
        var connections: Int
        var userRate: Double?
        var realSeconds: Double?
        var wallSeconds: Double
        /// How many connections s_time marked `r` (session reused) on its progress line.
        var reusedMarks = 0
        var wallRate: Double { Double(connections) / wallSeconds }

        var description: String {
            var parts = [
                String(format: "%d connections, %.0f/s over %.2f s wall clock", connections, wallRate, wallSeconds)
            ]
            if let userRate { parts.append(String(format: "s_time \"%.0f connections/user sec\"", userRate)) }
            if let realSeconds {
                parts.append(
                    String(
                        format: "s_time \"connections in %.0f real seconds\": %.0f/s",
                        realSeconds,
                        Double(connections) / realSeconds
                    )
                )
            }
            parts.append("\(reusedMarks) marked reused (\"r\")")
            return parts.joined(separator: "; ")
        }
    }

    /// The client's key and certificate, for mutual TLS.
    struct ClientAuth {
        var key: String
        var certificate: String
    }

    /// Starts `s_server` on a free port (requiring a client certificate when `clientAuth` is given),
    /// runs `s_time -new` and `-reuse` against it, kills it.
    static func handshakes(
        key: String,
        certificate: String,
        clientAuth: ClientAuth?
    ) async throws -> (full: TimeResult?, reused: TimeResult?) {
        guard let port = LoopbackPort.free() else { return (nil, nil) }
        guard
            let server = ChildProcess(
                [
                    "openssl", "s_server", "-accept", "\(port)", "-cert", certificate, "-key", key, "-tls1_3", "-www",
                    "-quiet",
                ] + (clientAuth.map { ["-Verify", "1", "-CAfile", $0.certificate, "-verify_return_error"] } ?? [])
            )
        else { return (nil, nil) }
        defer { server.kill() }
        var ready = false
        for _ in 0..<100 where !ready {
            ready = canConnect(port: port)
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard ready else { return (nil, nil) }
        func sTime(_ mode: [String]) -> TimeResult? {
            let start = DispatchTime.now().uptimeNanoseconds
            let output = runWithDefaultSignals(
                ["openssl", "s_time", "-connect", "127.0.0.1:\(port)", "-time", "3"] + mode
                    + (clientAuth.map { ["-cert", $0.certificate, "-key", $0.key] } ?? [])
            )
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return output.flatMap { parse($0, wallSeconds: wall) }
        }
        // Under TLS 1.3 the ticket comes after the handshake: without `-www` s_time never reads it
        // and every `-reuse` connection is a full handshake, so `-reuse` fetches `/` (a small page).
        return (sTime(["-new"]), sTime(["-reuse", "-www", "/"]))
    }

    /// Reads `N connections in Xs; R connections/user sec` and `N connections in S real seconds`.
    static func parse(_ output: String, wallSeconds: Double) -> TimeResult? {
        var result: TimeResult?
        for line in output.split(separator: "\n") where line.contains("connections in") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "," })
            guard let connections = words.first.flatMap({ Int($0) }) else { continue }
            if result == nil { result = TimeResult(connections: connections, wallSeconds: wallSeconds) }
            if let index = words.firstIndex(of: "connections/user"), index > 0 {
                result?.userRate = Double(words[index - 1])
            }
            if let index = words.firstIndex(of: "real"), index > 0 {
                result?.realSeconds = Double(words[index - 1])
            }
        }
        let progress = output.split(separator: "\n").filter { line in
            !line.isEmpty && line.allSatisfy { "*rt123".contains($0) }
        }
        result?.reusedMarks = progress.reduce(0) { $0 + $1.filter { $0 == "r" }.count }
        return result
    }

    /// `openssl speed -seconds 3 -evp cipher -bytes 16384` in MB/s (10^6 bytes).
    static func speed(_ cipher: String) -> Double? {
        guard
            let output = runWithDefaultSignals(["openssl", "speed", "-seconds", "3", "-evp", cipher, "-bytes", "16384"]
            ),
            let line = output.split(separator: "\n").last(where: { $0.lowercased().hasPrefix(cipher) }),
            let last = line.split(separator: " ").last, last.hasSuffix("k"),
            let kilobytes = Double(last.dropLast())
        else { return nil }
        return kilobytes * 1000 / 1e6
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted (closed at once).
    static func canConnect(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
