import Foundation
import Testing
import TestSupport
@testable import SyscallGen
import SyscallSpec

/// A man page under test: every spec of spec/, and the hostile-prose fixture.
struct PageUnderTest: Sendable, CustomTestStringConvertible {
    var name: String
    var specDirectory: URL

    var testDescription: String { name }

    /// man(1) picks its output device, and col(1) its character set, from
    /// the locale: pin a UTF-8 one (built into glibc) so a test run without
    /// LANG renders the same as a reader's terminal.
    static let utf8Locale = ["LC_ALL": "C.UTF-8"]

    static let fixtureDirectory = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/specs/man-hostile")

    static let all: [PageUnderTest] = {
        let real = ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.specDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .map { PageUnderTest(name: String($0.dropLast(5)), specDirectory: TestSupport.specDirectory) }
        return real + [PageUnderTest(name: "hostile_prose", specDirectory: fixtureDirectory)]
    }()

    func spec() throws -> SyscallSpec {
        let catalogue = try Catalogue.load(directory: specDirectory).get()
        return try #require(catalogue.spec(named: name))
    }

    /// The page source, as the emitter writes it.
    func source() throws -> String {
        let catalogue = try Catalogue.load(directory: specDirectory).get()
        let files = try ManPageEmitter().emit(catalogue)
        return try #require(files.first { $0.path == "man/man2/\(name).2" }).contents
    }

    /// Runs `body` with the page written to a scratch file `<name>.2`.
    func withPageFile<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = try TestSupport.temporaryDirectory("manpage")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("\(name).2")
        try Data(try source().utf8).write(to: file)
        return try body(file)
    }

    /// The page as mandoc renders it, at a width no paragraph reaches.
    func renderedByMandoc() throws -> String {
        try withPageFile { file in
            let result = try TestSupport.shell("mandoc -Tutf8 -Owidth=1000 \"$1\" | col -bx",
                                               environment: PageUnderTest.utf8Locale, arguments: [file.path])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")
            return result.stdout
        }
    }

    /// The page as man(1) renders it for a reader, formatting stripped. At a
    /// width no paragraph reaches, nothing is hyphenated or broken, so prose
    /// can be compared as text.
    func rendered(width: Int = 1000) throws -> String {
        try withPageFile { file in
            let result = try TestSupport.shell("man -l \"$1\" | col -bx",
                                               environment: PageUnderTest.utf8Locale.merging(["MANWIDTH": "\(width)"]) { $1 },
                                               arguments: [file.path])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")
            return result.stdout
        }
    }
}

extension TestSupport {
    /// `sh -c script sh args...`, so paths never need quoting into the script.
    static func shell(_ script: String, environment: [String: String] = [:], arguments: [String]) throws -> ProcessResult {
        try run("sh", ["-c", script, "sh"] + arguments, environment: environment)
    }
}

/// Whitespace runs collapsed to one space, and the brackets groff (⟨⟩) and
/// mandoc (<>) put around a link's address dropped: what "the same text"
/// means here.
func normalized(_ text: String) -> String {
    let withoutBrackets = text.unicodeScalars.filter { $0 != "\u{27E8}" && $0 != "\u{27E9}" }
    return String(String.UnicodeScalarView(withoutBrackets))
        .replacing(/<(https?:\/\/[^>\s]*)>/) { String($0.1) }
        .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
}

/// The pieces of a prose text a reader must find on the page: each
/// paragraph, each list item, each line of code.
func fragments(of prose: Prose) -> [String] {
    prose.blocks.flatMap { block -> [String] in
        switch block {
        case .paragraph(let inlines): [ProseInline.plainText(inlines)]
        case .list(let items): items.map { ProseInline.plainText($0) }
        case .code(let text): text.split(separator: "\n").map(String.init)
        }
    }.map(normalized).filter { !$0.isEmpty }
}

/// The sections of a rendered page: heading → its lines.
func sections(of rendered: String) -> [String: [String]] {
    var result: [String: [String]] = [:]
    var current: String?
    for line in rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if let first = line.first, first != " " {
            current = line
            continue
        }
        if let current { result[current, default: []].append(line) }
    }
    return result
}

