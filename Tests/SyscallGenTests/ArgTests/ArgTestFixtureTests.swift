import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

/// One fixture spec per mechanism of the argument tests (Tests/Fixtures/argtests),
/// with lines its run must print: evidence that the mechanism was exercised,
/// not only that nothing failed.
struct ArgTestFixture: Sendable, CustomStringConvertible {
    var name: String
    var call: String
    var evidence: [String]

    var description: String { name }

    static let all: [ArgTestFixture] = [
        ArgTestFixture(name: "instances-sizes-returns", call: "landlock_create_ruleset", evidence: [
            // An instance setting a field a later kernel added (written at its offset) reaches the kernel.
            #"<net-only: 24 bytes>, size=24 <exact>, flags=0x0 <zero>\) = \d+ \(a new descriptor, closed\)$"#,
            #"<unknown-scope: 24 bytes>, size=24 <exact>, flags=0x0 <zero>\) = -1 EINVAL$"#,
            // The second success case returns a value, which is not closed.
            #"attr=NULL <null>, size=0 <zero>, flags=0x1 <known: LANDLOCK_CREATE_RULESET_VERSION>\) = \d+$"#,
            #"flags=0x3 <several-known: LANDLOCK_CREATE_RULESET_VERSION\|LANDLOCK_CREATE_RULESET_ERRATA>\) = -1 EINVAL$"#,
            #"<valid: 24 bytes>, size=32 <nonzero-tail>, flags=0x0 <zero>\) = -1 E2BIG$"#,
            #"<read-only: 24 bytes, read-only>, size=32 <nonzero-tail>, flags=0x0 <zero>\) = -1 E2BIG$"#,
            #"<valid: 24 bytes>, size=32 <too-large>, flags=0x0 <zero>\) = \d+ \(a new descriptor, closed\)$"#,
            #"<valid: 24 bytes>, size=\d+ <over-page>, flags=0x0 <zero>\) = -1 E2BIG$"#,
            #"<valid: 24 bytes>, size=7 <too-small>, flags=0x0 <zero>\) = -1 EINVAL$"#,
            #"<valid: 24 bytes>, size=24 <exact>, flags=0x0 <zero>\) = -1 EMFILE \[fd-limit\]$"#,
        ]),
        ArgTestFixture(name: "pid-classes", call: "getpgid", evidence: [
            #"getpgid\(pid=\d+ <non-leader-thread: thread \d+ of process \d+>\) = \d+$"#,
            #"getpgid\(pid=\d+ <other-user-process: child \d+, uid 65534>\) = \d+$"#,
            #"getpgid\(pid=\d+ <zombie-child: child \d+>\) = \d+$"#,
            #"getpgid\(pid=\d+ <reaped-child: child \d+>\) = -1 ESRCH$"#,
        ]),
        ArgTestFixture(name: "remote-descriptors", call: "pidfd_getfd", evidence: [
            #"<other-user-process: child \d+, uid 65534>, targetfd=100 <open-in-target: [^>]*>, flags=0x0 <zero>\) = \d+ \(a new descriptor, closed\)$"#,
            #"<other-user-process: child \d+, uid 0>, targetfd=100 <open-in-target: [^>]*>, flags=0x0 <zero>\) = -1 EPERM \[unprivileged\]$"#,
            #"<nondumpable-child: child \d+>, targetfd=100 <open-in-target: [^>]*>, flags=0x0 <zero>\) = -1 EPERM \[unprivileged\]$"#,
            #"<pgrp-leader-child: child \d+>, targetfd=100 <open-in-target: [^>]*>, flags=0x0 <zero>\) = \d+ \(a new descriptor, closed\)$"#,
            #"<live-child: child \d+>, targetfd=\d+ <not-open-in-target>, flags=0x0 <zero>\) = -1 EBADF$"#,
            #"<self>, targetfd=100 <open-in-target: [^>]*>, flags=0x0 <zero>\) = \d+ \(a new descriptor, closed\) \[unprivileged\]$"#,
            #"<live-child: child \d+>, targetfd=100 <open-in-target: [^>]*>, flags=0x0 <zero>\) = -1 EMFILE \[fd-limit\]$"#,
        ]),
        ArgTestFixture(name: "memory-policy", call: "set_mempolicy_home_node", evidence: [
            #"<mapped-bind: one page, MPOL_BIND on node 0>, len=4096 <page>, home_node=0 <online-node>, flags=0x0 <zero>\) = 0$"#,
            #"<mapped-interleave: one page, MPOL_INTERLEAVE on node 0>, len=4096 <page>, home_node=0 <online-node>, flags=0x0 <zero>\) = -1 EOPNOTSUPP$"#,
            #"<mapped: one page>, len=\d+ <overflowing>, home_node=0 <online-node>, flags=0x0 <zero>\) = -1 EINVAL$"#,
            #"<mapped-bind: [^>]*>, len=4096 <page>, home_node=1048576 <nonexistent-node>, flags=0x0 <zero>\) = -1 EINVAL$"#,
            #"<mapped: one page>, len=18446744073709551615 <wraps-to-zero>, home_node=0 <online-node>, flags=0x0 <zero>\) = 0$"#,
        ]),
        ArgTestFixture(name: "isolation-child", call: "mseal", evidence: [
            #"; isolation: child$"#,
            #"mseal\(addr=0x[0-9a-f]+ <mapped: one page>, len=4096 <page>, flags=0x0 <zero>\) = 0$"#,
            #"mseal\(addr=0x[0-9a-f]+ <mapped: one page>, len=18446744073709551615 <wraps-to-zero>, flags=0x0 <zero>\) = -1 EINVAL$"#,
            #"mseal\(addr=NULL <null>, len=\d+ <overflowing>, flags=0x0 <zero>\) = -1 ENOMEM$"#,
        ]),
        ArgTestFixture(name: "paths", call: "openat2", evidence: [
            // Relative paths resolve in the tests' directory from AT_FDCWD, and from its descriptor (also O_PATH).
            #"dirfd=-100 <at-fdcwd>, pathname=0x[0-9a-f]+ <regular-file: "file-\d+">, how=0x[0-9a-f]+ <valid: 24 bytes>, size=24 <exact>\) = \d+ \(a new descriptor, closed\)$"#,
            #"dirfd=\d+ <directory: [^>]*>, pathname=0x[0-9a-f]+ <symlink: "link-\d+">, how=0x[0-9a-f]+ <read-only: 24 bytes, read-only>, size=32 <too-large>\) = \d+ \(a new descriptor, closed\)$"#,
            #"dirfd=\d+ <o-path: [^>]*>, pathname=0x[0-9a-f]+ <directory: "dir-\d+">, how=0x[0-9a-f]+ <valid: 24 bytes>, size=24 <exact>\) = \d+ \(a new descriptor, closed\)$"#,
            #"dirfd=\d+ <proc-pid-dir: [^>]*>, pathname=0x[0-9a-f]+ <regular-file: "file-\d+">, how=0x[0-9a-f]+ <valid: 24 bytes>, size=24 <exact>\) = -1 ENOENT$"#,
            #"dirfd=\d+ <nsfs: /proc/self/ns/mnt>, pathname=0x[0-9a-f]+ <regular-file: "file-\d+">, how=0x[0-9a-f]+ <valid: 24 bytes>, size=24 <exact>\) = -1 ENOTDIR$"#,
            #"dirfd=-1 <minus-one>, pathname=0x[0-9a-f]+ <absolute: "/[^"]+">, how=0x[0-9a-f]+ <valid: 24 bytes>, size=24 <exact>\) = \d+ \(a new descriptor, closed\)$"#,
            // O_RDONLY is 0: the C library's constant, written by name.
            #"<mode-without-create: 24 bytes>, size=24 <exact>\) = -1 EINVAL$"#,
            #"<regular-file: "file-\d+">, how=0x[0-9a-f]+ <valid: 24 bytes>, size=24 <exact>\) = -1 EMFILE \[fd-limit\]$"#,
        ]),
        ArgTestFixture(name: "flag-terms", call: "pidfd_open", evidence: [
            // without-PIDFD_THREAD: the flags 0 and PIDFD_NONBLOCK alone; with-PIDFD_THREAD: alone or with PIDFD_NONBLOCK.
            #"pid=\d+ <non-leader-thread: [^>]*>, flags=0x0 <zero>\) = -1 ENOENT$"#,
            #"pid=\d+ <non-leader-thread: [^>]*>, flags=0x800 <known: PIDFD_NONBLOCK>\) = -1 ENOENT$"#,
            #"pid=\d+ <non-leader-thread: [^>]*>, flags=0x80 <known: PIDFD_THREAD>\) = \d+ \(a new descriptor, closed\)$"#,
            #"pid=\d+ <non-leader-thread: [^>]*>, flags=0x880 <known: PIDFD_NONBLOCK\|PIDFD_THREAD>\) = \d+ \(a new descriptor, closed\)$"#,
            // The success case names PIDFD_NONBLOCK alone: for a process, it opens.
            #"pid=\d+ <live-child: [^>]*>, flags=0x800 <known: PIDFD_NONBLOCK>\) = \d+ \(a new descriptor, closed\)$"#,
        ]),
        ArgTestFixture(name: "signal-self", call: "rt_tgsigqueueinfo", evidence: [
            // The calling child sent itself SIGKILL and died of it: the call succeeded.
            #"tgid=\? <self>, tid=\? <self>, sig=9 <sigkill>, info=0x[0-9a-f]+ <valid: 128 bytes>\) = 0 \(the calling child died of signal 9, which the call sent it\)$"#,
            #"tgid=\d+ <self>, tid=\d+ <self>, sig=18 <sigcont>, info=0x[0-9a-f]+ <read-only: 128 bytes, read-only>\) = 0$"#,
            #"tgid=\d+ <self>, tid=\d+ <non-leader-thread>, sig=0 <zero>, info=0x[0-9a-f]+ <valid: 128 bytes>\) = -1 EPERM$"#,
        ]),
    ]
}

