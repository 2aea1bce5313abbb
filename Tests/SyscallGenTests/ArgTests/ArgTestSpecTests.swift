import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

/// The argument tests follow the spec and only the spec: altered copies of the
/// reference spec change what the generated program expects, and the program
/// reports the disagreements with the kernel; a spec that leaves a combination
/// without an outcome is refused.
@Suite("Argument tests: generated from the spec")
struct ArgTestSpecTests {
    @Test("a witness moved to another errno makes the program fail, naming each case")
    func alteredWitnessFails() throws {
        // not-pidfd moves from EBADF to ESRCH: the kernel still says EBADF.
        let variant = try ArgTestSupport.variant("moved", edits: [
            ("        - not-open\n        - not-pidfd\n", "        - not-open\n"),
            ("    witness:\n      pidfd: exited\n", "    witness:\n      pidfd: [exited, not-pidfd]\n"),
        ])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "200", "--seed", "7", "--quiet"])
        #expect(run.status == 1, "\(run)")
        let moved = ParameterRole.pidfd.argumentGroups["not-pidfd"]!
        let failing = Set(run.failures.compactMap { $0.firstMatch(of: /pidfd=\d+ <([a-z-]+)/).map { String($0.1) } })
        #expect(failing == Set(moved), "\(run)")
        // Each failure names the call, its classes, what was expected and from where, what happened, and the seed.
        let sample = try #require(run.failures.first { $0.contains("<regular-file") && $0.contains("flags=0x0 <zero>") })
        #expect(sample.contains("= -1 EBADF; expected -1 ESRCH (errors[3] ESRCH, spec/process_mrelease.yaml:"), "\(sample)")
        #expect(sample.contains("seed 7]"), "\(sample)")
        // Flags are checked first: a bad flag still gives EINVAL, which the altered spec expects too.
        #expect(!run.failures.contains { $0.contains("<unknown") })
        #expect(run.summary?.failed == run.failures.count)
    }

    @Test("a spec that leaves a combination without an outcome is refused, at its success entry")
    func incompleteSpecIsRefused() throws {
        let directory = try TestSupport.temporaryDirectory("argtest-incomplete")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specDirectory = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        var text = try String(contentsOf: ArgTestSupport.referenceSpec, encoding: .utf8)
        let running = "      pidfd:\n        - running\n"
        try #require(text.contains(running))
        text = text.replacingOccurrences(of: running, with: "      pidfd:\n")
        try text.write(to: specDirectory.appendingPathComponent("process_mrelease.yaml"), atomically: true, encoding: .utf8)
        let result = try TestSupport.sysshim(["generate", "--spec-dir", specDirectory.path, "--output-dir", directory.path])
        #expect(result.status == 65, "\(result)")
        let successLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "success:" }! + 1
        #expect(result.stderr.contains("process_mrelease.yaml:\(successLine):1: error: the spec is incomplete: process_mrelease(pidfd=<self|live-child|stopped-child|nonblock-child|other-user-process|nondumpable-child|pgrp-leader-child>, flags=<zero>) matches no error's witness and no success case's from Linux 5.15 on"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("generated").path))
    }

    @Test("the oracle evaluates the spec's version ranges for the kernel it runs on", arguments: ["6.14", "6.16"])
    func versionRanges(_ assumed: String) throws {
        let program = try ArgTestSupport.committed("glibc")
        let run = try ArgTestSupport.run(program, ["--count", "0", "--quiet", "--assume-kernel", assumed])
        // On this kernel, the cases whose expected outcome differs on the assumed one fail, and only those.
        let spec = ArgTestSupport.spec
        let release = try TestSupport.shell("uname -r").stdout
        let actual = try #require(Version(parsing: String(release.prefix { $0.isNumber || $0 == "." })))
        let differing = Set(ParameterRole.pidfd.argumentClasses.filter { name in
            ArgTestOracle.expected(spec, classes: [name, "zero"], context: .any, kernel: Version(parsing: assumed)!)
                != ArgTestOracle.expected(spec, classes: [name, "zero"], context: .any, kernel: actual)
        })
        #expect(!differing.isEmpty)
        let failing = Set(run.failures.compactMap { $0.firstMatch(of: /pidfd=-?\d+ <([a-z-]+)>/).map { String($0.1) } })
        #expect(failing == differing, "\(run)")
        #expect(run.lines.contains { $0.contains("evaluated as Linux \(assumed)") })
    }

    @Test("a flag that is only proposed counts as an unknown bit; one the kernel predates, too")
    func proposedFlag() throws {
        let flagSet = """
            reserved: true
            swift_name: ProcessMemoryReleaseOptions
        """
        func withFlag(_ since: String) -> [(String, String)] {
            [(flagSet, """
                swift_name: ProcessMemoryReleaseOptions
                flags:
                  - name: PROCESS_MRELEASE_REAP_KILL
                    value: 1
                    since: \(since)
                    prose: Also reap memory shared with processes that are not exiting.
            """)]
        }
        for since in ["proposed", "\"99.0\""] {
            let variant = try ArgTestSupport.variant("proposed", edits: withFlag(since))
            defer { try? FileManager.default.removeItem(at: variant.directory) }
            let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
            let run = try ArgTestSupport.run(program, ["--count", "300"])
            #expect(run.status == 0, "\(run)")
            #expect(run.lines.contains { $0.contains("flags=0x1 <unknown: PROCESS_MRELEASE_REAP_KILL (") && $0.hasSuffix("= -1 EINVAL") }, "\(run)")
        }
    }

    @Test("a flag the spec says this kernel has, but which it lacks, is a finding")
    func flagClaimedTooEarly() throws {
        let variant = try ArgTestSupport.variant("claimed", edits: [("""
            reserved: true
            swift_name: ProcessMemoryReleaseOptions
        """, """
            swift_name: ProcessMemoryReleaseOptions
            flags:
              - name: PROCESS_MRELEASE_REAP_KILL
                value: 1
                since: "6.1"
                prose: Also reap memory shared with processes that are not exiting.
        """)])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "0", "--quiet"])
        #expect(run.status == 1, "\(run)")
        #expect(!run.failures.isEmpty)
        #expect(run.failures.allSatisfy { $0.contains("flags=0x1 <known: PROCESS_MRELEASE_REAP_KILL>") && $0.contains("= -1 EINVAL;") }, "\(run)")
    }

    @Test("tests.isolation: child runs each case in a child of the program, and passes")
    func childIsolation() throws {
        let variant = try ArgTestSupport.variant("child", edits: [("\nprobe:\n", "\ntests:\n  isolation: child\n\nprobe:\n")])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "500"])
        #expect(run.status == 0, "\(run)")
        #expect(run.lines.contains { $0.hasSuffix("; isolation: child") })
        // The pidfd of "self" is the calling child's own, built there: still not exiting, so EINVAL.
        #expect(run.lines.contains { $0.contains(" <self>, flags=0x0 <zero>) = -1 EINVAL") }, "\(run)")
        #expect(run.lines.contains { $0.hasSuffix(" - every descriptor closed, every child reaped, every temporary file removed") })
    }

    @Test("an error for unprivileged callers is checked in cases run in a child that dropped its privileges")
    func unprivilegedContext() throws {
        // Claims that unprivileged callers get EPERM for running targets: the kernel disagrees.
        let variant = try ArgTestSupport.variant("unprivileged", edits: [("  - errno: ESRCH\n", """
              - errno: EPERM
                condition: An unprivileged caller may not release a running process's memory.
                context: unprivileged
                witness:
                  pidfd: running
              - errno: ESRCH

            """)])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "200"])
        #expect(run.status == 1, "\(run)")
        let running = Set(ParameterRole.pidfd.argumentGroups["running"]!)
        let failing = Set(run.failures.compactMap { $0.firstMatch(of: /pidfd=\d+ <([a-z-]+)/).map { String($0.1) } })
        #expect(failing == running, "\(run)")
        #expect(run.failures.allSatisfy { $0.contains(", unprivileged, seed ") && $0.contains("expected -1 EPERM") }, "\(run)")
        // Every class ran unprivileged too, and the others passed there.
        #expect(run.passes.contains { $0.hasSuffix("[unprivileged]") && $0.contains("<zombie-child") })
        #expect(run.planned!.exhaustive == 2 * ArgTestSupport.exhaustiveCount(ArgTestSupport.spec, ArgTestSupport.catalogue))
    }

    @Test("an error of context no-new-privs applies to the cases run in that context, and only to them")
    func noNewPrivsContext() throws {
        // Claims EPERM for running targets when no_new_privs is set: the kernel disagrees, in that context only.
        let variant = try ArgTestSupport.variant("no-new-privs", edits: [("  - errno: ESRCH\n", """
              - errno: EPERM
                condition: A caller with no_new_privs may not release a running process's memory.
                context: no-new-privs
                witness:
                  pidfd: running
              - errno: ESRCH

            """)])
        defer { try? FileManager.default.removeItem(at: variant.directory) }
        let program = try ArgTestSupport.build(variant.program, .inline, in: variant.directory, include: variant.include)
        let run = try ArgTestSupport.run(program, ["--count", "0"])
        #expect(run.status == 1, "\(run)")
        #expect(run.lines.contains("# contexts: every combination runs as the runner is, and in a child in context no-new-privs"), "\(run)")
        #expect(run.planned!.exhaustive == 2 * ArgTestSupport.exhaustiveCount(ArgTestSupport.spec, ArgTestSupport.catalogue))
        let running = Set(ParameterRole.pidfd.argumentGroups["running"]!)
        let failing = Set(run.failures.compactMap { $0.firstMatch(of: /pidfd=[-?\d]+ <([a-z-]+)/).map { String($0.1) } })
        #expect(failing == running, "\(run)")
        #expect(run.failures.allSatisfy { $0.contains(", no-new-privs, seed ") && $0.contains("expected -1 EPERM") }, "\(run)")
        #expect(run.passes.contains { $0.hasSuffix("= -1 EINVAL") && $0.contains("<live-child") && !$0.contains("[no-new-privs]") })
    }

    @Test("generation is deterministic, and the committed files are what the spec produces")
    func deterministic() throws {
        let first = try Generator.render(ArgTestSupport.catalogue, emitters: [ArgTestEmitter()])
        let second = try Generator.render(try Catalogue.load(directory: TestSupport.specDirectory, displayPrefix: "spec").get(),
                                          emitters: [ArgTestEmitter()])
        #expect(first == second)
        #expect(first.map(\.path) == ["generated/tests/argtest.h"] + ArgTestSupport.catalogue.specs.map { "generated/tests/\($0.name)_args.c" })
        #expect(first.count >= 2)
        for file in first {
            let committed = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(file.path), encoding: .utf8)
            #expect(committed == file.contents, "\(file.path) differs from what the spec produces; run sysshim generate")
        }
        // The spec directory's spelling on the command line does not leak into the program.
        let spelled = try Catalogue.load(directory: TestSupport.specDirectory, displayPrefix: "./spec/").get()
        #expect(try Generator.render(spelled, emitters: [ArgTestEmitter()]) == first)
    }
}