@Suite struct ManPageLintTests {
    /// The only message tolerated: man-pages titles its pages by the function's
    /// own name, in lower case (as the man-pages project does, which filters
    /// this message out of its own lint), rather than shouting PROCESS_MRELEASE.
    static func toleratedMandocMessage(_ page: PageUnderTest) -> String {
        "STYLE: lower case character in document title: TH \(page.name)"
    }

    @Test(arguments: PageUnderTest.all)
    func mandocLintPrintsNothing(page: PageUnderTest) throws {
        let result = try page.withPageFile { try TestSupport.run("mandoc", ["-Tlint", $0.path]) }
        let messages = (result.stdout + result.stderr).split(separator: "\n").map(String.init)
        let tolerated = messages.filter { $0.hasSuffix(":2:5: " + Self.toleratedMandocMessage(page)) }
        #expect(tolerated.count <= 1)
        #expect(messages.filter { !tolerated.contains($0) } == [])
    }

    @Test(arguments: PageUnderTest.all)
    func groffStyleCheckPrintsNothing(page: PageUnderTest) throws {
        let result = try page.withPageFile { try TestSupport.run("groff", ["-man", "-ww", "-rCHECKSTYLE=3", "-z", $0.path]) }
        #expect(result.status == 0)
        #expect(result.stdout + result.stderr == "")
    }

    @Test(arguments: PageUnderTest.all)
    func lintianManCheckPrintsNothing(page: PageUnderTest) throws {
        let result = try page.withPageFile { file in
            try TestSupport.run("man", ["--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", file.path],
                                environment: PageUnderTest.utf8Locale)
        }
        #expect(result.status == 0)
        #expect(result.stderr == "")
    }

    @Test(arguments: PageUnderTest.all)
    func sourceHasNoBlankLineAndOnlyASCII(page: PageUnderTest) throws {
        let source = try page.source()
        #expect(source.hasSuffix("\n"))
        for (index, line) in source.dropLast().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            #expect(!line.allSatisfy({ $0 == " " || $0 == "\t" }), "blank line \(index + 1)")
            #expect(line.last != " ", "trailing space on line \(index + 1)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 0x20 || $0 == "\t") }, "line \(index + 1)")
        }
    }

    @Test(arguments: PageUnderTest.all)
    func rendersWithinEightyColumns(page: PageUnderTest) throws {
        let rendered = try page.rendered(width: 80)
        #expect(rendered.contains("NAME"))
        for line in rendered.split(separator: "\n") {
            #expect(line.count <= 80, "\(line.count) columns: \(line)")
        }
    }
}

