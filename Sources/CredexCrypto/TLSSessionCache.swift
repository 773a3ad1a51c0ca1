import COpenSSL
import Foundation

/// Owns one configured `SSL_CTX*`.
///
/// `@unchecked Sendable`: the context is fully configured before the handle is shared and never
/// modified afterwards; OpenSSL allows many threads to make `SSL` objects from one such `SSL_CTX`.
final class TLSContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { SSL_CTX_free(pointer) }
}

/// A value behind an `NSLock`.
///
/// `@unchecked Sendable`: every access to `value` goes through `withLock`.
final class TLSLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// A client context's newest session per server name; each session is offered at most once. The
/// context starts a new cache whenever its ticket keys or trust change.
///
/// `@unchecked Sendable`: the dictionary is only touched under the lock, and an `SSL_SESSION` is
/// reference counted with OpenSSL's own locking and used by one connection at a time once taken.
final class TLSSessionCache: @unchecked Sendable {
    private let sessions = TLSLocked<[String: OpaquePointer]>([:])

    deinit { removeAll() }

    /// Stores `session` (taking over one reference) for `key`, freeing any older one.
    func store(_ session: OpaquePointer, for key: String) {
        let old = sessions.withLock { $0.updateValue(session, forKey: key) }
        if let old { SSL_SESSION_free(old) }
    }

    /// Removes and returns the session for `key`; the caller owns one reference to it.
    func take(for key: String) -> OpaquePointer? {
        sessions.withLock { $0.removeValue(forKey: key) }
    }

    /// Frees every cached session.
    func removeAll() {
        let all = sessions.withLock { sessions in
            defer { sessions = [:] }
            return Array(sessions.values)
        }
        for session in all { SSL_SESSION_free(session) }
    }
}
