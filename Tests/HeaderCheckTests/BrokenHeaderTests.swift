import Foundation
import HeaderCheck
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
