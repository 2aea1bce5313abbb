import Foundation
@testable import HeaderCheck
import SyscallSpec
import Testing
import TestSupport

/// Each check of the validator against a header broken on purpose: the problem
/// is reported, at the line that was broken, with a note at the spec field.
@Suite("Validator: deliberately broken headers")
struct BrokenHeaderTests {
    static let header = "generated/c/include/sysshim/process_mrelease.h"
    static let declaration = "SYSSHIM_API int sysshim_process_mrelease (int __pidfd, unsigned int __flags) SYSSHIM_API_THROW;"

    /// Where the problem is reported: the generated header's line, as a path the report prints.
    func expectLocated(_ problem: ReportedProblem, in tree: GeneratedTree, line: Int, relative: String = header,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(problem.primary.location.file == tree.path(relative).standardizedFileURL.path, sourceLocation: sourceLocation)
        #expect(problem.primary.location.line == line, sourceLocation: sourceLocation)
    }

    /// A note at the spec field; `lines` lists every acceptable line (the key, or
    /// its value where the loader records value locations).
    func expectSpecNote(_ problem: ReportedProblem, file: String, line: Int, orLines lines: [Int] = [],
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(problem.notes.contains { $0.location.file == file && ([line] + lines).contains($0.location.line) },
                "notes: \(problem.notes.map(\.description))", sourceLocation: sourceLocation)
    }

