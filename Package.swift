// swift-tools-version:6.0
// The sysshim package: one declarative spec per Linux system call, rendered
// into a C shim, Swift bindings, a man page and live argument tests.
import Foundation
import PackageDescription

/// Debian's libclang-dev puts libclang's headers and library under /usr/lib/llvm-N
/// only (no pkg-config file); use the newest LLVM that has the C API's headers.
let llvmRoot: String = {
    let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? [])
        .filter { $0.hasPrefix("llvm-") && Int($0.dropFirst(5)) != nil }
        .filter { FileManager.default.fileExists(atPath: "/usr/lib/\($0)/include/clang-c/Index.h") }
        .sorted { Int($0.dropFirst(5))! > Int($1.dropFirst(5))! }
    return "/usr/lib/" + (candidates.first ?? "llvm-14")
}()

let package = Package(
    name: "sysshim",
    products: [
        .executable(name: "sysshim", targets: ["sysshim"]),
        // The generated Swift bindings, for other packages to depend on.
        .library(name: "SysShim", targets: ["SysShim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The model: spec files, their loader, semantic checks and located diagnostics.
        .target(
            name: "SyscallSpec",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Emitters (one file per output kind), their registry, the prose renderers
        // and the atomic writer.
        .target(
            name: "SyscallGen",
            dependencies: ["SyscallSpec"]
        ),
        // libclang's C API (Debian's libclang-dev).
        .systemLibrary(name: "CClang", path: "Sources/CClang"),
        // Validation of the generated C headers with libclang, in-process.
        .target(
            name: "HeaderCheck",
            dependencies: ["CClang", "SyscallSpec", "SyscallGen"],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I\(llvmRoot)/include"])],
            linkerSettings: [.unsafeFlags(["-L\(llvmRoot)/lib"])]
        ),
        // The command-line front end; it only parses arguments and calls the libraries.
        .executableTarget(
            name: "sysshim",
            dependencies: [
                "SyscallSpec",
                "SyscallGen",
                "HeaderCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The generated C shim (generated/c), compiled for the Swift bindings;
        // its module map exposes only the sysshim.h umbrella.
        .target(
            name: "CSysShim",
            path: "generated/c",
            exclude: ["sysshim.map", "sysshim.pc.in"],
            sources: ["src"],
            publicHeadersPath: "include"
        ),
        // The generated Swift bindings (generated/swift).
        .target(
            name: "SysShim",
            dependencies: ["CSysShim", .product(name: "SystemPackage", package: "swift-system")],
            path: "generated/swift"
        ),
        // Locating the package, running tools, scratch directories: shared by the tests.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SyscallSpecTests",
            dependencies: ["SyscallSpec", "TestSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Malformed"]
        ),
        .target(
            name: "CTestSupport",
            path: "Tests/CTestSupport"
        ),
        .testTarget(
            name: "SysShimTests",
            dependencies: ["SysShim", "CTestSupport", "TestSupport",
                           .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "SyscallGenTests",
            dependencies: ["SyscallSpec", "SyscallGen", "TestSupport"]
        ),
        .testTarget(
            name: "HeaderCheckTests",
            dependencies: ["HeaderCheck", "SyscallSpec", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
