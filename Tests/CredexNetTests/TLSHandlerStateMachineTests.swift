import CredexNet
import Testing

/// The handler's logic without NIO.
@Suite struct TLSHandlerStateMachineTests {
    typealias Machine = TLSHandlerStateMachine

    /// A machine that has finished the handshake.
    static func active() -> Machine {
        var machine = Machine(isClient: true)
        _ = machine.channelActive()
        _ = machine.engineProgressed(.established(peerNodeID: "node-a", alpn: "credex/1"))
        return machine
    }

    @Test func activationStartsTheHandshakeOnce() {
        var machine = Machine(isClient: true)
        #expect(machine.state == .idle)
        #expect(machine.bytesReceived() == [])
        #expect(machine.channelActive() == [.scheduleHandshakeTimeout, .advanceEngine])
        #expect(machine.state == .handshaking)
        #expect(machine.channelActive() == [])
        #expect(machine.bytesReceived() == [.advanceEngine])
        #expect(machine.engineProgressed(.handshaking) == [.sendCiphertext])
        #expect(machine.flushRequested() == [])
    }

    @Test func establishingFiresTheEventAndSendsBufferedWrites() {
        var machine = Machine(isClient: false)
        _ = machine.channelActive()
        #expect(machine.writeRequested(byteCount: 10) == [.bufferWrite])
        #expect(machine.bufferedBytes == 10)
        #expect(
            machine.engineProgressed(.established(peerNodeID: "node-b", alpn: nil)) == [
                .cancelHandshakeTimeout, .fireHandshakeCompleted(peerNodeID: "node-b", alpn: nil),
                .encryptBufferedWrites, .sendCiphertext, .deliverPlaintext,
            ]
        )
        #expect(machine.state == .active)
        #expect(machine.writeRequested(byteCount: 5) == [.bufferWrite])
        #expect(machine.flushRequested() == [.encryptBufferedWrites])
        #expect(
            machine.engineProgressed(.established(peerNodeID: "node-b", alpn: nil)) == [
                .deliverPlaintext, .sendCiphertext,
            ]
        )
        #expect(machine.handshakeTimedOut() == [])
    }

    @Test func bufferLimitFailsTheConnection() {
        var machine = Machine(isClient: true, maxBufferedBytes: 100)
        _ = machine.channelActive()
        #expect(machine.writeRequested(byteCount: 100) == [.bufferWrite])
        #expect(machine.writeRequested(byteCount: 1) == [.cancelHandshakeTimeout, .fail(.bufferLimitExceeded)])
        #expect(machine.state == .failed)
        #expect(machine.writeRequested(byteCount: 1) == [.failWrite(.writeAfterClose)])
    }

    @Test func tooMuchWaitingPlaintextFailsAnActiveConnection() {
        var machine = Machine(isClient: true, maxBufferedBytes: 100)
        _ = machine.channelActive()
        _ = machine.engineProgressed(.established(peerNodeID: nil, alpn: nil))
        #expect(machine.writeRequested(byteCount: 60) == [.bufferWrite])
        #expect(machine.writeRequested(byteCount: 500) == [.bufferWrite])  // one write may pass the limit
        machine.bufferedBytesLeft(500)  // encrypted
        #expect(machine.bufferedBytes == 60)
        #expect(machine.writeRequested(byteCount: 40) == [.bufferWrite])
        #expect(machine.writeRequested(byteCount: 1) == [.fail(.bufferLimitExceeded)])
        #expect(machine.state == .failed)
    }

    @Test func timeoutFailsOnlyWhileHandshaking() {
        var machine = Machine(isClient: true)
        #expect(machine.handshakeTimedOut() == [])
        _ = machine.channelActive()
        #expect(machine.handshakeTimedOut() == [.fail(.handshakeTimeout)])
        #expect(machine.state == .failed)
        #expect(machine.bytesReceived() == [])
        #expect(machine.engineFailed() == [])
    }

    @Test func engineErrorsFailWithTheRightCode() {
        var handshaking = Machine(isClient: false)
        _ = handshaking.channelActive()
        #expect(handshaking.engineFailed() == [.cancelHandshakeTimeout, .fail(.handshakeFailed)])
        var active = Self.active()
        #expect(active.engineFailed() == [.fail(.connectionFailed)])
        #expect(active.state == .failed)
    }

    @Test func closeSendsCloseNotifyWhenActive() {
        var machine = Self.active()
        #expect(machine.closeRequested() == [.queueCloseNotify, .sendCiphertext, .closeChannel])
        #expect(machine.state == .closing)
        #expect(machine.writeRequested(byteCount: 1) == [.failWrite(.writeAfterClose)])
        #expect(machine.engineProgressed(.peerClosed) == [.deliverPlaintext])
        #expect(machine.channelInactive() == [])
        #expect(machine.state == .closed)

        var handshaking = Machine(isClient: true)
        _ = handshaking.channelActive()
        #expect(handshaking.closeRequested() == [.cancelHandshakeTimeout, .closeChannel])
        #expect(handshaking.state == .closed)
    }

    @Test func peerCloseNotifyIsAnsweredAndCloses() {
        var machine = Self.active()
        #expect(
            machine.engineProgressed(.peerClosed) == [
                .deliverPlaintext, .queueCloseNotify, .sendCiphertext, .closeChannel,
            ]
        )
        #expect(machine.state == .closed)
        #expect(machine.bytesReceived() == [])
    }

    @Test func disconnectDuringTheHandshakeIsAnError() {
        var machine = Machine(isClient: true)
        _ = machine.channelActive()
        #expect(machine.channelInactive() == [.cancelHandshakeTimeout, .fail(.unexpectedClose)])
        #expect(machine.state == .failed)
        var active = Self.active()
        #expect(active.channelInactive() == [])
        #expect(active.state == .closed)
    }
}