    @Test("a wrong parameter type")
    func wrongParameterType() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, Self.declaration,
                         with: "SYSSHIM_API int sysshim_process_mrelease (int __pidfd, unsigned long __flags) SYSSHIM_API_THROW;")
        let report = tree.validate()
        #expect(!report.passed)
        let problem = try #require(report.problems(containing: "parameter 2 of sysshim_process_mrelease has type 'unsigned long', but the spec's 'flags' is 'unsigned int'").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "unsigned long __flags", in: Self.header))
        expectSpecNote(problem, file: "spec/process_mrelease.yaml",
                       line: try specLine("- name: flags", in: tree.path("spec/process_mrelease.yaml")))
    }

    @Test("a wrong return type")
    func wrongReturnType() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, Self.declaration,
                         with: "SYSSHIM_API long sysshim_process_mrelease (int __pidfd, unsigned int __flags) SYSSHIM_API_THROW;")
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "sysshim_process_mrelease returns 'long', but the spec says 'int'").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "SYSSHIM_API long sysshim_process_mrelease", in: Self.header))
        expectSpecNote(problem, file: "spec/process_mrelease.yaml",
                       line: try specLine("returns:", in: tree.path("spec/process_mrelease.yaml")))
    }

    @Test("a variadic prototype")
    func variadicPrototype() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, Self.declaration,
                         with: "SYSSHIM_API int sysshim_process_mrelease (int __pidfd, unsigned int __flags, ...) SYSSHIM_API_THROW;")
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "sysshim_process_mrelease is variadic, but the spec's prototype is not").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "unsigned int __flags, ...", in: Self.header))
    }

    @Test("a wrong syscall number for one foreign ABI")
    func wrongNumberOnOneForeignABI() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, "#  define SYSSHIM_NR_process_mrelease 5448", with: "#  define SYSSHIM_NR_process_mrelease 5449")
        let report = tree.validate()
        let numberProblems = report.problems(containing: "SYSSHIM_NR_process_mrelease is")
        #expect(numberProblems.count == 1, "\(report.text)")
        let problem = try #require(numberProblems.first)
        #expect(problem.primary.message.hasPrefix("SYSSHIM_NR_process_mrelease is 5449 on mips-n64, but the spec says 5448 [mips-n64 (mips64-linux-gnuabi64"))
        expectLocated(problem, in: tree, line: try tree.line(of: "5449", in: Self.header))
        expectSpecNote(problem, file: "spec/process_mrelease.yaml",
                       line: try specLine("numbers:", in: tree.path("spec/process_mrelease.yaml")),
                       orLines: [try specLine("common: 448", in: tree.path("spec/process_mrelease.yaml"))])
        // Every other ABI still resolves to its own number.
        #expect(report.checksFailed == problem.primary.message.configurationCount)
    }

    @Test("no #error for an architecture outside the table")
    func unknownArchitectureFallsThrough() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.edit(Self.header) { text in
            text.components(separatedBy: "\n").map {
                $0.hasPrefix("#  error \"sysshim: no syscall number") ? "#  define SYSSHIM_NR_process_mrelease 448" : $0
            }.joined(separator: "\n")
        }
        let report = tree.validate()
        #expect(report.checksFailed == 1, "\(report.text)")
        #expect(!report.problems(containing: "SYSSHIM_NR_process_mrelease must stop with #error naming process_mrelease on an unknown architecture").isEmpty,
                "\(report.text)")
    }

    @Test("a missing include guard")
    func missingIncludeGuard() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.edit(Self.header) { text in
            text.components(separatedBy: "\n").filter {
                !$0.hasPrefix("#ifndef _SYSSHIM_PROCESS_MRELEASE_H") && !$0.hasPrefix("#define _SYSSHIM_PROCESS_MRELEASE_H")
                    && !$0.hasPrefix("#endif /* _SYSSHIM_PROCESS_MRELEASE_H")
            }.joined(separator: "\n")
        }
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "process_mrelease.h has no include guard around its whole text").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: 1)
        expectSpecNote(problem, file: "spec/process_mrelease.yaml", line: try specLine("name: process_mrelease", in: tree.path("spec/process_mrelease.yaml")))
    }

    @Test("a prototype that conflicts with glibc's")
    func conflictWithGlibc() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, "extern int process_mrelease (int __pidfd, unsigned int __flags) SYSSHIM_THROW;",
                         with: "extern int process_mrelease (int __pidfd, unsigned long __flags) SYSSHIM_THROW;")
        let report = tree.validate()
        let line = try tree.line(of: "extern int process_mrelease (int __pidfd, unsigned long __flags)", in: Self.header)
        let problem = try #require(report.problems(containing: "conflicting types for 'process_mrelease'").first {
            $0.primary.location.line == line
        }, "\(report.text)")
        expectLocated(problem, in: tree, line: line)
        #expect(problem.primary.message.contains("[host glibc "))
        #expect(problem.notes.contains { $0.message == "previous declaration is here" && $0.location.file.hasPrefix("/usr/include/") })
        expectSpecNote(problem, file: "spec/process_mrelease.yaml", line: try specLine("parameters:", in: tree.path("spec/process_mrelease.yaml")))
        // The forced-shim and musl paths never declare the C library's name this way.
        #expect(!report.problems(containing: "conflicting types").contains { $0.primary.message.contains("[host musl") })
    }

    static let redirect = "extern int process_mrelease (int __pidfd, unsigned int __flags) SYSSHIM_REDIRECT_THROW (\"sysshim_process_mrelease\");"

    @Test("a redirect to the wrong symbol")
    func redirectToWrongSymbol() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, Self.redirect, with: Self.redirect.replacingOccurrences(of: "(\"sysshim_process_mrelease\")", with: "(\"sysshim_process_mreleas\")"))
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "a call of process_mrelease goes to the symbol sysshim_process_mreleas, but it must go to sysshim_process_mrelease, the shim's wrapper (its declaration's assembler name is \"sysshim_process_mreleas\")").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "(\"sysshim_process_mreleas\")", in: Self.header))
        expectSpecNote(problem, file: "spec/process_mrelease.yaml", line: try specLine("availability:", in: tree.path("spec/process_mrelease.yaml")))
        // Where the C library lacks the call and no macro stands in: the forced shim, musl, foreign targets.
        #expect(problem.primary.message.contains("[host glibc-forced-shim "))
        // glibc 2.36 has the call, so its own units never read the redirect; header-only units use the macro.
        #expect(!report.problems(containing: "a call of process_mrelease").contains {
            $0.primary.message.contains("[host glibc ") || $0.primary.message.contains("SYSSHIM_INLINE")
        })
    }

    @Test("a missing redirect")
    func missingRedirect() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, Self.redirect, with: "extern int process_mrelease (int __pidfd, unsigned int __flags) SYSSHIM_THROW; /* no redirect */")
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "a call of process_mrelease goes to the symbol process_mrelease, but it must go to sysshim_process_mrelease, the shim's wrapper (its declaration has no assembler name: SYSSHIM_REDIRECT_THROW (\"sysshim_process_mrelease\") is missing)").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "/* no redirect */", in: Self.header))
        // The shim's wrapper itself is still declared right: only the name's resolution fails.
        #expect(report.problems(containing: "sysshim_process_mrelease").allSatisfy { $0.primary.message.hasPrefix("a call of process_mrelease") },
                "\(report.text)")
    }

    @Test("header-only mode without the macro calls the library's symbol")
    func headerOnlyWithoutMacro() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, "#elif defined(SYSSHIM_INLINE) || !defined(__GNUC__)", with: "#elif !defined(__GNUC__)")
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "in SYSSHIM_INLINE mode process_mrelease must be a function-like macro for sysshim_process_mrelease").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: Self.redirect, in: Self.header))
        #expect(problem.primary.message.contains("SYSSHIM_INLINE]") || problem.primary.message.contains("SYSSHIM_INLINE;"))
    }

    @Test("a compiler that is not GNU C gets an assembler name instead of the macro")
    func nonGNUCompilerWithoutMacro() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, "#elif defined(SYSSHIM_INLINE) || !defined(__GNUC__)", with: "#elif defined(SYSSHIM_INLINE)")
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "for a compiler that is not GNU C (no assembler names) process_mrelease must be a function-like macro for sysshim_process_mrelease").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: Self.redirect, in: Self.header))
        #expect(problem.primary.message.contains("without __GNUC__"))
        // Where the C library has the call (glibc 2.36), its own declaration is right without GNU C too.
        #expect(!problem.primary.message.contains("[host glibc "))
        // Only the units without __GNUC__ fail: at most their resolution check and their compiler diagnostics.
        let nonGNU = ValidationRun(catalogue: tree.catalogue, options: ValidationOptions(outputRoot: tree.root)).configurations.filter(\.nonGNU)
        #expect(report.checksFailed > 0 && report.checksFailed <= 2 * nonGNU.count, "\(report.text)")
        #expect(report.problems.allSatisfy { $0.primary.message.contains("without __GNUC__") }, "\(report.text)")
    }

    @Test("an object-like macro renames the struct named like the call")
    func objectLikeMacro() throws {
        let tree = try GeneratedTree.make()
        defer { tree.remove() }
        try tree.replace(Self.header, "# define process_mrelease(__a1, __a2) sysshim_process_mrelease (__a1, __a2)",
                         with: "# define process_mrelease sysshim_process_mrelease")
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "struct process_mrelease becomes struct sysshim_process_mrelease: the macro process_mrelease must be function-like").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "# define process_mrelease sysshim_process_mrelease", in: Self.header))
        // Calls still reach the wrapper: only the tag shows the difference.
        #expect(report.problems(containing: "a call of process_mrelease").isEmpty, "\(report.text)")
    }

    @Test("a POSIX-typed prototype that leaks into a strict ISO unit")
    func posixPrototypeLeaks() throws {
        let tree = try GeneratedTree.fixture()
        defer { tree.remove() }
        let fixtureHeader = "generated/c/include/sysshim/validator_fixture.h"
        try tree.edit(fixtureHeader) { text in
            text.components(separatedBy: "\n").filter { $0 != "#if SYSSHIM_POSIX_VISIBLE" && $0 != "#endif /* SYSSHIM_POSIX_VISIBLE */" }
                .joined(separator: "\n")
        }
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "validator_fixture is declared where the C library hides its POSIX type clockid_t (strict ISO C without feature-test macros); it belongs under SYSSHIM_POSIX_VISIBLE").first {
            $0.primary.message.hasPrefix("validator_fixture ")
        }, "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "SYSSHIM_REDIRECT_THROW (\"sysshim_validator_fixture\")", in: fixtureHeader),
                      relative: fixtureHeader)
        expectSpecNote(problem, file: "spec/validator_fixture.yaml", line: try specLine("parameters:", in: tree.path("spec/validator_fixture.yaml")))
        // Exactly the strict ISO units (c99 to c2x without _GNU_SOURCE, every C library
        // and target) where the name is a declaration rather than the header-only macro.
        let strict = ValidationRun(catalogue: tree.catalogue, options: ValidationOptions(outputRoot: tree.root)).configurations
            .filter { !$0.posixVisible && !$0.inlineWrappers && $0.singleHeader == nil }
        #expect(problem.primary.message.contains("[host glibc c99 alone;"))
        #expect(problem.primary.message.configurationCount == strict.count)
        #expect(!report.problems(containing: "sysshim_validator_fixture is declared where the C library hides").isEmpty)
        #expect(!report.problems(containing: "the macro validator_fixture is defined where the C library hides").isEmpty)
    }

    @Test("a flag with the wrong value")
    func wrongFlagValue() throws {
        let tree = try GeneratedTree.fixture()
        defer { tree.remove() }
        let fixtureHeader = "generated/c/include/sysshim/validator_fixture.h"
        try tree.replace(fixtureHeader, "# define RESOLVE_NO_MAGICLINKS 0x2", with: "# define RESOLVE_NO_MAGICLINKS 0x4")
        let report = tree.validate()
        let problems = report.problems(containing: "RESOLVE_NO_MAGICLINKS is 0x4 on ")
        let problem = try #require(problems.first, "\(report.text)")
        #expect(problem.primary.message.contains("but the spec says 0x2"))
        expectLocated(problem, in: tree, line: try tree.line(of: "RESOLVE_NO_MAGICLINKS 0x4", in: fixtureHeader), relative: fixtureHeader)
        let nameLine = try specLine("- name: RESOLVE_NO_MAGICLINKS", in: tree.path("spec/validator_fixture.yaml"))
        expectSpecNote(problem, file: "spec/validator_fixture.yaml", line: nameLine, orLines: [nameLine + 1])
    }

    @Test("a struct field at the wrong offset")
    func structFieldAtWrongOffset() throws {
        let tree = try GeneratedTree.fixture(fallbackFields: """
            __u64 flags;
            __u64 resolve;
            __u64 mode;
        """)
        defer { tree.remove() }
        let fixtureHeader = "generated/c/include/sysshim/validator_fixture.h"
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "field 'mode' of struct open_how in the generated headers is at offset 16 on aarch64, but the spec declares 8").first,
                                   "\(report.text)")
        expectLocated(problem, in: tree, line: try tree.line(of: "__u64 mode;", in: fixtureHeader), relative: fixtureHeader)
        expectSpecNote(problem, file: "spec/validator_fixture.yaml",
                       line: try specLine("- name: mode", in: tree.path("spec/validator_fixture.yaml")))
        // With glibc this machine has <linux/openat2.h>: the kernel's struct is used, and it
        // is right (musl on Debian has no kernel headers, so there the broken one is used).
        // Host glibc configurations come first, so they would lead any list they are in.
        #expect(!report.problems(containing: "struct open_how").contains { $0.primary.message.contains("[host glibc") })
        #expect(report.problems(containing: "struct open_how").contains { $0.primary.message.contains("[host musl") })
    }
}

extension String {
    /// How many configurations a report line names: "[a]" is one, "[a; and 5 more configurations]" six.
    var configurationCount: Int {
        guard let range = range(of: "; and ", options: .backwards),
              let count = Int(self[range.upperBound...].prefix { $0.isNumber }) else { return 1 }
        return count + 1
    }
}
