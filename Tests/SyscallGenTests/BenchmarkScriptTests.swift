import Foundation
import Testing
import TestSupport

/// `make bench` is not part of `make check`, but its script must not rot: this
/// runs it in quick mode (tiny sizes, two runs each) and checks that every
/// benchmark produced its table and its verdict.
@Suite("make bench, in quick mode")
struct BenchmarkScriptTests {
    @Test func quickBenchmarkWritesEveryTable() throws {
        let directory = try TestSupport.temporaryDirectory("bench")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("benchmarks.md")
        let run = try TestSupport.run(TestSupport.packageRoot.appendingPathComponent("Benchmarks/run.sh").path,
                                      ["--quick", "--output", report.path], in: TestSupport.packageRoot, timeLimit: 1800)
        try #require(run.status == 0, "\(run.stderr.suffix(4000))")
        let text = try String(contentsOf: report, encoding: .utf8)
        for heading in ["## 1. Generator scale", "## 2. Validator against clang", "## 3. Wrapper cost", "## 4. Argument tests"] {
            #expect(text.contains(heading), "\(heading) missing")
        }
        for target in ["Target ≤ 1 ms per spec", "Target ≤ 0.5×", "Target shim ≤ glibc's own", "Target ≤ shim + 20",
                       "Target ≥ 10,000 cases/s", "Target full run ≤ 5 s"] {
            #expect(text.contains(target), "\(target) missing")
        }
        // Every wrapper variant was measured: a row with a positive count.
        for variant in ["raw `syscall`", "glibc 2.36", "glibc `syscall()`", "shim, library", "shim, header only", "Swift"] {
            let row = text.split(separator: "\n").first { $0.hasPrefix("| ") && $0.contains(variant) }
            let cells = row.map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
            let count = cells.last.flatMap(Double.init)
            #expect((count ?? 0) > 0, "\(variant): \(row.map(String.init) ?? "no row")")
        }
    }
}
