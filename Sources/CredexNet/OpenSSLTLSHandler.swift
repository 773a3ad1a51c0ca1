import CredexCrypto
import NIOCore

/// TLS 1.3 over a channel through a `TLSEngine` (the system OpenSSL), as the first handler in the
/// pipeline: ciphertext below, plaintext above.
///
/// A client sends its ClientHello when the channel becomes active; once the handshake is done the
/// handler fires `TLSHandshakeCompleted`. Writes are kept as plaintext and encrypted a chunk at a
/// time when flushed, after the handshake, while the channel is writable: the ciphertext waiting in
/// the channel stays near its high watermark. A write made while `maxBufferedBytes` of plaintext
/// already wait fails the connection with `bufferLimitExceeded`.
///
/// `close(mode: .all)` sends the kept writes and `close_notify` before closing, and waits (up to
/// the close timeout) for them to reach the network; the peer's `close_notify` is answered and the
/// channel closed. Every engine failure, a handshake timeout or too much waiting plaintext is fired
/// as `errorCaught` with a `TLSHandlerError`, then the channel is closed once the engine's fatal
/// alert is flushed (at once if the channel is not writable).
///
/// Not `Sendable`: like every NIO handler it is used on its channel's event loop only; the
/// closures it schedules reach it through `NIOLoopBound`.
public final class OpenSSLTLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// The handshake timeout used unless another is given.
    public static let defaultHandshakeTimeout = TimeAmount.seconds(10)
    /// The close timeout used unless another is given.
    public static let defaultCloseTimeout = TimeAmount.seconds(10)
    /// The largest ciphertext or plaintext buffer passed along the pipeline at once.
    public static let chunkSize = 65_536

    private let engine: TLSEngine
    private var machine: TLSHandlerStateMachine
    private let handshakeTimeout: TimeAmount
    private var timeout: Scheduled<Void>?
    /// Writes not yet encrypted, oldest first; the first `flushedWrites` were flushed.
    private var buffered = CircularBuffer<(buffer: ByteBuffer, promise: EventLoopPromise<Void>?)>()
    private var flushedWrites = 0
    /// The last ciphertext write, to close only after it is flushed.
    private var lastWrite: EventLoopFuture<Void>?
    private var closePromise: EventLoopPromise<Void>?
    private var closeStarted = false
    private var closeIssued = false
    private let closeTimeout: TimeAmount
    private var engineError: CryptoError?
    private var peer = "unknown peer"

    /// A handler for one connection made from `context`; a client sends `serverName` as SNI. A
    /// close waits up to `closeTimeout` for what was written to reach the network.
    /// - Throws: `CryptoError` if the engine cannot be made.
    public init(
        context: TLSContext,
        serverName: String?,
        handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout,
        maxBufferedBytes: Int = 1 << 20,
        closeTimeout: TimeAmount = OpenSSLTLSHandler.defaultCloseTimeout
    ) throws {
        engine = try TLSEngine(context: context, serverName: serverName)
        machine = TLSHandlerStateMachine(isClient: context.role == .client, maxBufferedBytes: maxBufferedBytes)
        self.handshakeTimeout = handshakeTimeout
        self.closeTimeout = closeTimeout
    }

    /// Where the connection is.
    public var state: TLSHandlerStateMachine.State { machine.state }
    /// Plaintext written and not yet encrypted.
    public var bufferedPlaintextBytes: Int { machine.bufferedBytes }
    /// Ciphertext the engine holds that was not passed to the channel yet.
    public var pendingCiphertextBytes: Int { engine.pendingCiphertext }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
        timeout = nil
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        perform(machine.channelInactive(), context: context)
        failWrites(TLSHandlerError(.writeAfterClose, "the connection with \(peer) closed"))
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try engine.feed(Array(buffer.readableBytesView))
        } catch {
            fail(error, context: context)
            return
        }
        perform(machine.bytesReceived(), context: context)
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { perform(machine.flushRequested(), context: context) }
        context.fireChannelWritabilityChanged()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        for action in machine.writeRequested(byteCount: buffer.readableBytes) {
            switch action {
            case .bufferWrite:
                buffered.append((buffer, promise))
            case .failWrite(let code), .fail(let code):
                promise?.fail(error(code))
                perform([action], context: context)
            default:
                perform([action], context: context)
            }
        }
    }

    public func flush(context: ChannelHandlerContext) {
        flushedWrites = buffered.count
        perform(machine.flushRequested(), context: context)
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let promise {
            if let closePromise { closePromise.futureResult.cascade(to: promise) } else { closePromise = promise }
        }
        perform(machine.closeRequested(), context: context)
    }

    private func start(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress { peer = "\(address)" }
        perform(machine.channelActive(), context: context)
    }

    private func perform(_ actions: [TLSHandlerStateMachine.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .scheduleHandshakeTimeout:
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                timeout = context.eventLoop.scheduleTask(in: handshakeTimeout) {
                    let (handler, context) = bound.value
                    handler.perform(handler.machine.handshakeTimedOut(), context: context)
                }
            case .cancelHandshakeTimeout:
                timeout?.cancel()
                timeout = nil
            case .advanceEngine:
                advance(context: context)
            case .sendCiphertext:
                sendCiphertext(context: context)
            case .deliverPlaintext:
                deliverPlaintext(context: context)
            case .bufferWrite, .failWrite:
                break  // handled by `write`, which has the buffer and promise
            case .encryptBufferedWrites:
                encryptBufferedWrites(context: context, all: false)
            case .fireHandshakeCompleted(let peerNodeID, let alpn):
                context.fireUserInboundEventTriggered(TLSHandshakeCompleted(peerNodeID: peerNodeID, alpn: alpn))
            case .queueCloseNotify:
                encryptBufferedWrites(context: context, all: true)
                engine.close()
            case .closeChannel:
                closeChannel(context: context, afterLastWrite: true)
            case .fail(let code):
                let error = error(code)
                failWrites(error)
                sendCiphertext(context: context)
                context.fireErrorCaught(error)
                closeChannel(context: context, afterLastWrite: context.channel.isWritable)
            }
        }
    }

    private func advance(context: ChannelHandlerContext) {
        let progress: TLSEngine.Progress
        do {
            progress = try engine.advance()
        } catch {
            fail(error, context: context)
            return
        }
        switch progress {
        case .handshaking:
            perform(machine.engineProgressed(.handshaking), context: context)
        case .established(let peerNodeID, let alpn):
            perform(machine.engineProgressed(.established(peerNodeID: peerNodeID, alpn: alpn)), context: context)
        case .closed:
            perform(machine.engineProgressed(.peerClosed), context: context)
        }
    }

    /// Encrypts the flushed writes (every kept write if `all`) a chunk at a time and sends the
    /// ciphertext, stopping while the channel is not writable unless `all`.
    private func encryptBufferedWrites(context: ChannelHandlerContext, all: Bool) {
        if all { flushedWrites = buffered.count }
        while flushedWrites > 0 && (all || context.channel.isWritable) {
            let first = buffered.startIndex
            let length = min(buffered[first].buffer.readableBytes, Self.chunkSize)
            let chunk = buffered[first].buffer.readSlice(length: length)!
            machine.bufferedBytesLeft(length)
            var finished: EventLoopPromise<Void>?
            if buffered[first].buffer.readableBytes == 0 {
                finished = buffered.removeFirst().promise
                flushedWrites -= 1
            }
            do {
                try engine.writePlaintext(Array(chunk.readableBytesView))
            } catch {
                finished?.fail(
                    TLSHandlerError(.connectionFailed, "cannot write to \(peer)", cause: error as? CryptoError)
                )
                fail(error, context: context)
                return
            }
            sendCiphertext(context: context, promise: finished)
        }
    }

    /// Writes all the engine's ciphertext in chunks and flushes; `promise` completes with the last
    /// chunk.
    private func sendCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>? = nil) {
        guard context.channel.isActive else {
            promise?.fail(error(.writeAfterClose))
            return
        }
        var pending = promise
        while engine.pendingCiphertext > 0 {
            let bytes = engine.drainCiphertext(maxBytes: Self.chunkSize)
            guard !bytes.isEmpty else { break }
            let write: EventLoopPromise<Void>
            if engine.pendingCiphertext == 0, let last = pending {
                write = last
                pending = nil
            } else {
                write = context.eventLoop.makePromise()
            }
            lastWrite = write.futureResult
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: write)
        }
        if let pending {
            if let lastWrite { lastWrite.cascade(to: pending) } else { pending.succeed() }
        }
        context.flush()
    }

    private func deliverPlaintext(context: ChannelHandlerContext) {
        do {
            while true {
                let bytes = try engine.readPlaintext(maxBytes: Self.chunkSize)
                if bytes.isEmpty { return }
                context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: bytes)))
            }
        } catch {
            fail(error, context: context)
        }
    }

    /// Closes the channel, once the last ciphertext write is done if `afterLastWrite` (but after
    /// `closeTimeout` at the latest: a peer that does not read cannot hold the connection open).
    private func closeChannel(context: ChannelHandlerContext, afterLastWrite: Bool) {
        let requested = closePromise
        closePromise = nil
        guard !closeStarted else {
            if let requested { context.close(promise: requested) }
            return
        }
        closeStarted = true
        let promise = requested ?? context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure { _ in }  // a close of an already closed channel is fine
        guard afterLastWrite, let lastWrite else {
            context.close(promise: promise)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let deadline = context.eventLoop.scheduleTask(in: closeTimeout) {
            bound.value.0.closeNow(context: bound.value.1, promise: promise)
        }
        lastWrite.whenComplete { _ in
            deadline.cancel()
            bound.value.0.closeNow(context: bound.value.1, promise: promise)
        }
    }

    /// Closes the channel unless that was done already.
    private func closeNow(context: ChannelHandlerContext, promise: EventLoopPromise<Void>) {
        guard !closeIssued else { return }
        closeIssued = true
        context.close(promise: promise)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        engineError = error as? CryptoError
        perform(machine.engineFailed(), context: context)
    }

    private func failWrites(_ error: TLSHandlerError) {
        let writes = buffered
        buffered.removeAll()
        flushedWrites = 0
        for write in writes {
            machine.bufferedBytesLeft(write.buffer.readableBytes)
            write.promise?.fail(error)
        }
    }

    private func error(_ code: TLSHandlerError.Code) -> TLSHandlerError {
        let reason: String
        switch code {
        case .handshakeFailed:
            reason = "TLS handshake with \(peer) failed: \(engineError?.reason ?? "unknown reason")"
        case .connectionFailed:
            reason = "TLS connection with \(peer) failed: \(engineError?.reason ?? "unknown reason")"
        case .handshakeTimeout:
            reason = "TLS handshake with \(peer) did not finish within \(handshakeTimeout)"
        case .bufferLimitExceeded:
            reason =
                "more than \(machine.maxBufferedBytes) bytes written to \(peer) wait to be sent: "
                + "the TLS handshake is not done or the peer does not read"
        case .unexpectedClose:
            reason = "\(peer) closed the connection before the TLS handshake finished"
        default:
            reason = "the TLS connection with \(peer) is closed"
        }
        return TLSHandlerError(code, reason, cause: engineError)
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Adds an `OpenSSLTLSHandler` made from `context` as the first handler of the pipeline.
    /// - Throws: `CryptoError` if the engine cannot be made, or the pipeline's error.
    public func addOpenSSLTLS(
        context: TLSContext,
        serverName: String? = nil,
        handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout
    ) throws {
        let handler = try OpenSSLTLSHandler(
            context: context,
            serverName: serverName,
            handshakeTimeout: handshakeTimeout
        )
        try addHandler(handler, position: .first)
    }
}
