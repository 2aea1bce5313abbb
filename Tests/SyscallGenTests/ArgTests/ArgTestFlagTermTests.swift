import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

/// Flag terms and races limited to classes in the argument tests: the
/// generator's view of flag words, the oracle on the catalogue's specs, the
/// tables the program evaluates, and runs against the kernel.
@Suite("Argument tests: flag terms and races limited to classes")
struct ArgTestFlagTermTests {
    /// A flag word of 8 bits, so that every word can be tried: flags the
    /// kernel has, one it got later, a proposed one, one of two bits, and a
    /// C library constant overlapping two others.
    static let byteFlags = """
    name: byteflags
    summary: take a byte of flags
    date: "2026-11-30"
    header: sys/byteflags.h
    availability: {linux: "5.1", glibc: none, musl: none}
    numbers: {common: 462}
    returns: {type: int, kind: zero, prose: Zero.}
    parameters:
      - {name: flags, type: __u8, role: flags, flag_set: byteflags_flags, prose: Flags.}
    flag_sets:
      - name: byteflags_flags
        swift_name: ByteFlags
        prose: Flags.
        flags:
          - {name: BYTE_A, value: 0x1, since: "5.1", prose: A.}
          - {name: BYTE_B, value: 0x2, since: "5.1", prose: B.}
          - {name: BYTE_LATE, value: 0x4, since: "6.0", prose: Late.}
          - {name: BYTE_PAIR, value: 0x30, since: "5.1", prose: Two bits.}
          - {name: BYTE_PROPOSED, value: 0x40, since: proposed, prose: Proposed.}
          - {name: SYS_AB, value: 0x3, since: "5.1", system_header: fcntl.h, prose: "A and B, as the C library names them."}
    errors:
      - errno: EINVAL
        condition: Unknown bits.
        witness: {flags: unknown}
    probe: {arguments: {flags: 0x80}, expect: EINVAL}
    description: Takes.
    swift: {name: byteFlags, availability: isByteFlagsSupported}
    """

