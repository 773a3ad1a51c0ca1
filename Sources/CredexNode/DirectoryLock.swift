import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on a node directory's `node.lock`: only its holder writes the
/// database. The kernel releases it when the process dies, so a killed node never leaves it stale.
public final class DirectoryLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock, or returns nil when another process holds it.
    public static func tryAcquire(_ url: URL) throws -> DirectoryLock? {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw NodeError(.directory, "cannot open the lock file \(url.path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(descriptor)
            if reason == EWOULDBLOCK { return nil }
            throw NodeError(.directory, "cannot lock \(url.path): \(String(cString: strerror(reason)))")
        }
        return DirectoryLock(descriptor: descriptor)
    }

    /// How long a command waits for another short command to release the lock.
    public static let patience: Duration = .seconds(2)

    /// Takes the lock, waiting up to `patience` for a short-lived holder (another command) to
    /// finish; nil if it is still held then (a running node holds it for good).
    public static func acquire(_ url: URL, waiting patience: Duration) throws -> DirectoryLock? {
        let deadline = ContinuousClock.now + patience
        while true {
            if let lock = try tryAcquire(url) { return lock }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(20_000)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
