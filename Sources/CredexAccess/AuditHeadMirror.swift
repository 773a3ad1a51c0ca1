import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A copy of the audit log's head (last seq and hash) kept where deleting the log's rows does not
/// reach, so a truncated tail is seen: the chain alone cannot tell a log cut short at entry 8
/// from one that only ever had 8 entries.
///
/// The mirror is advanced after each append commits, never moves back, and is checked by
/// `AuditLog.verify`: a log that ends before the mirror's seq has lost its tail; an entry at the
/// mirror's seq with another hash was altered. After a crash between the commit and the mirror's
/// write the mirror lags by one entry; the next append brings it level.
///
/// What it does not stop: someone who can write the node directory can delete or rewrite the
/// log and the mirror together. Against that, the head must also leave the machine: publish it in
/// the node's signed checkpoints, or send it to a peer (a later `AuditHeadMirror`).
public protocol AuditHeadMirror: Sendable {
    /// The mirrored head; nil if nothing was ever mirrored.
    func read() throws -> AuditHead?
    /// Moves the mirror to `head` if it is ahead of the mirrored one; never moves it back.
    func advance(to head: AuditHead) throws
}

/// The head mirror as a small JSON file beside the database (`audit-head.json`, mode 0600), replaced
/// atomically (write, fsync, rename) under an exclusive `flock` on `audit-head.lock`, so the
/// command line and a running node appending at once never move it back.
public struct FileAuditHeadMirror: AuditHeadMirror {
    public let url: URL
    private var lockURL: URL { url.deletingPathExtension().appendingPathExtension("lock") }

    public init(url: URL) { self.url = url }

    public func read() throws -> AuditHead? {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw AccessError(.headMirror, "cannot read the audit head mirror \(url.path)")
        }
        do {
            return try JSONDecoder().decode(AuditHead.self, from: data)
        } catch {
            throw AccessError(.headMirror, "the audit head mirror \(url.path) is not an audit head")
        }
    }

    public func advance(to head: AuditHead) throws {
        let lock = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw failure("cannot open \(lockURL.path)") }
        defer { Glibc.close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw failure("cannot lock \(lockURL.path)") }
        if let current = try read(), current.seq >= head.seq { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = [UInt8](try encoder.encode(head)) + [0x0A]
        let temporary = url.path + ".new"
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw failure("cannot write \(temporary)") }
        let written = bytes.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        let synced = fsync(file) == 0
        Glibc.close(file)
        guard written == bytes.count, synced else {
            unlink(temporary)
            throw failure("cannot write \(temporary)")
        }
        guard rename(temporary, url.path) == 0 else {
            unlink(temporary)
            throw failure("cannot replace \(url.path)")
        }
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            Glibc.close(directory)
        }
    }

    private func failure(_ what: String) -> AccessError {
        let code: AccessError.Code =
            errno == ENOSPC ? .diskFull : errno == EROFS || errno == EACCES ? .readOnly : .headMirror
        return AccessError(code, "\(what) (the audit head mirror): \(String(cString: strerror(errno)))")
    }
}

/// A head mirror in memory, for tests.
public final class MemoryAuditHeadMirror: AuditHeadMirror {
    private let head = Mutex<AuditHead?>(nil)

    public init(_ head: AuditHead? = nil) { self.head.withLock { $0 = head } }

    public func read() throws -> AuditHead? { head.withLock { $0 } }

    public func advance(to new: AuditHead) throws {
        head.withLock { current in
            if let existing = current, existing.seq >= new.seq { return }
            current = new
        }
    }

    /// Sets the mirror to anything, as a test that tampers with it would.
    public func overwrite(_ new: AuditHead?) { head.withLock { $0 = new } }
}
