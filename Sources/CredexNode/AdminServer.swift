import Foundation
import Logging
import NIOCore
import NIOPosix

/// Serves `AdminRequest`s on the node's Unix socket: one JSON request per connection, read to
/// end of input, answered with one JSON response.
public struct AdminServer: Sendable {
    public let socketURL: URL
    public let writer: any NodeWriter
    public let logger: Logger

    public init(socketURL: URL, writer: any NodeWriter, logger: Logger) {
        self.socketURL = socketURL
        self.writer = writer
        self.logger = logger
    }

    /// Binds the socket (mode 0600) and serves until the task is cancelled.
    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: socketURL.path, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard chmod(socketURL.path, 0o600) == 0 else {
            try? await server.channel.close()
            throw NodeError(.admin, "cannot set mode 0600 on \(socketURL.path)")
        }
        logger.info("admin socket listening", metadata: ["admin.socket": "\(socketURL.path)"])
        defer { unlink(socketURL.path) }
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await handle(connection) }
                }
            }
        }
    }

    private func handle(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var request = ByteBuffer()
                var response: AdminResponse?
                for try await chunk in inbound {
                    request.writeImmutableBuffer(chunk)
                    if request.readableBytes > AdminResponse.maximumSize {
                        response = AdminResponse(error: "the request is larger than \(AdminResponse.maximumSize) bytes")
                        break
                    }
                }
                if response == nil { response = await respond(to: Data(request.readableBytesView)) }
                try await outbound.write(ByteBuffer(bytes: try JSONEncoder().encode(response)))
            }
        } catch {
            logger.warning("admin connection failed", metadata: ["error": "\(error)"])
        }
    }

    private func respond(to bytes: Data) async -> AdminResponse {
        do {
            let request = try JSONDecoder().decode(AdminRequest.self, from: bytes)
            logger.log(
                level: request.operation == .ping ? .debug : .info,
                "admin request",
                metadata: ["admin.operation": "\(request.operation.rawValue)"]
            )
            return try await writer.perform(request)
        } catch {
            logger.warning("admin request refused", metadata: ["error": "\(error)"])
            return AdminResponse(error: "\(error)")
        }
    }
}

/// Sends `AdminRequest`s to a running node's admin socket.
public struct AdminClient: NodeWriter {
    public let socketURL: URL

    public init(socketURL: URL) { self.socketURL = socketURL }

    public func perform(_ request: AdminRequest) async throws -> AdminResponse {
        let encoded = try JSONEncoder().encode(request)
        guard encoded.count <= AdminResponse.maximumSize else {
            throw NodeError(
                .admin,
                "the input is larger than the \(AdminResponse.maximumSize / 1_048_576) MiB the admin socket takes"
            )
        }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .connect(unixDomainSocketPath: socketURL.path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // Half-closing our side tells the node the request is complete.
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                    }
                }
        } catch {
            throw NodeError(.admin, "cannot reach the running node at \(socketURL.path)", cause: error)
        }
        let response: AdminResponse
        do {
            response = try await exchange(encoded, over: channel)
        } catch {
            throw NodeError(.admin, "the running node at \(socketURL.path) gave no answer", cause: error)
        }
        if let error = response.error { throw NodeError(.refused, error) }
        return response
    }

    private func exchange(
        _ request: Data,
        over channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    ) async throws
        -> AdminResponse
    {
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: request))
            outbound.finish()
            var response = ByteBuffer()
            for try await chunk in inbound {
                response.writeImmutableBuffer(chunk)
                guard response.readableBytes <= AdminResponse.maximumSize else {
                    throw NodeError(.admin, "admin response larger than \(AdminResponse.maximumSize) bytes")
                }
            }
            return try JSONDecoder().decode(AdminResponse.self, from: Data(response.readableBytesView))
        }
    }
}