/// Each role's domain against Roles.swift, and every constructor on this machine.
@Suite("Argument tests: role domains")
struct ArgumentDomainTests {
    @Test("every role's constructors are its classes, in Roles.swift's order", arguments: ParameterRole.allCases)
    func domainMatchesRole(_ role: ParameterRole) {
        let domain = ArgumentDomains.domain(for: role)
        switch domain.kind {
        case .named:
            #expect(domain.recipes.map(\.name) == role.argumentClasses)
        case .flagBits:
            #expect(role.argumentClasses == ["zero", "known", "several-known", "unknown"])
        case .flagValues:
            #expect(role.argumentClasses == ["zero", "known", "unknown"])
        case .integer:
            #expect(domain.recipes.isEmpty)
            #expect(ArgTestRuntime.header.contains("enum { \(ArgTestRuntime.classEnum("ARGTEST_INT_", role)) };"))
        }
    }

    @Test("every class of every role is built as its class says and released without a trace, under the sanitizers")
    func everyConstructor() throws {
        let directory = try TestSupport.temporaryDirectory("argtest-domains")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ArgTestEmitter.runtimeHeader.write(to: directory.appendingPathComponent("argtest.h"), atomically: true, encoding: .utf8)
        try ArgTestEmitter.domainSelfTestTables().write(to: directory.appendingPathComponent("argtest_domain_tables.h"),
                                                        atomically: true, encoding: .utf8)
        let source = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/c/argtest_domains.c")
        let program = directory.appendingPathComponent("argtest_domains")
        let build = try TestSupport.run("gcc", ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-g", "-O1",
            "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-I\(directory.path)", source.path, "-o", program.path],
            environment: CToolchain.cLocale)
        try #require(build.status == 0, "\(build)")
        let run = try TestSupport.run(program.path, [])
        #expect(run.status == 0, "\(run)")
        #expect(!run.stdout.contains("not ok"), "\(run)")
        for role in ParameterRole.allCases where ArgumentDomains.domain(for: role).kind == .named {
            for name in role.argumentClasses {
                #expect(run.stdout.split(separator: "\n").contains { $0.hasPrefix("ok - \(role.rawValue.replacingOccurrences(of: "-", with: "_"))_") && $0.hasSuffix(" <\(name)>") },
                        "\(role.rawValue) <\(name)> was not checked")
            }
        }
        #expect(run.stdout.contains("classifies values"))
        #expect(run.stdout.contains("evaluates flag terms"))
        // Each caller context other than the runner's own is entered as Roles.swift describes it.
        for context in CallerContext.allCases where context != .any {
            #expect(run.stdout.split(separator: "\n").contains("ok - context \(context.rawValue)"), "\(context.rawValue) was not checked")
        }
    }
}

@Suite("Argument tests: documentation")
struct ArgTestDocumentationTests {
    @Test("docs/argtests.md names every class of every role")
    func everyClassDocumented() throws {
        let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/argtests.md"), encoding: .utf8)
        for role in ParameterRole.allCases {
            for name in role.argumentClasses {
                #expect(text.contains("`\(name)`"), "docs/argtests.md does not name \(role.rawValue)'s class \(name)")
            }
        }
    }
}
