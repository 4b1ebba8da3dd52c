// swift-tools-version: 6.0
// libFuzzer targets for Steward, built from the main package's sources (symbolic links under
// Sources/) so that `swift build` of the main package is unaffected. Build and run with run.sh.
import PackageDescription

let package = Package(
    name: "steward-fuzz",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq"),
        .target(name: "StewardSpec", dependencies: [
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "StewardWarehouse", dependencies: [
            "CLibPQ", "StewardSpec", .product(name: "Logging", package: "swift-log"),
        ], exclude: ["Dialect/REDSHIFT.md"]),
        .target(name: "StewardXML"),
        .executableTarget(name: "FuzzSpecParser", dependencies: ["StewardSpec", "StewardWarehouse"],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(name: "FuzzSQLQuoting", dependencies: ["StewardWarehouse"],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(name: "FuzzXMLReader", dependencies: ["StewardXML"],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)
