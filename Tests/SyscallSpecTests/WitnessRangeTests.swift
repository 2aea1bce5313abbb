import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// A witness may name a class more than once only over kernel ranges that do
/// not overlap (behaviour that changed and changed back).
@Suite("Witness classes over kernel ranges")
struct WitnessRangeTests {
    static func load(ebadfItems: String) throws -> Result<SyscallSpec, SpecLoadError> {
        var text = try String(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"), encoding: .utf8)
        let original = """
                - {class: legacy-self-process-sentinel, until: "6.15"}
                - {class: legacy-self-process-sentinel, since: "6.17"}

        """
        try #require(text.contains(original))
        text = text.replacingOccurrences(of: original, with: ebadfItems)
        return SpecLoader.load(data: Data(text.utf8), path: "spec/process_mrelease.yaml")
    }

    @Test("disjoint ranges of one class load, and each holds on its own kernels")
    func disjointRangesLoad() throws {
        let spec = try SpecLoader.load(
            data: try Data(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml")),
            path: "spec/process_mrelease.yaml").get()
        let ebadf = try #require(spec.errors.first { $0.errno == "EBADF" }?.witness)
        for (kernel, expected) in [("6.14", true), ("6.15", false), ("6.16", false), ("6.17", true), ("6.18", true)] {
            #expect(ebadf.matches(parameter: "pidfd", argumentClass: "legacy-self-process-sentinel",
                                  kernel: Version(parsing: kernel)!) == expected, "Linux \(kernel)")
        }
    }

    @Test("overlapping ranges of one class are an error at the second item")
    func overlappingRangesFail() throws {
        let result = try Self.load(ebadfItems: """
                - {class: legacy-self-process-sentinel, until: "6.17"}
                - {class: legacy-self-process-sentinel, since: "6.15"}

        """)
        guard case .failure(let error) = result else {
            Issue.record("overlapping ranges loaded")
            return
        }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.message == "errors[2] (EBADF) witness.pidfd names 'legacy-self-process-sentinel' twice for the same kernel versions")
    }

    @Test("a class named twice without ranges is an error")
    func repeatedClassFails() throws {
        let result = try Self.load(ebadfItems: "        - not-pidfd\n")
        guard case .failure(let error) = result else {
            Issue.record("a repeated class loaded")
            return
        }
        #expect(error.diagnostics.map(\.message).contains("errors[2] (EBADF) witness.pidfd names 'not-pidfd' twice for the same kernel versions"))
    }
}
