// swift-tools-version:6.0
// A package outside sysshim's own targets that uses the SysShim product, the
// way another project would: proof that the product is usable by others.
import Foundation
import PackageDescription

// The sysshim checkout two levels up; a path dependency's identity is its
// directory name, which differs between clones, so it is computed.
let sysshimRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "SysShimClient",
    dependencies: [
        .package(path: sysshimRoot.path),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .executableTarget(
            name: "sysshim-client",
            dependencies: [
                .product(name: "SysShim", package: sysshimRoot.lastPathComponent),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
