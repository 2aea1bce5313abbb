import Foundation
import Testing
import TestSupport

/// Examples/SysShimClient depends on the SysShim product by path, the way
/// another project would. Building and running it proves the product is
/// usable from outside, and running it under a seccomp filter shows what a
/// kernel without the call looks like to a Swift caller.
@Suite("SysShim: used from another package")
struct ClientPackageTests {
    static let clientPackage = TestSupport.packageRoot.appendingPathComponent("Examples/SysShimClient")

    /// Built once; the scratch directory persists under .build to keep reruns fast.
    static let client: Result<URL, TestSupport.ToolBuildFailure> = {
        // Kept between runs for speed, but one per set of generated sources:
        // SwiftPM does not always notice a path dependency gaining files.
        let sources = ["generated/swift", "generated/c/src"].flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot.appendingPathComponent(directory).path)) ?? [])
                .map { "\(directory)/\($0)" }
        }.sorted().joined(separator: "\n")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, stable across runs unlike Hasher
        for byte in sources.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let scratch = TestSupport.packageRoot.appendingPathComponent(".build/client-example-\(String(hash, radix: 16))")
        do {
            let result = try TestSupport.run("swift", ["build", "--package-path", clientPackage.path,
                                                       "--scratch-path", scratch.path])
            guard result.status == 0 else { return .failure(.init(description: "\(result)")) }
            let warnings = (result.stdout + result.stderr).split(separator: "\n")
                .filter { $0.contains("warning:") && ($0.contains("/generated/") || $0.contains("/Examples/")) }
            guard warnings.isEmpty else { return .failure(.init(description: warnings.joined(separator: "\n"))) }
            return .success(scratch.appendingPathComponent("debug/sysshim-client"))
        } catch {
            return .failure(.init(description: "\(error)"))
        }
    }()

    @Test func clientBuildsAndCallsTheKernel() throws {
        let client = try Self.client.get()
        let result = try TestSupport.run(client.path, [])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "supported: true\nresult: badFileDescriptor\n")
    }

    @Test func kernelWithoutTheCallThrowsNoFunction() throws {
        let client = try Self.client.get()
        let filter = try TestSupport.withoutSyscall.get()
        let result = try TestSupport.run(filter.path, ["448", "38", client.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "supported: false\nresult: noFunction\n")
    }
}
