import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

/// The committed generated/tests/process_mrelease_args.c against this kernel:
/// every combination and 10,000 random ones pass, with glibc, with the
/// sanitizers and with static musl, and the program leaves nothing behind.
@Suite("Argument tests: process_mrelease on the running kernel")
struct ArgTestRunTests {
    static let randomCount = 10_000

    /// A passing run: exit 0, every case counted, the resource check passed,
    /// the temporary directory gone.
    func expectCompletePass(_ run: ArgTestSupport.Run, random: Int = randomCount) throws {
        #expect(run.status == 0, "\(run)")
        #expect(run.failures.isEmpty, "\(run)")
        let planned = try #require(run.planned, "\(run)")
        #expect(planned.exhaustive == ArgTestSupport.exhaustiveCount(ArgTestSupport.spec, ArgTestSupport.catalogue))
        #expect(planned.random == random)
        let summary = try #require(run.summary, "\(run)")
        // The probe, every case and the resource check.
        #expect(summary.passed == 1 + planned.exhaustive + random + 1, "\(run)")
        #expect(summary.failed == 0)
        #expect(run.lines.contains { $0.hasSuffix(" - every descriptor closed, every child reaped, every temporary file removed") })
        let directory = try #require(run.temporaryDirectory, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) is left behind")
    }