@Suite struct ManPageContentTests {
    @Test(arguments: PageUnderTest.all)
    func everyErrorConditionIsUnderItsErrno(page: PageUnderTest) throws {
        let spec = try page.spec()
        let errorLines = try #require(sections(of: try page.rendered())["ERRORS"])
        // An entry starts at the section's indentation with its errno as tag.
        var entries: [(errno: String, text: String)] = []
        for line in errorLines {
            if line.hasPrefix("       "), !line.hasPrefix("        ") {
                let tag = line.dropFirst(7).prefix { $0 != " " }
                entries.append((String(tag), String(line.dropFirst(7 + tag.count))))
            } else if !entries.isEmpty {
                entries[entries.count - 1].text += " " + line
            }
        }
        #expect(entries.map(\.errno) == entries.map(\.errno).sorted(), "alphabetical")
        for error in spec.errors {
            let expected = fragments(of: error.condition)
            #expect(entries.contains { entry in
                entry.errno == error.errno && expected.allSatisfy { normalized(entry.text).contains($0) }
            }, "\(error.errno): \(expected)")
        }
        // What a missing kernel option makes the call fail with is explained under that errno.
        for requirement in spec.kernelConfig {
            #expect(entries.contains { $0.errno == requirement.missingErrno }, "\(requirement.missingErrno)")
        }
        #expect(entries.count == spec.errors.count + spec.kernelConfig.filter { requirement in
            !spec.errors.contains { $0.errno == requirement.missingErrno }
        }.count)
    }

    @Test(arguments: PageUnderTest.all)
    func everyFlagIsNamedWithItsKernelVersion(page: PageUnderTest) throws {
        let spec = try page.spec()
        let catalogue = try Catalogue.load(directory: page.specDirectory).get()
        let text = normalized(try page.rendered())
        for parameter in spec.parameters {
            guard let set = catalogue.flagSet(for: parameter) else { continue }
            if set.reserved {
                #expect(text.contains("No flags are defined yet: \(parameter.name) must be 0."))
            }
            for flag in set.flags {
                switch flag.since {
                case .released(let version) where version > spec.availability.linux:
                    #expect(text.contains("\(flag.name) (since Linux \(version))"))
                case .released:
                    #expect(text.contains(flag.name))
                case .proposed:
                    #expect(text.contains("\(flag.name) (proposed"))
                }
            }
        }
    }

    /// Every prose field reaches the reader word for word, through groff
    /// (as man(1) runs it) and through mandoc alike.
    @Test(arguments: PageUnderTest.all)
    func everyProseFieldRendersVerbatim(page: PageUnderTest) throws {
        let spec = try page.spec()
        let catalogue = try Catalogue.load(directory: page.specDirectory).get()
        var expected: [String] = []
        expected += fragments(of: spec.summary) + fragments(of: spec.description) + fragments(of: spec.returns.prose)
        for parameter in spec.parameters {
            // A parameter with a reserved flag set is described by the set
            // (the page says "must be 0" itself); its own prose serves the
            // bindings' short parameter notes.
            if let set = catalogue.flagSet(for: parameter) {
                expected += fragments(of: set.prose) + set.flags.flatMap { fragments(of: $0.prose) }
                if set.reserved { continue }
            }
            expected += fragments(of: parameter.prose)
        }
        for record in spec.structs {
            expected += fragments(of: record.prose) + record.fields.flatMap { fragments(of: $0.prose) }
            expected += record.fields.map(\.name)
        }
        expected += spec.kernelConfig.flatMap { fragments(of: $0.prose) }
        expected += spec.errors.flatMap { fragments(of: $0.condition) }
        for prose in [spec.versions, spec.history, spec.notes, spec.caveats, spec.bugs] {
            expected += fragments(of: prose)
        }
        expected += spec.example.map { fragments(of: $0.prose) } ?? []
        expected += spec.references.flatMap { [normalized($0.title), $0.url.replacing("\"", with: "%22").replacing("\\", with: "%5C")] }
        expected += spec.seeAlso.map(\.description)
        #expect(!expected.isEmpty)
        let groffText = normalized(try page.rendered())
        #expect(expected.filter { !groffText.contains($0) } == [], "not on the page as man(1) shows it")
        let mandocText = normalized(try page.renderedByMandoc())
        #expect(expected.filter { !mandocText.contains($0) } == [], "not on the page as mandoc shows it")
    }

    /// The program is taken from the page a reader sees, compiled as the
    /// man-pages project compiles its examples, and run.
    @Test(arguments: PageUnderTest.all)
    func exampleProgramFromThePageCompilesAndRuns(page: PageUnderTest) throws {
        let spec = try page.spec()
        let example = try #require(spec.example)
        let lines = try page.rendered(width: 80).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "   Program source"))
        let end = try #require(lines[start...].firstIndex(of: "SEE ALSO"))
        var program = lines[(start + 1)..<end].map { $0.hasPrefix("       ") ? String($0.dropFirst(7)) : $0 }
        while program.first == "" { program.removeFirst() }
        while program.last == "" { program.removeLast() }
        let source = program.joined(separator: "\n") + "\n"
        #expect(source == example.code, "the page shows a different program")

        let directory = try TestSupport.temporaryDirectory("example")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("\(spec.name).c")
        try Data(source.utf8).write(to: file)
        let binary = directory.appendingPathComponent(spec.name).path
        // Built as the page's LIBRARY section says a reader on a C library
        // without the call would: with the shim's headers first on the include
        // path (pkg-config --cflags sysshim) and libsysshim.
        let library = try CToolchain.library(for: .glibc).appendingPathComponent("libsysshim.a").path
        let compile = try TestSupport.run("gcc", ["-Wall", "-Wextra", "-Werror", "-Wstrict-prototypes",
                                                  "-Wdeclaration-after-statement",
                                                  "-I\(CToolchain.replacementInclude)", "-I\(CToolchain.generatedInclude)",
                                                  "-o", binary, file.path, library])
        #expect(compile.status == 0, "\(compile)")
        #expect(compile.stderr == "")
        let run = try TestSupport.run(binary, [])
        #expect(run.status == 0, "\(run)")
    }

    @Test func hostileSpecCoversEveryHazard() throws {
        // The fixture must keep exercising what the escaper guards against.
        let text = try String(contentsOf: PageUnderTest.fixtureDirectory.appendingPathComponent("hostile_prose.yaml"), encoding: .utf8)
        for hazard in ["\n  .SH", "\n  'also", #"\fB"#, #"\\"#, "\"double\"", "--all", "\u{2014}", "\u{2013}",
                       "\u{201C}", "\u{2019}", "\n    .minus", "\n    '\\''"] {
            #expect(text.contains(hazard), "\(hazard)")
        }
    }
}

