#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes secret key files with POSIX calls, so permissions are checked on the open file.
enum KeyFile {
    /// Key files are small; anything larger is not a key.
    static let maximumSize = 64 * 1024

    /// The text of the key file at `path`, refusing a file that is not regular or that group or
    /// others can read or write.
    static func readText(at path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw CryptoError(.keyFileIO, "cannot open key file \(path): \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CryptoError(.keyFileIO, "cannot stat key file \(path): \(errnoText())")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CryptoError(.keyFilePermissions, "key file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw CryptoError(
                .keyFilePermissions,
                "key file \(path) has mode 0\(String(mode, radix: 8)), so group or others can read or write it; "
                    + "run `chmod 600 \(path)`"
            )
        }
        guard info.st_size <= maximumSize else {
            throw CryptoError(.keyFileIO, "key file \(path) is larger than \(maximumSize) bytes")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw CryptoError(.keyFileIO, "cannot read key file \(path): \(errnoText())")
            }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= maximumSize else {
                throw CryptoError(.keyFileIO, "key file \(path) is larger than \(maximumSize) bytes")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Creates `path` with mode 0600 holding `text`, fsyncs it and its directory. Never overwrites:
    /// fails if anything exists at `path`. Removes the new file if a later step fails.
    static func create(_ path: String, containing text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw CryptoError(.keyFileExists, "key file \(path) already exists; refusing to overwrite it")
            }
            throw CryptoError(.keyFileIO, "cannot create key file \(path): \(errnoText())")
        }
        do {
            defer { close(fd) }
            guard fchmod(fd, 0o600) == 0 else {
                throw CryptoError(.keyFileIO, "cannot set mode 0600 on key file \(path): \(errnoText())")
            }
            var remaining = Array(text.utf8)[...]
            while !remaining.isEmpty {
                let count = remaining.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CryptoError(.keyFileIO, "cannot write key file \(path): \(errnoText())")
                }
                remaining = remaining.dropFirst(count)
            }
            guard fsync(fd) == 0 else { throw CryptoError(.keyFileIO, "cannot sync key file \(path): \(errnoText())") }
            try syncDirectory(containing: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Makes a new directory entry durable by syncing its directory.
    private static func syncDirectory(containing path: String) throws {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CryptoError(.keyFileIO, "cannot open directory of \(path): \(errnoText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw CryptoError(.keyFileIO, "cannot sync directory of \(path): \(errnoText())") }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