@Suite("Argument tests: a fixture spec per mechanism, run against the running kernel")
struct ArgTestFixtureTests {
    static let randomCount = 500

    func build(_ fixture: ArgTestFixture, _ way: ArgTestSupport.Build) throws -> (ArgTestSupport.Variant, URL) {
        let variant = try ArgTestSupport.fixture(ArgTestSupport.fixtureRoot.appendingPathComponent(fixture.name), label: fixture.name)
        return (variant, try ArgTestSupport.build(variant.program, way, in: variant.directory, include: variant.include))
    }

    /// Every case passed or was skipped as unbuildable here, every case was
    /// counted, nothing was left behind.
    func expectCompletePass(_ run: ArgTestSupport.Run, random: Int) throws {
        #expect(run.status == 0, "\(run)")
        #expect(run.failures.isEmpty, "\(run)")
        let planned = try #require(run.planned, "\(run)")
        let summary = try #require(run.summary, "\(run)")
        #expect(summary.failed == 0)
        #expect(summary.passed + run.skipped == 1 + planned.exhaustive + random + 1, "\(run)")
        #expect(run.lines.contains { $0.hasSuffix(" - every descriptor closed, every child reaped, every temporary file removed") })
        let directory = try #require(run.temporaryDirectory, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) is left behind")
    }

