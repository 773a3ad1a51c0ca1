/// The logic of `OpenSSLTLSHandler` without I/O: events in, actions out.
///
/// The handler owns the `TLSEngine` and performs the actions in order; the machine decides what
/// happens in each state and keeps the count of plaintext written before the handshake finished.
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
        /// Keep a write until the handshake is done.
        case bufferWrite
        /// Encrypt a write now.
        case encryptWrite
        /// Encrypt the writes kept during the handshake.
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
    /// Plaintext bytes written before the handshake finished.
    public private(set) var bufferedBytes = 0
    /// The most plaintext that may wait for the handshake.
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
        case .idle, .handshaking:
            guard bufferedBytes + byteCount <= maxBufferedBytes else {
                if state == .idle {
                    state = .failed
                    return [.fail(.bufferLimitExceeded)]
                }
                state = .failed
                return [.cancelHandshakeTimeout, .fail(.bufferLimitExceeded)]
            }
            bufferedBytes += byteCount
            return [.bufferWrite]
        case .active:
            return [.encryptWrite]
        case .closing, .closed, .failed:
            return [.failWrite(.writeAfterClose)]
        }
    }

    /// The application flushed.
    public mutating func flushRequested() -> [Action] {
        state == .active ? [.sendCiphertext] : []
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
