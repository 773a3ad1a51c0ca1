import CredexCrypto
import CredexTesting
import Foundation
import Testing

@Suite struct KeyFileTests {
    @Test func writeThenReadBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("node.key")
        let key = Ed25519PrivateKey.generate()
        try key.write(to: url)

        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try Ed25519PrivateKey(contentsOf: url).publicKey == key.publicKey)
    }

    @Test func neverOverwrites() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("node.key")
        let first = Ed25519PrivateKey.generate()
        try first.write(to: url)

        let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey.generate().write(to: url) }
        #expect(error?.code == .keyFileExists)
        #expect(error?.reason.contains(url.path) == true)
        #expect(try Ed25519PrivateKey(contentsOf: url).publicKey == first.publicKey)
    }

    @Test func groupReadableFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("node.key")
        try Ed25519PrivateKey.generate().write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)

        let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey(contentsOf: url) }
        #expect(error?.code == .keyFilePermissions)
        #expect(error?.reason.contains("chmod 600 \(url.path)") == true)
        #expect(error?.description.contains("PRIVATE KEY") == false)
    }

    @Test func missingFileIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("absent.key")

        let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey(contentsOf: url) }
        #expect(error?.code == .keyFileIO)
        #expect(error?.reason.contains(url.path) == true)
        #expect(error?.reason.contains("No such file") == true)
    }

    @Test func directoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey(contentsOf: directory.url) }
        #expect(error?.code == .keyFilePermissions)
        #expect(error?.reason.contains("not a regular file") == true)
    }

    @Test func nonKeyContentNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("notes.key")
        #expect(
            FileManager.default.createFile(
                atPath: url.path,
                contents: Data("hello".utf8),
                attributes: [.posixPermissions: 0o600]
            )
        )

        let error = #expect(throws: CryptoError.self) { try Ed25519PrivateKey(contentsOf: url) }
        #expect(error?.code == .invalidKey)
        #expect(error?.reason.contains(url.path) == true)
    }
}