    @Test("the fixture passes on this kernel and shows its mechanism at work", arguments: ArgTestFixture.all)
    func fixturePasses(_ fixture: ArgTestFixture) throws {
        let (variant, program) = try build(fixture, .inline)
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let run = try ArgTestSupport.run(program, ["--count", "\(Self.randomCount)", "--seed", "11"])
        try expectCompletePass(run, random: Self.randomCount)
        for pattern in fixture.evidence {
            let regex = try Regex(pattern)
            #expect(run.passes.contains { $0.firstMatch(of: regex) != nil } || run.lines.contains { $0.firstMatch(of: regex) != nil },
                    "no line of \(fixture.call)'s run matches \(pattern)")
        }
    }

    @Test("the fixture passes with AddressSanitizer and UndefinedBehaviorSanitizer, which report nothing",
          arguments: ArgTestFixture.all)
    func fixturePassesSanitized(_ fixture: ArgTestFixture) throws {
        let (variant, program) = try build(fixture, .inlineSanitized)
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let run = try ArgTestSupport.run(program, ["--count", "200", "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(run.failures.isEmpty, "\(run)")
        #expect(!run.result.stderr.contains("Sanitizer"), "\(run.result.stderr)")
        #expect(!run.result.stderr.contains("runtime error"), "\(run.result.stderr)")
    }

    @Test("an answer of probe.disabled skips with the spec's reason; ENOSYS skips as a kernel without the call")
    func probeDisabledSkips() throws {
        let fixture = try #require(ArgTestFixture.all.first { $0.name == "instances-sizes-returns" })
        let (variant, program) = try build(fixture, .inline)
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let filter = try TestSupport.withoutSyscall.get()
        let number = "444"
        let disabled = try TestSupport.run(filter.path, [number, "\(KernelErrno.valueByName["EOPNOTSUPP"]!)", program.path])
        #expect(disabled.status == 77, "\(disabled)")
        let lines = disabled.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(disabled)")
        #expect(lines.first?.hasPrefix("1..0 # SKIP landlock_create_ruleset: the kernel (Linux ") == true, "\(disabled)")
        #expect(lines.first?.hasSuffix(" has the call but answers EOPNOTSUPP: Landlock is built in but not enabled at boot.") == true,
                "\(disabled)")
        let missing = try TestSupport.run(filter.path, [number, "\(KernelErrno.valueByName["ENOSYS"]!)", program.path])
        #expect(missing.status == 77, "\(missing)")
        #expect(missing.stdout.contains("answers ENOSYS: it lacks the call (added in Linux 5.13)"), "\(missing)")
        // Any other answer is a failed probe, not a skip.
        let other = try TestSupport.run(filter.path, [number, "\(KernelErrno.valueByName["EPERM"]!)", program.path, "--count", "0", "--quiet"])
        #expect(other.status == 1, "\(other)")
        #expect(other.stdout.contains("not ok 1 - probe: landlock_create_ruleset(0, 0, 0) = -1 EPERM; expected -1 EFAULT"), "\(other)")
    }

    @Test("a call the kernel does not wire up on this architecture is skipped without being made")
    func notWiredSkips() throws {
        let variant = try ArgTestSupport.fixture(ArgTestSupport.fixtureRoot.appendingPathComponent("not-wired"), label: "not-wired")
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let result = try TestSupport.run(program.path, [])
        #expect(result.status == 77, "\(result)")
        #expect(result.stdout == "1..0 # SKIP unwired_call: the kernel does not wire the call up on this architecture (spec/unwired_call.yaml's numbers)\n",
                "\(result)")
    }

    @Test("a call that sends signals and can name its caller must isolate its cases in children")
    func signalsNeedChildIsolation() throws {
        let directory = try TestSupport.temporaryDirectory("argtest-signal-isolation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specDirectory = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        let source = ArgTestSupport.fixtureRoot.appendingPathComponent("signal-self/rt_tgsigqueueinfo.yaml")
        var text = try String(contentsOf: source, encoding: .utf8)
        try #require(text.contains("tests:\n  isolation: child\n"))
        text = text.replacingOccurrences(of: "tests:\n  isolation: child\n", with: "")
        try text.write(to: specDirectory.appendingPathComponent("rt_tgsigqueueinfo.yaml"), atomically: true, encoding: .utf8)
        let result = try TestSupport.sysshim(["generate", "--spec-dir", specDirectory.path, "--output-dir", directory.path,
                                              "--emitter", "argument-tests"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("error: the call sends signals and parameter 'tgid' has class 'self', the caller itself: the argument tests would signal their own process; set 'tests: {isolation: child}'"),
                "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("generated").path))
    }
}

/// The generator's oracle on the fixtures: several success cases, struct
/// instances as classes, contexts, and the completeness search.
@Suite("Argument tests: the oracle on success cases, instances and contexts")
struct ArgTestOracleTests {
    static let version = Version(parsing: "6.18")!

    @Test("a struct's instances are classes of the parameter pointing to it, after the role's")
    func instanceClasses() throws {
        let catalogue = try ArgTestSupport.fixtureCatalogue("instances-sizes-returns")
        let spec = try #require(catalogue.spec(named: "landlock_create_ruleset"))
        let attr = try #require(spec.parameter(named: "attr"))
        #expect(ArgumentDomains.classes(of: attr, in: catalogue)
                == ["null", "unmapped", "read-only", "valid", "no-access", "unknown-access", "unknown-scope", "net-only"])
        // Output structs and other roles have no instance classes.
        let size = try #require(spec.parameter(named: "size"))
        #expect(ArgumentDomains.classes(of: size, in: catalogue) == ParameterRole.size.argumentClasses)
    }

    @Test("the first success case that matches is expected, with what it returns")
    func successCases() throws {
        let catalogue = try ArgTestSupport.fixtureCatalogue("instances-sizes-returns")
        let spec = try #require(catalogue.spec(named: "landlock_create_ruleset"))
        func expected(_ classes: [String], _ context: CallerContext = .any) -> ArgTestOracle.Outcome? {
            ArgTestOracle.expected(spec, classes: classes, context: context, kernel: Self.version)
        }
        func error(_ errno: String, _ witnessed: String) -> ArgTestOracle.Outcome? {
            spec.errors.firstIndex { $0.errno == errno && $0.witness?.classes.keys.contains(witnessed) == true }.map { .error($0) }
        }
        #expect(expected(["read-only", "exact", "zero"]) == .success(0))
        #expect(expected(["net-only", "too-large", "zero"]) == .success(0))
        #expect(expected(["null", "zero", "known"]) == .success(1))
        #expect(spec.successes.map(\.returns) == [nil, .value])
        #expect(expected(["null", "zero", "several-known"]) == .error(3))
        #expect(spec.errors[3].witness?.classes["flags"]?.map(\.name) == ["unknown", "several-known"])
        #expect(expected(["unknown-scope", "exact", "zero"]) == .error(9))
        #expect(spec.errors[9].errno == "EINVAL")
        #expect(expected(["no-access", "exact", "zero"]) == error("ENOMSG", "attr"))
        // An entry of context fd-limit applies to cases run in that context only.
        #expect(expected(["valid", "exact", "zero"], .fdLimit) == error("EMFILE", "flags"))
        #expect(expected(["valid", "exact", "zero"], .unprivileged) == .success(0))
        #expect(ArgTestOracle.contexts(spec) == [.any, .fdLimit])
    }

    @Test("the generated program writes instances by field name, and fields a later kernel added at their offsets")
    func instanceFillFunctions() throws {
        let catalogue = try ArgTestSupport.fixtureCatalogue("instances-sizes-returns")
        let files = try Generator.render(catalogue, emitters: [ArgTestEmitter()])
        let program = try #require(files.first { $0.path == "generated/tests/landlock_create_ruleset_args.c" }).contents
        #expect(program.contains("((struct landlock_ruleset_attr *) object)->handled_access_fs = (__u64) (4ULL);"))
        #expect(program.contains("memcpy ((char *) object + 16, &value, sizeof value); /* scoped, since Linux 6.12 */"))
        #expect(program.contains("memcpy ((char *) object + 8, &value, sizeof value); /* handled_access_net, since Linux 6.7 */"))
        // The valid instance fills every object of the parameter; the size's minimum is the struct's min_size.
        #expect(program.contains("(size_t) 24, (size_t) 8, 0, -1, 0, NULL },"))
        #expect(program.contains("argtest_fill_landlock_ruleset_attr_valid },"))
        #expect(program.contains("ARGTEST_RETURNS_DESCRIPTOR }") && program.contains("ARGTEST_RETURNS_VALUE }"))
        let openat2 = try Generator.render(try ArgTestSupport.fixtureCatalogue("paths"), emitters: [ArgTestEmitter()])
        let openat2Program = try #require(openat2.first { $0.path == "generated/tests/openat2_args.c" }).contents
        // System constants are the C library's: its header is included, the name used as it is.
        #expect(openat2Program.contains("#include <fcntl.h>\n"))
        #expect(openat2Program.contains("((struct open_how *) object)->flags = (__u64) (O_RDONLY);"))
    }

    @Test("a combination that no success case covers is refused, naming it")
    func uncoveredSuccessCase() throws {
        let directory = try TestSupport.temporaryDirectory("argtest-uncovered")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specDirectory = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        let source = ArgTestSupport.fixtureRoot.appendingPathComponent("instances-sizes-returns/landlock_create_ruleset.yaml")
        var text = try String(contentsOf: source, encoding: .utf8)
        // Without the second case (and the Swift function for the value it returned).
        for removed in ["  - witness:\n      flags: known\n    returns: value\n", "  variants:\n    value: landlockQuery\n"] {
            try #require(text.contains(removed))
            text = text.replacingOccurrences(of: removed, with: "")
        }
        try text.write(to: specDirectory.appendingPathComponent("landlock_create_ruleset.yaml"), atomically: true, encoding: .utf8)
        let result = try TestSupport.sysshim(["generate", "--spec-dir", specDirectory.path, "--output-dir", directory.path,
                                              "--emitter", "argument-tests"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("error: the spec is incomplete: landlock_create_ruleset(attr=<null>, size=<zero>, flags=<known>) matches no error's witness and no success case's from Linux 5.13 on"),
                "\(result)")
        #expect(result.stderr.contains("flags=<known>) called in context fd-limit matches no error's witness"), "\(result)")
    }

    /// The six-parameter spec of Tests/Fixtures/argtests-search, with `edits`.
    func sixParameters(_ edits: [(String, String)] = []) throws -> (SyscallSpec, Catalogue) {
        let directory = try TestSupport.temporaryDirectory("argtest-six")
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/argtests-search/six_parameters.yaml"),
                              encoding: .utf8)
        for (old, new) in edits {
            try #require(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: directory.appendingPathComponent("six_parameters.yaml"), atomically: true, encoding: .utf8)
        let catalogue = try Catalogue.load(directory: directory, displayPrefix: "spec").get()
        return (try #require(catalogue.spec(named: "six_parameters")), catalogue)
    }

    @Test("the completeness search of a six-parameter call visits a small part of the combinations it proves")
    func sixParameterSearch() throws {
        let (spec, catalogue) = try sixParameters()
        #expect(ArgTestOracle.completenessProblems(spec, catalogue).isEmpty)
        let cost = ArgTestOracle.searchCost(spec, catalogue)
        // Two kernels (6.1 and 6.4, when SIX_SECOND arrives), one context.
        #expect(cost.combinations >= 1_000, "\(cost)")
        #expect(cost.visited * 4 < cost.combinations, "\(cost)")
        // Every class of every parameter, multiplied: what a search without class groups would try.
        let classes = spec.parameters.map { ArgumentDomains.possibleClasses(of: $0, in: catalogue, on: Version(parsing: "6.4")!).count }
        #expect(classes.reduce(1, *) > 300_000, "\(classes)")
    }

    @Test("the search finds a combination deep in the tree that nothing covers")
    func sixParameterGap() throws {
        let (spec, catalogue) = try sixParameters([("      pidfd: [running, killed-child]\n", "      pidfd: running\n")])
        let problems = ArgTestOracle.completenessProblems(spec, catalogue)
        let first = try #require(problems.first)
        #expect(first.message.hasPrefix("the spec is incomplete: six_parameters(pidfd=<killed-child>, dirfd=<"), "\(first.message)")
        #expect(first.message.contains(") matches no error's witness and no success case's from Linux 6.1 on"), "\(first.message)")
        #expect(problems.allSatisfy { $0.message.contains("pidfd=<killed-child>") || $0.severity == .note }, "\(problems)")
    }
}
