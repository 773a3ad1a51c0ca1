import Foundation

extension Ed25519PrivateKey {
    /// Reads a PKCS#8 PEM key file, refusing a file that group or others can read or write (error
    /// names the file and says: run `chmod 600 <path>`) and a path that is not a regular file.
    public convenience init(contentsOf url: URL) throws {
        let path = url.path
        try self.init(pemRepresentation: KeyFile.readText(at: path), source: "key file \(path)")
    }

    /// Writes the key as PKCS#8 PEM with mode 0600, created exclusively (never overwrites an
    /// existing file; error if it exists), fsync'd.
    public func write(to url: URL) throws {
        try KeyFile.create(url.path, containing: pemRepresentation)
    }
}
