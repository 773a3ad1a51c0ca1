import Foundation

/// A throwaway certificate authority made with the `openssl` command line tool: P-256 keys, a root,
/// intermediates and leaf certificates, as PEM.
struct TestPKI {
    /// A certificate and its private key.
    struct Issued {
        let certificatePEM: String
        let privateKeyPEM: String
        fileprivate let certificateFile: URL
        fileprivate let keyFile: URL
    }

    struct ToolFailed: Error, CustomStringConvertible {
        let description: String
    }

    private let directory: URL
    private var count = 0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("credex-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Removes the working files.
    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A self-signed root CA.
    mutating func root(_ commonName: String) throws -> Issued {
        let (key, certificate) = files()
        try run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key.path, "-out", certificate.path, "-subj", "/CN=\(commonName)", "-days", "3650",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        return try load(key, certificate)
    }

    /// An intermediate CA issued by `issuer`.
    mutating func intermediate(_ commonName: String, issuer: Issued) throws -> Issued {
        try issue(
            commonName,
            extensions: "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n",
            days: 3650,
            issuer: issuer
        )
    }

    /// A TLS server certificate for `host` issued by `issuer`; `days: -1` makes one that has expired.
    mutating func leaf(host: String, issuer: Issued, days: Int = 30) throws -> Issued {
        try issue(
            host,
            extensions: "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:\(host)\n",
            days: days,
            issuer: issuer
        )
    }

    private mutating func issue(_ commonName: String, extensions: String, days: Int, issuer: Issued) throws -> Issued {
        let (key, certificate) = files()
        let request = certificate.appendingPathExtension("csr")
        let extensionFile = certificate.appendingPathExtension("ext")
        try Data(extensions.utf8).write(to: extensionFile)
        try run([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key.path, "-out", request.path, "-subj", "/CN=\(commonName)",
        ])
        try run([
            "x509", "-req", "-in", request.path, "-CA", issuer.certificateFile.path, "-CAkey", issuer.keyFile.path,
            "-days", String(days), "-extfile", extensionFile.path, "-out", certificate.path,
        ])
        return try load(key, certificate)
    }

    private mutating func files() -> (key: URL, certificate: URL) {
        count += 1
        return (directory.appendingPathComponent("\(count).key"), directory.appendingPathComponent("\(count).pem"))
    }

    private func load(_ key: URL, _ certificate: URL) throws -> Issued {
        Issued(
            certificatePEM: try String(contentsOf: certificate, encoding: .utf8),
            privateKeyPEM: try String(contentsOf: key, encoding: .utf8),
            certificateFile: certificate,
            keyFile: key
        )
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(
                description: "openssl \(arguments[0]) failed: \(String(decoding: message, as: UTF8.self))"
            )
        }
    }
}
