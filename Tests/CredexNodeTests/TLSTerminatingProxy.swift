import CredexCrypto
import CredexNet
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A stand-in for an institution's reverse proxy: terminates TLS (a certificate from a test CA)
/// and forwards the plaintext bytes, unchanged, to a plain TCP port set once the target listens.
final class TLSTerminatingProxy: Sendable {
    let channel: any Channel
    private let target = NIOLockedValueBox<Int?>(nil)

    var port: Int { channel.localAddress!.port! }

    init(context: TLSContext) async throws {
        let target = self.target
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                inbound.eventLoop.makeCompletedFuture {
                    try inbound.pipeline.syncOperations.addOpenSSLTLS(context: context)
                    guard let port = target.withLockedValue({ $0 }) else { throw ChannelError.connectPending }
                    let forward = Splice()
                    try inbound.pipeline.syncOperations.addHandler(forward)
                    ClientBootstrap(group: inbound.eventLoop)
                        .channelInitializer { outbound in
                            outbound.eventLoop.makeCompletedFuture {
                                try outbound.pipeline.syncOperations.addHandler(Splice(partner: inbound))
                            }
                        }
                        .connect(host: "127.0.0.1", port: port)
                        .whenComplete { result in
                            switch result {
                            case .success(let outbound): forward.connect(to: outbound)
                            case .failure: inbound.close(promise: nil)
                            }
                        }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func forward(to port: Int) { target.withLockedValue { $0 = port } }

    func stop() async { try? await channel.close() }
}

/// Copies what one channel reads to its partner, and closes the partner when it ends.
private final class Splice: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var partner: (any Channel)?
    private var pending: [ByteBuffer] = []

    init(partner: (any Channel)? = nil) {
        self.partner = partner
    }

    /// Sets the partner once connected (on this channel's event loop order does not matter: the
    /// partner is on the same loop) and sends what arrived before.
    func connect(to channel: any Channel) {
        partner = channel
        for buffer in pending { channel.write(buffer, promise: nil) }
        pending = []
        channel.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard let partner else {
            pending.append(buffer)
            return
        }
        partner.writeAndFlush(buffer, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.close(promise: nil)
        context.fireChannelInactive()
    }
}

/// A test certificate authority and a leaf it issued for `localhost`, made with the openssl CLI.
struct TestCertificateAuthority {
    let rootPEM: String
    let leaf: TLSIdentity

    init(in folder: URL) async throws {
        func openssl(_ arguments: [String]) async throws {
            let result = try await runProgram("/usr/bin/openssl", arguments)
            guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try await openssl(
            ["req", "-x509"] + curve + [
                "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=Test Root CA",
            ]
        )
        try await openssl(
            ["req"] + curve + ["-keyout", path("leaf.key"), "-out", path("leaf.csr"), "-subj", "/CN=localhost"]
        )
        try "subjectAltName=DNS:localhost\n".write(toFile: path("ext"), atomically: true, encoding: .utf8)
        try await openssl([
            "x509", "-req", "-in", path("leaf.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-out", path("leaf.pem"), "-days", "2", "-extfile", path("ext"),
        ])
        rootPEM = try String(contentsOfFile: path("ca.pem"), encoding: .utf8)
        leaf = try TLSIdentity(
            privateKeyPEM: String(contentsOfFile: path("leaf.key"), encoding: .utf8),
            certificatePEM: String(contentsOfFile: path("leaf.pem"), encoding: .utf8)
        )
    }
}
