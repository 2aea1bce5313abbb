import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// The `sysshim` commands that do not need emitters: help, list, new.
@Suite struct CLITests {
    /// A scratch spec directory holding a copy of the reference spec.
    static func specDirectoryWithReference() throws -> URL {
        let scratch = try TestSupport.temporaryDirectory("cli")
        let specs = scratch.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"),
                                         to: specs.appendingPathComponent("process_mrelease.yaml"))
        return scratch
    }

    // MARK: - Help

    @Test(arguments: [
        ([], "USAGE: sysshim <subcommand>", ["generate", "check", "list", "new"]),
        (["generate"], "USAGE: sysshim generate [--spec-dir <spec-dir>] [--output-dir <output-dir>]", ["--spec-dir", "--output-dir", "temporary file"]),
        (["check"], "USAGE: sysshim check [--spec-dir <spec-dir>] [--output-dir <output-dir>]", ["--spec-dir", "--output-dir", "stale"]),
        (["list"], "USAGE: sysshim list [--spec-dir <spec-dir>]", ["--spec-dir"]),
        (["new"], "USAGE: sysshim new <name> [--spec-dir <spec-dir>]", ["<name>", "--spec-dir"]),
    ])
    func everyCommandHasHelp(_ command: [String], _ usage: String, _ mentions: [String]) throws {
        for arguments in [command + ["--help"], ["help"] + command] {
            let result = try TestSupport.sysshim(arguments)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stdout.contains(usage), "\(arguments): \(result.stdout)")
            for word in mentions {
                #expect(result.stdout.contains(word), "\(arguments) help does not mention \(word)")
            }
        }
    }

    @Test func anUnknownCommandIsAUsageError() throws {
        let result = try TestSupport.sysshim(["frobnicate"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("Unexpected argument 'frobnicate'"))
    }

    // MARK: - list

    @Test func listPrintsTheCatalogueAsATable() throws {
        let scratch = try Self.specDirectoryWithReference()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try TestSupport.sysshim(["list"], in: scratch)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            NAME              x86_64  LINUX  GLIBC  MUSL  SUMMARY
            process_mrelease  448     5.15   2.36   none  release the memory of a process that is being killed

            """)
    }

    @Test func listRefusesABrokenCatalogue() throws {
        let scratch = try Self.specDirectoryWithReference()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let url = scratch.appendingPathComponent("spec/process_mrelease.yaml")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "  common: 448\n", with: "  common: -1\n")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let result = try TestSupport.sysshim(["list", "--spec-dir", "spec"], in: scratch)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("spec/process_mrelease.yaml:21:11: error: numbers.common must not be negative, found -1\n"), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    // MARK: - new

    @Test func newWritesAScaffoldThatLoadsBesideTheOthers() throws {
        let scratch = try Self.specDirectoryWithReference()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in ["pidfd_getfd", "futex_waitv"] {
            let result = try TestSupport.sysshim(["new", name], in: scratch)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "wrote spec/\(name).yaml\n")
        }

        let catalogue = try Catalogue.load(directory: scratch.appendingPathComponent("spec"), displayPrefix: "spec").get()
        #expect(catalogue.specs.map(\.name) == ["futex_waitv", "pidfd_getfd", "process_mrelease"])
        // Each scaffold takes a number no other spec has, so they load together.
        #expect(catalogue.spec(named: "pidfd_getfd")?.numbers.common == 1000)
        #expect(catalogue.spec(named: "futex_waitv")?.numbers.common == 1001)

        let list = try TestSupport.sysshim(["list"], in: scratch)
        #expect(list.status == 0, "\(list)")
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(5).joined(separator: " ") }
        #expect(rows == [
            "NAME x86_64 LINUX GLIBC MUSL",
            "futex_waitv 1001 6.1 none none",
            "pidfd_getfd 1000 6.1 none none",
            "process_mrelease 448 5.15 2.36 none",
        ])
    }

    @Test func newRefusesToOverwriteASpec() throws {
        let scratch = try Self.specDirectoryWithReference()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let url = scratch.appendingPathComponent("spec/process_mrelease.yaml")
        let before = try Data(contentsOf: url)
        let result = try TestSupport.sysshim(["new", "process_mrelease"], in: scratch)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: spec/process_mrelease.yaml exists already; edit it, or remove it first\n")
        #expect(try Data(contentsOf: url) == before)
    }

    @Test(arguments: [
        ("2fast", "'2fast' is not a valid C identifier (letters, digits and '_', not starting with a digit)"),
        ("pidfd-open", "'pidfd-open' is not a valid C identifier (letters, digits and '_', not starting with a digit)"),
        ("int", "'int' is a reserved word in C and C++"),
        ("protocol", "'protocol' is a reserved word in Swift"),
    ])
    func newRefusesNamesThatCannotBeIdentifiers(_ name: String, _ problem: String) throws {
        let scratch = try TestSupport.temporaryDirectory("cli-new")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try TestSupport.sysshim(["new", name], in: scratch)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("Error: cannot name a spec that way: \(problem)"), "\(result.stderr)")
        #expect(result.stderr.contains("Usage: sysshim new <name>"))
        #expect(TestSupport.snapshot(scratch).isEmpty, "wrote something for a refused name")
    }
}