    @Test("every combination and 10,000 random cases pass (glibc, libsysshim.a)")
    func glibcRun() throws {
        let program = try ArgTestSupport.committed("glibc")
        let run = try ArgTestSupport.run(program, ["--count", "\(Self.randomCount)", "--stats"])
        try expectCompletePass(run)
        // TAP: a plan, then one line per test.
        let plan = try #require(run.lines.first { $0.hasPrefix("1..") })
        #expect(Int(plan.dropFirst(3)) == run.passes.count + run.failures.count)
        #expect(run.lines.contains { $0.firstMatch(of: /^# stats: \d+ cases \(\d+ exhaustive, 10000 random\) in [0-9.]+ s: \d+ cases\/s$/) != nil },
                "\(run)")
    }

    @Test("the same run passes with AddressSanitizer and UndefinedBehaviorSanitizer, which report nothing")
    func sanitizedRun() throws {
        let program = try ArgTestSupport.committed("sanitized")
        let run = try ArgTestSupport.run(program, ["--count", "\(Self.randomCount)", "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(run.failures.isEmpty, "\(run)")
        let summary = try #require(run.summary, "\(run)")
        #expect(summary.failed == 0 && summary.passed == 1 + run.planned!.exhaustive + Self.randomCount + 1)
        #expect(!run.result.stderr.contains("Sanitizer"), "\(run.result.stderr)")
        #expect(!run.result.stderr.contains("runtime error"), "\(run.result.stderr)")
    }

    @Test("static musl: the program runs through the shim's wrapper and passes")
    func muslRun() throws {
        let program = try ArgTestSupport.committed("muslStatic")
        let dynamic = try TestSupport.run("readelf", ["-d", program.path])
        #expect(dynamic.stdout.contains("There is no dynamic section"), "\(dynamic)")
        let symbols = try TestSupport.run("nm", [program.path]).stdout
        #expect(symbols.contains(" T sysshim_process_mrelease"))
        let run = try ArgTestSupport.run(program, ["--count", "\(Self.randomCount)"])
        try expectCompletePass(run)
    }

    @Test("a kernel without the call: one SKIP line and exit status 77")
    func skipsWithoutTheCall() throws {
        let program = try ArgTestSupport.committed("glibc")
        let number = try #require(ArgTestSupport.spec.numbers.byABI["x86_64"] ?? nil)
        let filter = try TestSupport.withoutSyscall.get()
        let result = try TestSupport.run(filter.path, ["\(number)", "\(KernelErrno.valueByName["ENOSYS"]!)", program.path])
        #expect(result.status == 77, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(result)")
        #expect(lines.first?.hasPrefix("1..0 # SKIP process_mrelease: ") == true, "\(result)")
        #expect(lines.first?.contains("ENOSYS") == true)
        // Another errno from the kernel is not a skip: the probe fails.
        let other = try TestSupport.run(filter.path, ["\(number)", "\(KernelErrno.valueByName["EPERM"]!)", program.path, "--count", "0", "--quiet"])
        #expect(other.status == 1, "\(other)")
        #expect(other.stdout.contains("not ok 1 - probe: process_mrelease(-1, 0) = -1 EPERM; expected -1 EBADF"), "\(other)")
    }

    @Test("the resource check catches a descriptor and a child left behind")
    func leakCheckFails() throws {
        let program = try ArgTestSupport.committed("leak")
        let run = try ArgTestSupport.run(program, ["--count", "10", "--quiet"])
        #expect(run.status == 1, "\(run)")
        #expect(run.lines.contains { $0.firstMatch(of: /^# descriptor \d+ left open: anon_inode:\[?pidfd\]?$/) != nil }, "\(run)")
        #expect(run.lines.contains { $0.firstMatch(of: /^# child \d+ left behind$/) != nil }, "\(run)")
        #expect(run.failures.count == 1 && run.failures[0].hasSuffix("2 descriptor(s) or child(ren) left behind"), "\(run)")
    }

    /// The classes of each case, in order, without values that differ between runs (descriptors, pids).
    func caseClasses(_ run: ArgTestSupport.Run) -> [String] {
        run.lines.filter { $0.hasPrefix("ok ") && $0.contains("process_mrelease(pidfd=") }
            .map { line in line.matches(of: /<([a-z-]+)/).map { String($0.1) }.joined(separator: ",") }
    }

    @Test("--seed reproduces the random cases; another seed gives others")
    func seedReproduces() throws {
        let program = try ArgTestSupport.committed("glibc")
        let first = try ArgTestSupport.run(program, ["--seed", "42", "--count", "500"])
        let second = try ArgTestSupport.run(program, ["--seed", "42", "--count", "500"])
        let other = try ArgTestSupport.run(program, ["--seed", "43", "--count", "500"])
        #expect(first.lines.contains("# cases: \(first.planned!.exhaustive) exhaustive, 500 random (--count 500) from seed 42 (--seed 42); isolation: process"))
        #expect(caseClasses(first).count == first.planned!.exhaustive + 500)
        #expect(caseClasses(first) == caseClasses(second))
        #expect(caseClasses(first) != caseClasses(other))
        // The default seed is printed, so any run can be repeated.
        let unseeded = try ArgTestSupport.run(program, ["--count", "1", "--quiet"])
        #expect(unseeded.lines.contains { $0.firstMatch(of: /from seed \d+ \(--seed \d+\)/) != nil }, "\(unseeded)")
    }

    @Test("the time limit stops the run, kills and reaps every child and removes the temporary files")
    func timeLimit() throws {
        let program = try ArgTestSupport.committed("glibc")
        let run = try ArgTestSupport.run(program, ["--count", "1000000000", "--timeout", "1", "--quiet"])
        #expect(run.status == 99, "\(run)")
        #expect(run.lines.last?.hasPrefix("Bail out! time limit exceeded") == true, "\(run)")
        let temporary = try #require(run.temporaryDirectory, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }

    @Test("bad options: usage and exit status 2", arguments: [["--count", "many"], ["--seed"], ["--assume-kernel", "six"], ["--bogus"]])
    func usage(_ arguments: [String]) throws {
        let program = try ArgTestSupport.committed("inline")
        let result = try TestSupport.run(program.path, arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("usage:") || result.stderr.contains("--assume-kernel needs"), "\(result)")
    }
}

/// Every call of the catalogue: its committed generated/tests/<name>_args.c,
/// built against libsysshim.a, passes on this kernel, or skips with one line
/// saying why (a kernel without the call, or with it switched off).
@Suite("Argument tests: every call of the catalogue on the running kernel")
struct ArgTestCatalogueTests {
    static let names = ArgTestSupport.catalogue.specs.map(\.name)

    @Test("the committed program passes, or skips saying why", arguments: names)
    func committedProgramPasses(_ name: String) throws {
        let directory = try TestSupport.temporaryDirectory("argtest-catalogue-\(name)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = ArgTestSupport.generatedTests.appendingPathComponent("\(name)_args.c")
        let program = try ArgTestSupport.build(source, .glibc, in: directory)
        let run = try ArgTestSupport.run(program, ["--count", "1000", "--quiet", "--seed", "1"])
        if run.status == 77 {
            #expect(run.lines.count == 1 && run.lines[0].hasPrefix("1..0 # SKIP \(name): "), "\(run)")
            return
        }
        #expect(run.status == 0, "\(run)")
        #expect(run.failures.isEmpty, "\(run)")
        let planned = try #require(run.planned, "\(run)")
        let summary = try #require(run.summary, "\(run)")
        #expect(summary.passed + run.skipped == 1 + planned.exhaustive + 1000 + 1, "\(run)")
        let directoryLeft = try #require(run.temporaryDirectory, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: directoryLeft))
    }
}
