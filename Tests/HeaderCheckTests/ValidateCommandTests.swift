import Foundation
import Testing
import TestSupport

@Suite("sysshim validate: exit status, summary, clang commands")
struct ValidateCommandTests {
    func summaryLine(_ output: String) throws -> (checks: Int, units: Int, failed: Int) {
        let last = try #require(output.split(separator: "\n").last.map(String.init))
        let summary = #/validate: (\d+) checks in (\d+) translation units, (\d+) failed(, \d+ skipped)?/#
        let match = try #require(try summary.wholeMatch(in: last), "last line: \(last)")
        return (Int(match.1)!, Int(match.2)!, Int(match.3)!)
    }

    @Test("exits 0 on the committed headers and ends with the summary line")
    func passesOnTheRepository() throws {
        let result = try TestSupport.sysshim(["validate"], in: TestSupport.packageRoot)
        #expect(result.status == 0, "\(result)")
        let summary = try summaryLine(result.stdout)
        #expect(summary.failed == 0)
        #expect(summary.checks > summary.units && summary.units > 100)
    }

    @Test("exits 1 on a broken tree, with gcc-style diagnostics and the failures counted")
    func failsOnABrokenTree() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace("generated/c/include/sysshim/process_mrelease.h", "unsigned int __flags) SYSSHIM_API_THROW;",
                         with: "unsigned int __flags, ...) SYSSHIM_API_THROW;")
        let result = try TestSupport.sysshim(["validate", "--spec-dir", tree.path("spec").path, "--output-dir", tree.root.path])
        #expect(result.status == 1, "\(result)")
        let summary = try summaryLine(result.stdout)
        #expect(summary.failed > 0)
        let diagnostics = result.stdout.split(separator: "\n").dropLast().filter { !$0.hasPrefix("skipped: ") }
        #expect(!diagnostics.isEmpty)
        for line in diagnostics {
            #expect(line.wholeMatch(of: #/[^:\s][^:]*:\d+:\d+: (error|warning|note): .+/#) != nil, "not in gcc's format: \(line)")
        }
        let line = try tree.line(of: "unsigned int __flags, ...", in: "generated/c/include/sysshim/process_mrelease.h")
        #expect(result.stdout.contains("process_mrelease.h:\(line):17: error: sysshim_process_mrelease is variadic"))
    }

    @Test("exits 65 on an invalid spec, like the other commands")
    func invalidSpec() throws {
        let directory = try TestSupport.temporaryDirectory("validate-bad-spec")
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name: 42\n".write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try TestSupport.sysshim(["validate", "--spec-dir", directory.path])
        #expect(result.status == 65, "\(result)")
    }

    @Test("--emit-clang-commands writes every unit and prints a clang command per unit that clang accepts")
    func clangCommands() throws {
        let directory = try TestSupport.temporaryDirectory("validate-clang")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try TestSupport.sysshim(["validate", "--emit-clang-commands", directory.path], in: TestSupport.packageRoot)
        #expect(result.status == 0, "\(result)")
        let commands = result.stdout.split(separator: "\n").map(String.init)
        let units = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("units").path)
        #expect(commands.count == units.count && commands.count > 100)
        #expect(commands.allSatisfy { $0.hasPrefix("clang -fsyntax-only ") })
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("include/sys/syscall.h").path))
        // One host unit and one foreign unit with the stub headers, run as printed.
        let host = try #require(commands.first)
        let foreign = try #require(commands.first { $0.contains("--target=aarch64-linux-gnu") })
        for command in [host, foreign] {
            let run = try TestSupport.shell(command)
            #expect(run.status == 0 && run.stderr.isEmpty, "\(command)\n\(run)")
        }
    }
}
