// swift-tools-version: 6.0
import PackageDescription

/// The test-only fault hooks (`STEWARD_FAULT_WEDGE`) are compiled into debug builds, which the
/// tests run, and into the end-to-end test's release build (`-Xswiftc -DSTEWARD_FAULT_HOOKS`),
/// never into a production build.
let faultHooks: [SwiftSetting] = [.define("STEWARD_FAULT_HOOKS", .when(configuration: .debug))]

let package = Package(
    name: "steward",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "steward", targets: ["steward"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // System-library shims: no logic.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        // The spec model, validation and redaction. No network, no disk beyond reading the file.
        .target(name: "StewardSpec", dependencies: [
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // libpq, quoting, dialects, catalog observation, the planner.
        .target(name: "StewardWarehouse", dependencies: [
            "CLibPQ", "StewardSpec",
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["Dialect/REDSHIFT.md"]),
        // SQLite records, transitions, secret files, the state-directory lock; the shared
        // PostgreSQL store (`Shared/`) over the warehouse's libpq layer, with its sealed secrets.
        .target(name: "StewardStore", dependencies: [
            "StewardSpec", "StewardWarehouse",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Watcher, work queue, backoff, the reconcile loop and the status lifecycle.
        .target(name: "StewardReconciler", dependencies: [
            "StewardSpec", "StewardWarehouse", "StewardStore", "StewardFederation",
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: faultHooks),
        // sd_notify, watchdog, journald.
        .target(name: "StewardSystemd", dependencies: [
            "CSystemd",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The seed's /integrations HTTP API, served inside the daemon: a second door into the spec folder.
        .target(name: "StewardAPI", dependencies: [
            "StewardSpec", "StewardWarehouse", "StewardStore", "StewardReconciler",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.embedInCode("Resources/openapi.json")]),
        // A small strict XML reader (AWS Query API answers, SAML assertions). No dependencies, so
        // that the fuzz package builds it alone.
        .target(name: "StewardXML"),
        // Okta federated login to Redshift: Okta, SAML, STS, GetClusterCredentials over
        // AsyncHTTPClient.
        .target(name: "StewardFederation", dependencies: [
            "StewardSpec", "StewardXML",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "steward", dependencies: [
            "StewardSpec", "StewardWarehouse", "StewardStore", "StewardReconciler", "StewardSystemd", "StewardAPI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: faultHooks),

        // A real PostgreSQL for tests: initdb + pg_ctl in a temporary folder.
        .target(name: "StewardTestSupport", dependencies: ["StewardWarehouse", "StewardSpec"], path: "Tests/StewardTestSupport"),

        .testTarget(name: "StewardSpecTests", dependencies: ["StewardSpec", "StewardTestSupport"]),
        .testTarget(name: "StewardWarehouseTests", dependencies: ["StewardWarehouse", "StewardTestSupport"], exclude: ["Golden"]),
        // Both stores: the behavioural suites run on SQLite and on PostgreSQL (`StoreBackend`,
        // one fresh database per test on a real server); `Shared/` holds what only the shared
        // store does (fencing, leases, its migrations and connections).
        .testTarget(name: "StewardStoreTests", dependencies: [
            "StewardStore", "StewardTestSupport", "StewardWarehouse", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "StewardReconcilerTests", dependencies: ["StewardReconciler", "StewardStore", "StewardSpec", "StewardTestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "StewardCLITests", dependencies: ["StewardTestSupport", "StewardStore", "StewardSpec", "StewardWarehouse"]),
        // Fault injection: kill -9 loops, warehouse outages, a cutting proxy, a full or read-only
        // state directory, a vanished spec folder, daemons sharing a store losing their leader;
        // invariants checked in the catalog, SQLite and the shared store (StewardSpec: the
        // lifecycle graph that transitions must follow).
        .testTarget(name: "StewardFaultTests", dependencies: [
            "StewardTestSupport", "StewardWarehouse", "StewardSpec", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "StewardAPITests", dependencies: [
            "StewardAPI", "StewardTestSupport", "StewardStore", "StewardReconciler", "StewardSpec",
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "StewardFederationTests", dependencies: ["StewardFederation", "StewardTestSupport"]),
        .testTarget(name: "StewardXMLTests", dependencies: ["StewardXML"]),
        .testTarget(name: "StewardSystemdTests", dependencies: ["StewardSystemd", "StewardTestSupport", .product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v6]
)
