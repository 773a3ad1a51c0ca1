import Foundation

extension TLSIdentity {
    /// Writes the private key (mode 0600, never overwriting) and the certificate (mode 0644).
    public func write(keyTo keyURL: URL, certificateTo certificateURL: URL) throws {
        try KeyFile.create(keyURL.path, containing: privateKeyPEM)
        do {
            try Data(certificatePEM.utf8).write(to: certificateURL, options: .withoutOverwriting)
        } catch {
            throw CryptoError(
                .keyFileIO,
                "cannot write certificate \(certificateURL.path): \(error.localizedDescription)"
            )
        }
    }

    /// Loads a key file (refused if group or others can read it) and its certificate file: the leaf
    /// certificate, optionally followed by intermediates (see `init(privateKeyPEM:certificatePEM:)`).
    public init(keyFile keyURL: URL, certificateFile certificateURL: URL) throws {
        let key = try KeyFile.readText(at: keyURL.path)
        guard let certificate = try? String(contentsOf: certificateURL, encoding: .utf8) else {
            throw CryptoError(.keyFileIO, "cannot read certificate \(certificateURL.path)")
        }
        try self.init(
            privateKeyPEM: key,
            certificatePEM: certificate,
            keyName: "TLS key file \(keyURL.path)",
            certificateName: "certificate file \(certificateURL.path)"
        )
    }
}
