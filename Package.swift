// swift-tools-version:6.1
import PackageDescription

/// Our own targets build in Swift 6 mode with warnings as errors; dependencies do not.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "Credex",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "credex", targets: ["credex"]),
        .library(name: "CredexCore", targets: ["CredexCore"]),
        .library(name: "CredexStore", targets: ["CredexStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-structured-headers", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // Without its default traits, so no swift-configuration; never HummingbirdTLS, which brings a second TLS library.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
    ],
    targets: [
        // The system OpenSSL (libssl, libcrypto) and static inline shims for its macros.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // The system zlib, for the GZIP of W3C Bitstring Status Lists.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Keys, signatures, hashes, X.509: the only module that touches OpenSSL.
        .target(name: "CredexCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        // Strict JSON and RFC 8785 canonical serialisation.
        .target(name: "CredexJSON", swiftSettings: strict),
        // Records, the canonical credential model, personal parts, W3C Data Integrity.
        .target(name: "CredexCore", dependencies: ["CredexCrypto", "CredexJSON"], swiftSettings: strict),
        // The federation's trust list: its signed log, governance by k of n admins, and the one
        // place every trust question is answered, by log position.
        .target(
            name: "CredexTrust",
            dependencies: ["CredexCore", "CredexCrypto", "CredexJSON"],
            swiftSettings: strict
        ),
        // Translation between credential formats and the canonical model, with crosswalks as data.
        .target(
            name: "CredexMapping",
            dependencies: ["CredexCore", "CredexJSON", "CredexCrypto", "CZlib"],
            resources: [.copy("Frameworks")],
            swiftSettings: strict
        ),
        // The Lisbon Recognition Convention report on a credential: a pure function of records and crosswalks.
        .target(
            name: "CredexRecognition",
            dependencies: ["CredexCore", "CredexMapping", "CredexTrust", "CredexJSON"],
            swiftSettings: strict
        ),
        // Replication between peers: the wire's frames and heads, and the engine that pulls,
        // verifies and appends what a peer holds.
        .target(
            name: "CredexReplication",
            dependencies: [
                "CredexCore", "CredexStore", "CredexTrust", "CredexCrypto", "CredexJSON",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The SQLite store: hash-chained logs per issuer, personal parts, full-text search.
        .target(
            name: "CredexStore",
            dependencies: ["CredexCore", "CredexCrypto", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The network: the NIO TLS handler over the OpenSSL engine, its Hummingbird child channel,
        // the HTTP/1.1 client, signed requests and responses.
        .target(
            name: "CredexNet",
            dependencies: [
                "CredexCrypto",
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "StructuredFieldValues", package: "swift-http-structured-headers"),
            ],
            swiftSettings: strict
        ),
        // Officers' sign-in: bearer tokens with roles, web sessions, the hash-chained audit log.
        .target(
            name: "CredexAccess",
            dependencies: ["CredexCore", "CredexCrypto", "CredexJSON", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // A node on disk and at run time: directory, lock, admin socket, issuing.
        .target(
            name: "CredexNode",
            dependencies: [
                "CredexAccess",
                "CredexAPI",
                "CredexStore",
                "CredexJSON",
                "CredexMapping",
                "CredexReplication",
                "CredexNet",
                "CredexTrust",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Verification as a list of checks, each pass, fail or unknown with its reason and evidence.
        .target(
            name: "CredexVerification",
            dependencies: ["CredexCore", "CredexStore", "CredexTrust", "CredexMapping", "CredexJSON", "CredexCrypto"],
            swiftSettings: strict
        ),
        // The officers' HTTP API on the API port: search, records, recognition, the federation view.
        .target(
            name: "CredexAPI",
            dependencies: [
                "CredexAccess",
                "CredexCore",
                "CredexJSON",
                "CredexMapping",
                "CredexRecognition",
                "CredexReplication",
                "CredexStore",
                "CredexTrust",
                "CredexVerification",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Pages/Templates"), .copy("Pages/Strings")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "credex",
            dependencies: [
                "CredexAccess",
                "CredexNode",
                "CredexVerification",
                "CredexNet",
                "CredexJSON",
                "CredexMapping",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Fixtures and helpers shared by every test target.
        .target(
            name: "CredexTesting",
            dependencies: ["CredexCore", "CredexJSON", "CredexTrust"],
            swiftSettings: strict
        ),
        .testTarget(name: "CredexCryptoTests", dependencies: ["CredexCrypto", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexJSONTests", dependencies: ["CredexJSON", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexCoreTests", dependencies: ["CredexCore", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexTrustTests", dependencies: ["CredexTrust", "CredexTesting"], swiftSettings: strict),
        .testTarget(
            name: "CredexMappingTests",
            dependencies: ["CredexMapping", "CredexTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CredexRecognitionTests",
            dependencies: ["CredexRecognition", "CredexTesting"],
            swiftSettings: strict
        ),
        .testTarget(name: "CredexStoreTests", dependencies: ["CredexStore", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexAccessTests", dependencies: ["CredexAccess", "CredexTesting"], swiftSettings: strict),
        .testTarget(
            name: "CredexReplicationTests",
            dependencies: [
                "CredexReplication", "CredexTesting", "CredexCore", "CredexCrypto", "CredexStore", "CredexTrust",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CredexNetTests",
            dependencies: [
                "CredexNet", "CredexTesting",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CredexNodeTests",
            dependencies: ["CredexNode", "CredexNet", "CredexStore", "CredexTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CredexVerificationTests",
            dependencies: ["CredexVerification", "CredexTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CredexAPITests",
            dependencies: [
                "CredexAPI", "CredexAccess", "CredexTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CredexCLITests",
            dependencies: ["CredexNode", "CredexNet", "CredexMapping", "CredexTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