@Suite struct ManPageStructureTests {
    let processMrelease = PageUnderTest(name: "process_mrelease", specDirectory: TestSupport.specDirectory)
    let hostile = PageUnderTest(name: "hostile_prose", specDirectory: PageUnderTest.fixtureDirectory)

    func headings(_ source: String) -> [String] {
        source.split(separator: "\n").filter { $0.hasPrefix(".SH ") }.map { String($0.dropFirst(4)) }
    }

    @Test func sectionsComeInManPagesOrderAndOnlyWithContent() throws {
        #expect(headings(try processMrelease.source()) ==
                ["NAME", "LIBRARY", "SYNOPSIS", "CONFIGURATION", "DESCRIPTION", "RETURN VALUE", "ERRORS",
                 "STANDARDS", "HISTORY", "NOTES", "EXAMPLES", "SEE ALSO"])
        #expect(headings(try hostile.source()) ==
                ["NAME", "LIBRARY", "SYNOPSIS", "CONFIGURATION", "DESCRIPTION", "RETURN VALUE", "ERRORS",
                 "VERSIONS", "STANDARDS", "HISTORY", "NOTES", "CAVEATS", "BUGS", "EXAMPLES", "SEE ALSO"])
    }

    @Test func titleLineTakesTheDateFromTheSpecAndTheProjectVersion() throws {
        let lines = try processMrelease.source().split(separator: "\n")
        #expect(lines[0].hasPrefix(#".\" Generated by sysshim from spec/process_mrelease.yaml"#))
        #expect(lines[1] == ".TH process_mrelease 2 2026-11-30 \"sysshim \(ProjectVersion.current)\"")
        #expect(lines[3] == #"process_mrelease \- release the memory of a process that is being killed"#)
    }

    @Test func synopsisStatesTheFeatureTestMacroHeaderAndPrototype() throws {
        let source = try processMrelease.source()
        #expect(source.contains("""
        .SH SYNOPSIS
        .nf
        .BR "#define _GNU_SOURCE" "   /* See feature_test_macros(7) */"
        .B #include <sys/mman.h>
        .P
        .BI "int process_mrelease(int " pidfd ", unsigned int " flags );
        .fi
        """))
    }

    @Test func longPrototypesContinueUnderTheirFirstParameter() throws {
        let source = try hostile.source()
        #expect(source.contains("""
        .BI "int hostile_prose(int " fd ", const struct hostile_args *" args ", size_t " size ,
        .BI "                  unsigned int " flags );
        """))
    }

    @Test func libraryNamesTheCLibraryAndTheShim() throws {
        #expect(try processMrelease.source().contains("""
        .SH LIBRARY
        Standard C library
        .RI ( libc ,\\~ \\-lc ),
        since glibc 2.36
        .br
        sysshim library
        .RI ( libsysshim ,\\~ \\-lsysshim ),
        for glibc before 2.36 and musl
        .SH
        """))
        // A call no C library wraps has only the shim.
        #expect(try hostile.source().contains("""
        .SH LIBRARY
        sysshim library
        .RI ( libsysshim ,\\~ \\-lsysshim )
        .SH
        """))
        let both = try variant(of: "hostile_prose", replacing: "glibc: none\n  musl: none", with: "glibc: \"2.39\"\n  musl: \"1.2.5\"")
        #expect(both.contains("since glibc 2.39 and musl 1.2.5\n.br\nsysshim library\n.RI ( libsysshim ,\\~ \\-lsysshim ),\nfor glibc before 2.39 and musl before 1.2.5\n"))
        #expect(both.contains(".SH HISTORY\nLinux 6.1, glibc 2.39, musl 1.2.5.\n"))
    }

    @Test func errorsAreAlphabeticalAndStableForEqualNames() throws {
        let source = try processMrelease.source()
        let tags = source.split(separator: "\n").split(separator: ".TP").dropFirst().map { String($0.first ?? "") }
        let errors = tags.filter { $0.hasPrefix(".B E") }
        #expect(errors == [".B EAGAIN", ".B EBADF", ".B EINTR", ".B EINVAL", ".B EINVAL", ".B ENOSYS", ".B ESRCH"])
        // The spec lists the flags EINVAL before the not-exiting one; so does the page.
        let flagsEntry = try #require(source.range(of: ".B EINVAL\n.I \\%flags\nis not 0."))
        let exitingEntry = try #require(source.range(of: ".B EINVAL\nThe memory of the target process"))
        #expect(flagsEntry.lowerBound < exitingEntry.lowerBound)
        // Version limits are stated on the tag.
        #expect(try hostile.source().contains(".TP\n.BR EINVAL \" (since Linux 6.9)\"\n"))
    }

    @Test func missingKernelOptionGetsAnErrorsEntryOnlyWhenNoneExplainsIt() throws {
        #expect(try hostile.source().contains(".TP\n.B ENOSYS\nThe kernel was built without\n.BR \\%CONFIG_HOSTILE_PROSE .\n"))
        let source = try processMrelease.source()
        #expect(source.components(separatedBy: ".B ENOSYS\n").count == 2)
        #expect(source.contains(".SH CONFIGURATION\nThe call exists only in kernels built with\n.BR \\%CONFIG_MMU .\n"))
    }

    @Test func flagTagsCarryTheirKernelVersion() throws {
        let source = try hostile.source()
        #expect(source.contains(".TP\n.B HOSTILE_A\n"))
        #expect(source.contains(".TP\n.BR HOSTILE_B \" (since Linux 6.9)\"\n"))
        #expect(source.contains(".TP\n.BR HOSTILE_C \" (proposed; in no released kernel)\"\n"))
        #expect(try processMrelease.source().contains(".TP\n.I flags\nNo flags are defined yet:\n.I \\%flags\nmust be 0.\nThe kernel rejects any set bit,\n"))
    }

    @Test func structsAreShownAsCodeWithTheirFields() throws {
        #expect(try hostile.source().contains("""
        .SS The hostile_args structure
        The argument block; its first field is
        .BR \\%.first .
        .P
        .in +4n
        .EX
        struct hostile_args {
            __u64 first;
            __u32 second;
            __u32 third;
        };
        .EE
        .in
        .P
        The fields are:
        .TP
        .I first
        """))
    }

    @Test func seeAlsoIsSortedBySectionThenNameWithoutFinalPeriod() throws {
        #expect(try hostile.source().contains("""
        .SH SEE ALSO
        .ad l
        .nh
        .BR bpf (2),
        .BR kill (2),
        .BR pidfd_open (2),
        .BR proc (5),
        .BR capabilities (7)
        .P
        Discussions on the Linux kernel mailing lists:
        .br
        .UR https://lkml.kernel.org/\\:r/\\:odd%22id%5Cwith-dash@\\:example.org
        \\&.Title with a "quote" and \\efB
        .UE
        """))
    }

    @Test func historyLeadsWithTheReleasesThenTheSpecsProse() throws {
        #expect(try processMrelease.source().contains(".SH HISTORY\nLinux 5.15, glibc 2.36.\n.P\nmusl has no wrapper;\n"))
    }

    @Test func exampleIsMarkedForExtraction() throws {
        let source = try processMrelease.source()
        #expect(source.contains(".SS Program source\n\\&\n.\\\" SRC BEGIN (process_mrelease.c)\n.EX\n#define _GNU_SOURCE\n"))
        #expect(source.contains("\n.EE\n.\\\" SRC END\n.SH SEE ALSO\n"))
    }

    @Test func exampleLinesTooWideForTheTerminalAreALocatedError() throws {
        let wide = "    printf(\"" + String(repeating: "x", count: 70) + "\\n\");\n"
        let yaml = try fixtureText().replacing("        printf(\"%s\\n\", sample.text);\n", with: "    " + wide)
        let catalogue = try Catalogue.load(files: [("Tests/Fixtures/specs/man-hostile/hostile_prose.yaml", Data(yaml.utf8))]).get()
        let error = #expect(throws: EmitError.self) {
            try ManPageEmitter().emit(catalogue)
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("Tests/Fixtures/specs/man-hostile/hostile_prose.yaml:"), "\(message)")
        #expect(message.contains(": error: line 26 of the example program is 87 columns wide"), "\(message)")
    }

    @Test func outputIsDeterministic() throws {
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory).get()
        let first = try ManPageEmitter().emit(catalogue)
        let second = try ManPageEmitter().emit(catalogue)
        #expect(first == second)
        #expect(first.map(\.path) == catalogue.specs.map { "man/man2/\($0.name).2" })
        #expect(EmitterRegistry.all.contains { $0 is ManPageEmitter })
    }

    func fixtureText() throws -> String {
        try String(contentsOf: PageUnderTest.fixtureDirectory.appendingPathComponent("hostile_prose.yaml"), encoding: .utf8)
    }

    /// The page of a spec edited in memory.
    func variant(of name: String, replacing old: String, with new: String) throws -> String {
        let text = try fixtureText()
        #expect(text.contains(old))
        let catalogue = try Catalogue.load(files: [("x/\(name).yaml", Data(text.replacing(old, with: new).utf8))]).get()
        return try #require(try ManPageEmitter().emit(catalogue).first).contents
    }
}

@Suite struct ManPageInstallTests {
    @Test func installManPutsPagesWhereManFindsThem() throws {
        let destination = try TestSupport.temporaryDirectory("install-man")
        defer { try? FileManager.default.removeItem(at: destination) }
        // Run as a fresh make, not as a child of the `make check` running the tests.
        let freshMake = ["MAKEFLAGS": "", "MFLAGS": "", "MAKELEVEL": ""]
        let install = try TestSupport.run("make", ["-C", TestSupport.packageRoot.path, "--no-print-directory",
                                                   "install-man", "DESTDIR=\(destination.path)", "PREFIX=/usr"],
                                          environment: freshMake)
        #expect(install.status == 0, "\(install)")

        let manDirectory = destination.appendingPathComponent("usr/share/man")
        let page = manDirectory.appendingPathComponent("man2/process_mrelease.2")
        let attributes = try FileManager.default.attributesOfItem(atPath: page.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        #expect(FileManager.default.contents(atPath: page.path)
                == FileManager.default.contents(atPath: TestSupport.packageRoot.appendingPathComponent("man/man2/process_mrelease.2").path))

        let shown = try TestSupport.run("man", ["-M", manDirectory.path, "2", "process_mrelease"],
                                        environment: PageUnderTest.utf8Locale.merging(["MANWIDTH": "80"]) { $1 })
        #expect(shown.status == 0, "\(shown)")
        #expect(normalized(shown.stdout).contains("process_mrelease - release the memory of a process that is being killed"))

        let uninstall = try TestSupport.run("make", ["-C", TestSupport.packageRoot.path, "--no-print-directory",
                                                     "uninstall-man", "DESTDIR=\(destination.path)", "PREFIX=/usr"],
                                            environment: freshMake)
        #expect(uninstall.status == 0, "\(uninstall)")
        #expect(!FileManager.default.fileExists(atPath: page.path))
        let gone = try TestSupport.run("man", ["-M", manDirectory.path, "2", "process_mrelease"])
        #expect(gone.status != 0)
    }
}
