// swift-tools-version:6.0
// The Swift binding's cost per call, for `make bench`: a loop of
// FileDescriptor.releaseProcessMemory() on a descriptor that is not a
// process (EBADF), built in release mode against the SysShim product.
import Foundation
import PackageDescription

let sysshimRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "SwiftWrapperCost",
    dependencies: [
        .package(path: sysshimRoot.path),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .executableTarget(
            name: "wrapper-cost",
            dependencies: [
                .product(name: "SysShim", package: sysshimRoot.lastPathComponent),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
