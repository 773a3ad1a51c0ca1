import CredexCrypto
import NIOCore

/// TLS 1.3 over a channel through a `TLSEngine` (the system OpenSSL), as the first handler in the
/// pipeline: ciphertext below, plaintext above.
///
/// A client sends its ClientHello when the channel becomes active. Writes made before the handshake
/// is done are kept (up to `maxBufferedBytes`) and sent after it; once it is done the handler fires
/// `TLSHandshakeCompleted`. `close(mode: .all)` sends `close_notify` before closing; the peer's
/// `close_notify` is answered and the channel closed. Every engine failure, a handshake timeout or
/// too much early plaintext is fired as `errorCaught` with a `TLSHandlerError`, then the channel is
/// closed once the engine's fatal alert is flushed.
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
    /// The largest ciphertext or plaintext buffer passed along the pipeline at once.
    public static let chunkSize = 65_536

    private let engine: TLSEngine
    private var machine: TLSHandlerStateMachine
    private let handshakeTimeout: TimeAmount
    private var timeout: Scheduled<Void>?
    /// Writes made before the handshake was done.
    private var buffered: [(buffer: ByteBuffer, promise: EventLoopPromise<Void>?)] = []
    /// Promises of encrypted writes whose ciphertext has not been written yet.
    private var unsentPromises: [EventLoopPromise<Void>] = []
    /// The last ciphertext write, to close only after it is flushed.
    private var lastWrite: EventLoopFuture<Void>?
    private var closePromise: EventLoopPromise<Void>?
    private var closeStarted = false
    private var engineError: CryptoError?
    private var peer = "unknown peer"

    /// A handler for one connection made from `context`; a client sends `serverName` as SNI.
    /// - Throws: `CryptoError` if the engine cannot be made.
    public init(
        context: TLSContext,
        serverName: String?,
        handshakeTimeout: TimeAmount = OpenSSLTLSHandler.defaultHandshakeTimeout,
        maxBufferedBytes: Int = 1 << 20
    ) throws {
        engine = try TLSEngine(context: context, serverName: serverName)
        machine = TLSHandlerStateMachine(isClient: context.role == .client, maxBufferedBytes: maxBufferedBytes)
        self.handshakeTimeout = handshakeTimeout
    }

    /// Where the connection is.
    public var state: TLSHandlerStateMachine.State { machine.state }

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
        if context.channel.isWritable && engine.pendingCiphertext > 0 { sendCiphertext(context: context) }
        context.fireChannelWritabilityChanged()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        for action in machine.writeRequested(byteCount: buffer.readableBytes) {
            switch action {
            case .bufferWrite:
                buffered.append((buffer, promise))
            case .encryptWrite:
                encrypt(buffer, promise: promise, context: context)
            case .failWrite(let code), .fail(let code):
                promise?.fail(error(code))
                perform([action], context: context)
            default:
                perform([action], context: context)
            }
        }
    }

    public func flush(context: ChannelHandlerContext) {
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
            case .bufferWrite, .encryptWrite, .failWrite:
                break  // handled by `write`, which has the buffer and promise
            case .encryptBufferedWrites:
                let writes = buffered
                buffered = []
                for write in writes { encrypt(write.buffer, promise: write.promise, context: context) }
            case .fireHandshakeCompleted(let peerNodeID, let alpn):
                context.fireUserInboundEventTriggered(TLSHandshakeCompleted(peerNodeID: peerNodeID, alpn: alpn))
            case .queueCloseNotify:
                engine.close()
            case .closeChannel:
                closeChannel(context: context)
            case .fail(let code):
                let error = error(code)
                failWrites(error)
                sendCiphertext(context: context)
                context.fireErrorCaught(error)
                closeChannel(context: context)
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

    private func encrypt(_ buffer: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        do {
            try engine.writePlaintext(Array(buffer.readableBytesView))
            if let promise { unsentPromises.append(promise) }
        } catch {
            promise?.fail(TLSHandlerError(.connectionFailed, "cannot write to \(peer)", cause: error as? CryptoError))
            fail(error, context: context)
        }
    }

    /// Writes the engine's ciphertext in chunks and flushes, stopping while the channel is not
    /// writable (`channelWritabilityChanged` resumes).
    private func sendCiphertext(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        while engine.pendingCiphertext > 0 {
            let bytes = engine.drainCiphertext(maxBytes: Self.chunkSize)
            guard !bytes.isEmpty else { break }
            let promise = context.eventLoop.makePromise(of: Void.self)
            if engine.pendingCiphertext == 0 {
                for waiting in unsentPromises { promise.futureResult.cascade(to: waiting) }
                unsentPromises = []
            }
            lastWrite = promise.futureResult
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: promise)
            if !context.channel.isWritable { break }
        }
        if engine.pendingCiphertext == 0 {
            for waiting in unsentPromises { waiting.succeed() }
            unsentPromises = []
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

    /// Closes the channel once the last ciphertext write is done.
    private func closeChannel(context: ChannelHandlerContext) {
        let requested = closePromise
        closePromise = nil
        guard !closeStarted else {
            if let requested { context.close(promise: requested) }
            return
        }
        closeStarted = true
        let promise = requested ?? context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure { _ in }  // a close of an already closed channel is fine
        guard let lastWrite else {
            context.close(promise: promise)
            return
        }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lastWrite.whenComplete { _ in bound.value.close(promise: promise) }
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        engineError = error as? CryptoError
        perform(machine.engineFailed(), context: context)
    }

    private func failWrites(_ error: TLSHandlerError) {
        let writes = buffered
        buffered = []
        for write in writes { write.promise?.fail(error) }
        let promises = unsentPromises
        unsentPromises = []
        for promise in promises { promise.fail(error) }
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
                "more than \(machine.maxBufferedBytes) bytes were written to \(peer) before the TLS handshake finished"
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