    static func byteFlagsParameter(exclusive: Bool) throws -> (Parameter, FlagSet) {
        var text = byteFlags
        if exclusive { text = text.replacingOccurrences(of: "    swift_name: ByteFlags\n", with: "    swift_name: ByteFlags\n    exclusive: true\n") }
        let catalogue = try Catalogue.load(files: [("spec/byteflags.yaml", Data(text.utf8))]).get()
        let parameter = try #require(catalogue.spec(named: "byteflags")?.parameters.first)
        return (parameter, try #require(catalogue.flagSet(for: parameter)))
    }

    @Test("the arguments the generator lists for a flag word are exactly those of its 256 words",
          arguments: [false, true], [["BYTE_A"], [], ["BYTE_PAIR"], ["BYTE_LATE", "BYTE_PROPOSED"], ["SYS_AB"], ["BYTE_A", "BYTE_B", "BYTE_PAIR", "SYS_AB"]])
    func flagWordsAreExact(_ exclusive: Bool, _ named: [String]) throws {
        let (parameter, set) = try Self.byteFlagsParameter(exclusive: exclusive)
        for kernel in ["5.1", "6.0"].map({ Version(parsing: $0)! }) {
            let words = FlagWords(parameter, set, kernel: kernel, naming: Set(named))
            let listed = words.possibleArguments()
            let actual = Set((0..<256).map { words.argument(of: UInt64($0)) })
            #expect(Set(listed) == actual, "exclusive \(exclusive), naming \(named), Linux \(kernel)")
            #expect(listed.count == Set(listed).count)
            // Bits beyond the type are not the word's.
            #expect(words.argument(of: 0x101) == words.argument(of: 0x1))
        }
    }

    @Test("a flag word's class is the run-time's: zero, known, several-known (exclusive sets), unknown")
    func flagWordClasses() throws {
        let (parameter, set) = try Self.byteFlagsParameter(exclusive: true)
        let old = FlagWords(parameter, set, kernel: Version(parsing: "5.1")!, naming: ["BYTE_LATE", "SYS_AB"])
        #expect(old.argument(of: 0) == ClassifiedArgument("zero", flagTerms: [FlagTerm(.without, "BYTE_LATE"), FlagTerm(.without, "SYS_AB")]))
        #expect(old.argument(of: 0x1).argumentClass == "known")
        // SYS_AB is A and B: two flags of an exclusive set (the system constant is a flag too).
        #expect(old.argument(of: 0x3) == ClassifiedArgument("several-known", flagTerms: [FlagTerm(.without, "BYTE_LATE"), FlagTerm(.exactly, "SYS_AB"), FlagTerm(.with, "SYS_AB")]))
        #expect(old.argument(of: 0x10).argumentClass == "known", "half of a two-bit flag is made of known bits")
        #expect(old.argument(of: 0x4) == ClassifiedArgument("unknown", flagTerms: [FlagTerm(.exactly, "BYTE_LATE"), FlagTerm(.with, "BYTE_LATE"), FlagTerm(.without, "SYS_AB")]))
        #expect(old.argument(of: 0x40).argumentClass == "unknown")
        let new = FlagWords(parameter, set, kernel: Version(parsing: "6.0")!, naming: ["BYTE_LATE"])
        #expect(new.argument(of: 0x4).argumentClass == "known")
        #expect(new.argument(of: 0x4).description == "known: BYTE_LATE")
        #expect(new.argument(of: 0x5).description == "several-known: with-BYTE_LATE")
        // In an exclusive set a known word holds one flag at most: with BYTE_LATE, only bits that complete no
        // other flag, such as half of BYTE_PAIR.
        #expect(new.argument(of: 0x14).description == "known: with-BYTE_LATE")
        #expect(new.argument(of: 0x34).description == "several-known: with-BYTE_LATE")
        #expect(new.possibleArguments().map(\.description) == [
            "zero: without-BYTE_LATE", "known: BYTE_LATE", "known: with-BYTE_LATE", "known: without-BYTE_LATE",
            "several-known: with-BYTE_LATE", "several-known: without-BYTE_LATE", "unknown: with-BYTE_LATE", "unknown: without-BYTE_LATE",
        ])
    }

    @Test("flag terms naming more bits than the oracle enumerates are refused, not searched for long")
    func tooManyNamedBits() throws {
        func spec(flags count: Int) -> String {
            let flags = (0..<count).map { "      - {name: WIDE_\($0), value: \(1 << $0), since: \"5.1\", prose: Bit \($0).}" }
            let terms = (0..<count).map { "with-WIDE_\($0)" }.joined(separator: ", ")
            return Self.byteFlags
                .replacingOccurrences(of: "type: __u8", with: "type: __u32")
                .replacingOccurrences(of: Self.byteFlags.components(separatedBy: "    flags:\n")[1].components(separatedBy: "errors:\n")[0],
                                      with: flags.joined(separator: "\n") + "\n")
                .replacingOccurrences(of: "witness: {flags: unknown}", with: "witness: {flags: [unknown, \(terms)]}")
        }
        func problems(_ count: Int) throws -> [String] {
            let catalogue = try Catalogue.load(files: [("spec/byteflags.yaml", Data(spec(flags: count).utf8))]).get()
            do {
                _ = try Generator.render(catalogue, emitters: [ArgTestEmitter()])
                return []
            } catch {
                return error.diagnostics.map(\.message)
            }
        }
        #expect(try problems(12).isEmpty)
        #expect(try problems(13) == [
            "the witnesses name 13 flags of parameter 'flags' in flag terms, whose bits make 8192 patterns; the argument tests' oracle tells apart at most 4096 (12 single-bit flags)",
        ])
    }

    // MARK: - The oracle on the catalogue

    static func word(_ spec: SyscallSpec, _ parameter: String, _ names: [String], kernel: Version) throws -> ClassifiedArgument {
        let catalogue = ArgTestSupport.catalogue
        let flags = try #require(spec.parameter(named: parameter))
        let set = try #require(catalogue.flagSet(for: flags))
        let value = try names.reduce(UInt64(0)) { word, name in
            word | UInt64(bitPattern: try #require(set.flags.first { $0.name == name }).value(for: .host))
        }
        return FlagWords(flags, set, kernel: kernel, naming: ArgTestOracle.namedFlags(of: flags, in: spec)).argument(of: value)
    }

    @Test("landlock_restrict_self: -1 with LOG_SUBDOMAINS_OFF alone succeeds, -1 with any other word fails with EBADF")
    func landlockRestrictSelf() throws {
        let spec = try #require(ArgTestSupport.catalogue.spec(named: "landlock_restrict_self"))
        let ebadf = try #require(spec.errors.firstIndex { $0.errno == "EBADF" && $0.witness?.classes["ruleset_fd"]?.map(\.name) == ["minus-one"] })
        for release in ["6.15", "6.18", "7.0"] {
            let kernel = Version(parsing: release)!
            func expected(_ flags: [String]) throws -> ArgTestOracle.Outcome? {
                ArgTestOracle.expected(spec, arguments: [ClassifiedArgument("minus-one"), try Self.word(spec, "flags", flags, kernel: kernel)],
                                       context: .any, kernel: kernel)
            }
            #expect(try expected(["LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF"]) == .success(0), "Linux \(release)")
            #expect(try expected([]) == .error(ebadf))
            #expect(try expected(["LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF"]) == .error(ebadf))
            #expect(try expected(["LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF", "LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON"]) == .error(ebadf))
        }
        // Before 6.15 the flag is an unknown bit, refused first.
        let old = Version(parsing: "6.14")!
        let einval = try #require(spec.errors.firstIndex { $0.errno == "EINVAL" })
        #expect(ArgTestOracle.expected(spec, arguments: [ClassifiedArgument("minus-one"),
                                                         try Self.word(spec, "flags", ["LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF"], kernel: old)],
                                       context: .any, kernel: old) == .error(einval))
        // Since 7.0, TSYNC with it is another word that is not the flag alone.
        let tsync = try Self.word(spec, "flags", ["LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF", "LANDLOCK_RESTRICT_SELF_TSYNC"], kernel: Version(parsing: "7.0")!)
        #expect(ArgTestOracle.expected(spec, arguments: [ClassifiedArgument("minus-one"), tsync], context: .any,
                                       kernel: Version(parsing: "7.0")!) == .error(ebadf))
    }

    @Test("pidfd_open: a thread that does not lead its process opens with PIDFD_THREAD, and only with it")
    func pidfdOpenThread() throws {
        let spec = try #require(ArgTestSupport.catalogue.spec(named: "pidfd_open"))
        let kernel = Version(parsing: "6.18")!
        func errno(_ flags: [String]) throws -> String? {
            switch ArgTestOracle.expected(spec, arguments: [ClassifiedArgument("non-leader-thread"), try Self.word(spec, "flags", flags, kernel: kernel)],
                                          context: .any, kernel: kernel) {
            case .error(let index): spec.errors[index].errno
            case .success: nil
            case nil: "unspecified"
            }
        }
        #expect(try errno([]) == "ENOENT")
        #expect(try errno(["PIDFD_NONBLOCK"]) == "ENOENT")
        #expect(try errno(["PIDFD_THREAD"]) == nil)
        #expect(try errno(["PIDFD_NONBLOCK", "PIDFD_THREAD"]) == nil)
        // No race is left: every entry says one outcome.
        #expect(spec.errors.allSatisfy { $0.race == nil } && spec.successes.isEmpty)
    }

    @Test("pidfd_send_signal: PIDFD_SIGNAL_PROCESS_GROUP finds no group unless the target leads one")
    func pidfdSendSignalProcessGroup() throws {
        let spec = try #require(ArgTestSupport.catalogue.spec(named: "pidfd_send_signal"))
        let kernel = Version(parsing: "6.18")!
        func errno(_ pidfd: String, _ info: String, _ sig: String, _ flags: [String]) throws -> String? {
            let arguments = [ClassifiedArgument(pidfd), ClassifiedArgument(sig), ClassifiedArgument(info), try Self.word(spec, "flags", flags, kernel: kernel)]
            switch ArgTestOracle.expected(spec, arguments: arguments, context: .any, kernel: kernel) {
            case .error(let index): return spec.errors[index].errno
            case .success: return nil
            case nil: return "unspecified"
            }
        }
        #expect(spec.parameters.map(\.name) == ["pidfd", "sig", "info", "flags"])
        let group = ["PIDFD_SIGNAL_PROCESS_GROUP"]
        #expect(try errno("live-child", "null", "sigterm", group) == "ESRCH")
        #expect(try errno("live-child", "null", "minus-one", group) == "ESRCH")
        #expect(try errno("pgrp-leader-child", "null", "sigterm", group) == nil)
        #expect(try errno("pgrp-leader-child", "null", "minus-one", group) == "EINVAL")
        #expect(try errno("self", "valid", "zero", group) == "EPERM")
        #expect(try errno("self", "valid", "zero", ["PIDFD_SIGNAL_THREAD"]) == nil)
        #expect(try errno("live-child", "null", "sigterm", ["PIDFD_SIGNAL_THREAD_GROUP"]) == nil)
        #expect(spec.errors.allSatisfy { $0.race == nil } && spec.successes.isEmpty)
    }

    @Test("the generator refuses a success case that leaves a word without an outcome, naming the word by its flags")
    func uncoveredFlagWord() throws {
        let directory = try TestSupport.temporaryDirectory("argtest-flag-terms-gap")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specDirectory = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        var text = try String(contentsOf: ArgTestSupport.fixtureRoot.appendingPathComponent("flag-terms/pidfd_open.yaml"), encoding: .utf8)
        let success = "      flags: [zero, PIDFD_NONBLOCK, with-PIDFD_THREAD]\n"
        try #require(text.contains(success))
        text = text.replacingOccurrences(of: success, with: "      flags: [zero, with-PIDFD_THREAD]\n")
        try text.write(to: specDirectory.appendingPathComponent("pidfd_open.yaml"), atomically: true, encoding: .utf8)
        let result = try TestSupport.sysshim(["generate", "--spec-dir", specDirectory.path, "--output-dir", directory.path,
                                              "--emitter", "argument-tests"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("error: the spec is incomplete: pidfd_open(pid=<self|live-child|zombie-child|other-user-process>, flags=<known: without-PIDFD_THREAD>) matches no error's witness and no success case's from Linux 5.10 on"),
                "\(result)")
        // The thread that does not lead its process fails for such a word (ENOENT or EINVAL): it is covered.
        #expect(!result.stderr.contains("non-leader-thread"), "\(result)")
    }

    @Test("the program's tables name flag terms by the flag's number and races by their classes")
    func emittedTables() throws {
        let fixture = try Generator.render(try ArgTestSupport.fixtureCatalogue("flag-terms"), emitters: [ArgTestEmitter()])
        let program = try #require(fixture.first { $0.path == "generated/tests/pidfd_open_args.c" }).contents
        #expect(program.contains("    { 1, ARGTEST_TERM_FLAG_WITHOUT, 1, 0, 0 }, /* flags without-PIDFD_THREAD */\n"))
        #expect(program.contains("    { 1, ARGTEST_TERM_FLAG_EXACTLY, 0, 0, 0 }, /* flags PIDFD_NONBLOCK */\n"))
        #expect(program.contains("    { 1, ARGTEST_TERM_FLAG_WITH, 1, 0, 0 }, /* flags with-PIDFD_THREAD */\n"))
        let committed = try String(contentsOf: ArgTestSupport.generatedTests.appendingPathComponent("pidfd_getfd_args.c"), encoding: .utf8)
        let killed = try #require(ParameterRole.pidfd.argumentClasses.firstIndex(of: "killed-child"))
        #expect(committed.contains("    { 0, ARGTEST_TERM_CLASS, \(killed), 0, 0 }, /* pidfd killed-child */\n"))
        let spec = try #require(ArgTestSupport.catalogue.spec(named: "pidfd_getfd"))
        let raced = try #require(spec.errors.firstIndex { $0.errno == "EBADF" && $0.witness?.classes["targetfd"] != nil })
        #expect(committed.contains("static const struct argtest_term argtest_race_terms_error_\(raced)[] = {\n    { 0, ARGTEST_TERM_CLASS, \(killed), 0, 0 }, /* pidfd killed-child */\n};\n"))
        #expect(committed.contains("argtest_also_error_\(raced), argtest_also_names_error_\(raced), 1, argtest_race_terms_error_\(raced), 1, ARGTEST_RETURNS_DESCRIPTOR }"))
    }

    // MARK: - Against the kernel

    @Test("a flag term swapped for its opposite makes the program fail, on exactly the words it decides")
    func swappedFlagTermFails() throws {
        let variant = try ArgTestSupport.fixture(ArgTestSupport.fixtureRoot.appendingPathComponent("flag-terms"), label: "flag-terms-swapped",
                                                 edits: [("      flags: without-PIDFD_THREAD\n", "      flags: with-PIDFD_THREAD\n")])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "0", "--quiet"])
        #expect(run.status == 1, "\(run)")
        let failing = Set(run.failures.compactMap { $0.firstMatch(of: /<non-leader-thread: [^>]*>, flags=(0x[0-9a-f]+) </).map { String($0.1) } })
        #expect(failing == ["0x0", "0x800", "0x80", "0x880"], "\(run)")
        #expect(run.failures.count == 4, "\(run)")
        #expect(run.failures.contains { $0.contains("flags=0x80 <known: PIDFD_THREAD>) = ") && $0.contains("; expected -1 ENOENT (errors[3] ENOENT, spec/pidfd_open.yaml:") },
                "\(run)")
    }

    @Test("a race limited to classes widens the expected outcome for those classes only")
    func raceLimitedToClasses() throws {
        // ESRCH claimed for two running children too, with EINVAL (what the kernel says) accepted as a race of live-child only.
        let variant = try ArgTestSupport.variant("race-classes", edits: [("""
                witness:
                  pidfd: exited

            """, """
                witness:
                  pidfd: [exited, live-child, stopped-child]
                racy:
                  also: [EINVAL]
                  witness:
                    pidfd: live-child
                  reason: A test of races limited to classes.

            """)])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "0"])
        #expect(run.status == 1, "\(run)")
        #expect(run.passes.contains { $0.contains("<live-child: child ") && $0.hasSuffix("flags=0x0 <zero>) = -1 EINVAL") }, "\(run)")
        let failing = Set(run.failures.compactMap { $0.firstMatch(of: /pidfd=\d+ <([a-z-]+)/).map { String($0.1) } })
        #expect(failing == ["stopped-child"], "\(run)")
        // The race is not offered where it does not apply.
        #expect(run.failures.allSatisfy { $0.contains("= -1 EINVAL; expected -1 ESRCH (errors[3] ESRCH, spec/process_mrelease.yaml:") && !$0.contains("racy") },
                "\(run)")
    }
}
