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
    ],
    targets: [
        // The system OpenSSL (libssl, libcrypto) and static inline shims for its macros.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Keys, signatures, hashes, X.509: the only module that touches OpenSSL.
        .target(name: "CredexCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        // Strict JSON and RFC 8785 canonical serialisation.
        .target(name: "CredexJSON", swiftSettings: strict),
        // Records, the canonical credential model, personal parts, W3C Data Integrity.
        .target(name: "CredexCore", dependencies: ["CredexCrypto", "CredexJSON"], swiftSettings: strict),
        // The SQLite store: hash-chained logs per issuer, personal parts, full-text search.
        .target(
            name: "CredexStore",
            dependencies: ["CredexCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The network: the NIO channel handler that drives the OpenSSL TLS engine.
        .target(
            name: "CredexNet",
            dependencies: [
                "CredexCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "StructuredFieldValues", package: "swift-http-structured-headers"),
            ],
            swiftSettings: strict
        ),
        // A node on disk and at run time: directory, lock, admin socket, issuing.
        .target(
            name: "CredexNode",
            dependencies: [
                "CredexStore",
                "CredexJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "credex",
            dependencies: [
                "CredexNode",
                "CredexNet",
                "CredexJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Fixtures and helpers shared by every test target.
        .target(name: "CredexTesting", dependencies: ["CredexCore"], swiftSettings: strict),
        .testTarget(name: "CredexCryptoTests", dependencies: ["CredexCrypto", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexJSONTests", dependencies: ["CredexJSON", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexCoreTests", dependencies: ["CredexCore", "CredexTesting"], swiftSettings: strict),
        .testTarget(name: "CredexStoreTests", dependencies: ["CredexStore", "CredexTesting"], swiftSettings: strict),
        .testTarget(
            name: "CredexNetTests",
            dependencies: [
                "CredexNet", "CredexTesting",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CredexNodeTests", dependencies: ["CredexNode", "CredexTesting"], swiftSettings: strict),
        .testTarget(
            name: "CredexCLITests",
            dependencies: ["CredexNode", "CredexTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
