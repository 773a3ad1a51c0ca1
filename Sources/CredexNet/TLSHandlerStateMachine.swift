/// The logic of `OpenSSLTLSHandler` without I/O: events in, actions out.
///
/// The handler owns the `TLSEngine` and performs the actions in order; the machine decides what
/// happens in each state and counts the plaintext that waits in the handler: written before the
/// handshake finished, or not yet encrypted because the channel is not writable.
public struct TLSHandlerStateMachine: Sendable {
    /// Where the connection is.
    public enum State: Sendable, Hashable {
        /// The channel is not active yet.
        case idle
        /// The handshake is under way.
        case handshaking
        /// The handshake is done; data flows.
        case active
        /// We sent `close_notify` and are closing the channel.
        case closing
        /// The channel is closed (or closing after the peer's `close_notify`).
        case closed
        /// The connection failed; the channel is closing.
        case failed
    }

    /// What the handler must do, in order.
    public enum Action: Sendable, Equatable {
        /// Start the handshake timer.
        case scheduleHandshakeTimeout
        /// Cancel the handshake timer.
        case cancelHandshakeTimeout
        /// Drive the engine (`advance`) and report its progress with `engineProgressed`.
        case advanceEngine
        /// Send the engine's ciphertext to the network.
        case sendCiphertext
        /// Read the engine's plaintext and pass it up the pipeline.
        case deliverPlaintext
        /// Keep a write until it is flushed, the handshake is done and the channel has room.
        case bufferWrite
        /// Encrypt and send the flushed writes while the channel is writable.
        case encryptBufferedWrites
        /// Fail a write with this error (the connection goes on).
        case failWrite(TLSHandlerError.Code)
        /// Fire `TLSHandshakeCompleted`.
        case fireHandshakeCompleted(peerNodeID: String?, alpn: String?)
        /// Queue our `close_notify` in the engine.
        case queueCloseNotify
        /// Close the channel once what was sent is flushed.
        case closeChannel
        /// Fire `errorCaught` with this error, fail buffered writes, then close the channel once the
        /// engine's alert is flushed.
        case fail(TLSHandlerError.Code)
    }

    /// What the engine reported after `advance`.
    public enum EngineProgress: Sendable, Equatable {
        /// Still handshaking.
        case handshaking
        /// Established with this peer and protocol.
        case established(peerNodeID: String?, alpn: String?)
        /// The peer sent `close_notify`.
        case peerClosed
    }

    /// The current state.
    public private(set) var state: State = .idle
    /// Plaintext bytes written and not yet encrypted.
    public private(set) var bufferedBytes = 0
    /// A write is refused (and the connection failed) once this much plaintext waits, so an
    /// application that ignores `isWritable` holds at most this plus one write.
    public let maxBufferedBytes: Int
    /// Whether the client or server side of the handshake runs here.
    public let isClient: Bool

    /// A machine in state `idle`.
    public init(isClient: Bool, maxBufferedBytes: Int = 1 << 20) {
        self.isClient = isClient
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// The channel became active (or the handler was added to an active channel).
    public mutating func channelActive() -> [Action] {
        guard state == .idle else { return [] }
        state = .handshaking
        return [.scheduleHandshakeTimeout, .advanceEngine]
    }

    /// Ciphertext arrived: feed it, then drive the engine.
    public mutating func bytesReceived() -> [Action] {
        switch state {
        case .handshaking, .active, .closing: return [.advanceEngine]
        case .idle, .closed, .failed: return []
        }
    }

    /// The engine's progress after `advance`.
    public mutating func engineProgressed(_ progress: EngineProgress) -> [Action] {
        switch (state, progress) {
        case (.handshaking, .handshaking):
            return [.sendCiphertext]
        case (.handshaking, .established(let peer, let alpn)):
            state = .active
            return [
                .cancelHandshakeTimeout, .fireHandshakeCompleted(peerNodeID: peer, alpn: alpn),
                .encryptBufferedWrites, .sendCiphertext, .deliverPlaintext,
            ]
        case (.active, .established), (.active, .handshaking), (.closing, .established), (.closing, .handshaking):
            return [.deliverPlaintext, .sendCiphertext]
        case (.handshaking, .peerClosed):
            state = .failed
            return [.cancelHandshakeTimeout, .fail(.unexpectedClose)]
        case (.active, .peerClosed):
            state = .closed
            return [.deliverPlaintext, .queueCloseNotify, .sendCiphertext, .closeChannel]
        case (.closing, .peerClosed):
            return [.deliverPlaintext]
        case (.idle, _), (.closed, _), (.failed, _):
            return []
        }
    }

    /// The application wrote `byteCount` bytes of plaintext.
    public mutating func writeRequested(byteCount: Int) -> [Action] {
        switch state {
        case .idle, .handshaking, .active:
            guard bufferedBytes < maxBufferedBytes || byteCount == 0 else {
                let cancel: [Action] = state == .handshaking ? [.cancelHandshakeTimeout] : []
                state = .failed
                return cancel + [.fail(.bufferLimitExceeded)]
            }
            bufferedBytes += byteCount
            return [.bufferWrite]
        case .closing, .closed, .failed:
            return [.failWrite(.writeAfterClose)]
        }
    }

    /// `byteCount` bytes of buffered plaintext were encrypted or dropped.
    public mutating func bufferedBytesLeft(_ byteCount: Int) {
        bufferedBytes -= byteCount
    }

    /// The application flushed, or the channel became writable again.
    public mutating func flushRequested() -> [Action] {
        state == .active ? [.encryptBufferedWrites] : []
    }

    /// The application asked to close the channel.
    public mutating func closeRequested() -> [Action] {
        switch state {
        case .active:
            state = .closing
            return [.queueCloseNotify, .sendCiphertext, .closeChannel]
        case .idle, .handshaking:
            let wasHandshaking = state == .handshaking
            state = .closed
            return wasHandshaking ? [.cancelHandshakeTimeout, .closeChannel] : [.closeChannel]
        case .closing, .closed, .failed:
            return [.closeChannel]
        }
    }

    /// The handshake timer fired.
    public mutating func handshakeTimedOut() -> [Action] {
        guard state == .handshaking else { return [] }
        state = .failed
        return [.fail(.handshakeTimeout)]
    }

    /// The engine threw.
    public mutating func engineFailed() -> [Action] {
        switch state {
        case .idle, .handshaking:
            state = .failed
            return [.cancelHandshakeTimeout, .fail(.handshakeFailed)]
        case .active, .closing:
            state = .failed
            return [.fail(.connectionFailed)]
        case .closed, .failed:
            return []
        }
    }

    /// The channel became inactive.
    public mutating func channelInactive() -> [Action] {
        switch state {
        case .handshaking:
            state = .failed
            return [.cancelHandshakeTimeout, .fail(.unexpectedClose)]
        case .idle, .active, .closing:
            state = .closed
            return []
        case .closed, .failed:
            return []
        }
    }
}
