import CredexCore
import CredexCrypto
import CredexStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A node's data directory: `node.json`, `keys/`, the SQLite database, `node.lock` and, while the
/// node runs, `admin.sock`. The directory is mode 0700: it holds keys and personal data.
public struct NodeDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url.standardizedFileURL }

    public var configurationURL: URL { url.appendingPathComponent("node.json") }
    public var lockURL: URL { url.appendingPathComponent("node.lock") }
    public var adminSocketURL: URL { url.appendingPathComponent("admin.sock") }

    public func configuration() throws -> NodeConfiguration { try NodeConfiguration.read(from: configurationURL) }

    public func file(_ relativePath: String) -> URL { url.appendingPathComponent(relativePath) }

    /// The record-signing key; refused if group or others can read it.
    public func signingKey(_ configuration: NodeConfiguration) throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(contentsOf: file(configuration.signingKey))
    }

    /// Opens the database; read-only while another process (a running node) holds the lock.
    public func openStore(_ configuration: NodeConfiguration, readOnly: Bool) throws -> SQLiteRecordStore {
        let databaseURL = file(configuration.database)
        guard FileManager.default.fileExists(atPath: databaseURL.path) else {
            throw NodeError(.directory, "no database at \(databaseURL.path): is \(url.path) a node directory?")
        }
        var options = SQLiteRecordStore.Options()
        options.readOnly = readOnly
        return try SQLiteRecordStore(at: databaseURL, options: options)
    }

    /// What `credex init` needs to know about the node.
    public struct Setup: Sendable {
        public var nodeID: NodeID
        public var federation: String
        public var name: LanguageMap
        public var country: CountryCode
        public var homepage: String?
        /// Host names for the TLS certificate.
        public var dnsNames: [String]
        /// The API port's public https URL (`NodeConfiguration.publicURL`).
        public var publicURL: String?

        public init(
            nodeID: NodeID,
            federation: String,
            name: LanguageMap,
            country: CountryCode,
            homepage: String? = nil,
            dnsNames: [String]
        ) {
            self.nodeID = nodeID
            self.federation = federation
            self.name = name
            self.country = country
            self.homepage = homepage
            self.dnsNames = dnsNames
        }
    }

    /// Creates a node directory: keys, certificate, configuration, database, and the node's
    /// self-declared issuer profile as the first record of its log.
    ///
    /// The directory is built beside its final place and renamed into it at the end, so a
    /// failed `init` (a full disk, say) leaves nothing behind and can simply be run again.
    @discardableResult
    public static func initialize(
        at url: URL,
        setup: Setup,
        now: @escaping @Sendable () -> Date = { Date() }
    )
        async throws -> (directory: NodeDirectory, profile: Record)
    {
        let target = NodeDirectory(url)
        let manager = FileManager.default
        if manager.fileExists(atPath: target.configurationURL.path) {
            throw NodeError(.directory, "\(url.path) already holds a node; choose another --dir")
        }
        if let entries = try? manager.contentsOfDirectory(atPath: target.url.path), !entries.isEmpty {
            throw NodeError(.directory, "\(url.path) is not empty; choose a new or empty --dir")
        }
        let parent = target.url.deletingLastPathComponent()
        let staging = NodeDirectory(
            parent.appendingPathComponent(".\(target.url.lastPathComponent).init-\(UUID().uuidString)")
        )
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            let profile = try await populate(staging, setup: setup, now: now)
            guard rename(staging.url.path, target.url.path) == 0 else {
                throw NodeError(
                    .directory,
                    "cannot move the new node into \(url.path): \(String(cString: strerror(errno)))"
                )
            }
            return (target, profile)
        } catch {
            try? manager.removeItem(at: staging.url)
            if let error = error as? NodeError { throw error }
            throw NodeError(.directory, "cannot create a node in \(url.path): \(error)", cause: error)
        }
    }

    /// Writes keys, certificate, database (mode 0600), first record and `node.json` into `directory`.
    private static func populate(
        _ directory: NodeDirectory,
        setup: Setup,
        now: @escaping @Sendable () -> Date
    )
        async throws -> Record
    {
        let manager = FileManager.default
        try manager.createDirectory(
            at: directory.file("keys"),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.url.path)
        guard let lock = try DirectoryLock.tryAcquire(directory.lockURL) else {
            throw NodeError(.locked, "another process is using \(directory.url.path)")
        }
        var configuration = NodeConfiguration(nodeID: setup.nodeID, federation: setup.federation)
        configuration.publicURL = setup.publicURL
        let signingKey = Ed25519PrivateKey.generate()
        try signingKey.write(to: directory.file(configuration.signingKey))
        let tls = try TLSIdentity.generate(
            commonName: setup.dnsNames.first ?? setup.nodeID.rawValue,
            dnsNames: setup.dnsNames,
            now: now()
        )
        try tls.write(
            keyTo: directory.file(configuration.tlsKey),
            certificateTo: directory.file(configuration.tlsCertificate)
        )
        // The database holds personal data: its file, and so its WAL, are readable by the owner only.
        let database = directory.file(configuration.database)
        guard manager.createFile(atPath: database.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw NodeError(.directory, "cannot create \(database.path)")
        }
        var options = SQLiteRecordStore.Options()
        options.now = now
        let issuing = IssuingService(
            store: try SQLiteRecordStore(at: database, options: options),
            key: signingKey,
            configuration: configuration,
            lock: lock,
            now: now
        )
        let profile = IssuerProfile(
            name: setup.name,
            country: setup.country,
            url: setup.homepage,
            signingKeys: [KeyID(signingKey.publicKey)]
        )
        let record = try await issuing.issue(kind: .issuer, body: try JSONValueEncoder().encode(profile))
        try configuration.encoded().write(to: directory.configurationURL, options: .withoutOverwriting)
        return record
    }
}
