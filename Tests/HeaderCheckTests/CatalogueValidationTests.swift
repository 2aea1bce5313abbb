import Foundation
@testable import HeaderCheck
import SyscallSpec
import Testing
import TestSupport

@Suite("Validator: the real catalogue, the fixture, and this machine's UAPI headers")
struct CatalogueValidationTests {
    @Test("the committed headers of the real catalogue pass every check")
    func realCataloguePasses() throws {
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory, displayPrefix: "spec").get()
        let report = HeaderValidator.validate(catalogue, options: ValidationOptions(outputRoot: TestSupport.packageRoot))
        #expect(report.passed, "\(report.text)")
        #expect(report.diagnostics.isEmpty)
        // Every configuration contributes at least its well-formedness check.
        #expect(report.checksRun > report.translationUnits)
    }

    @Test("foreign targets: the required ABIs are parsed for real, the rest at least simulated")
    func foreignTargetsAreCovered() throws {
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory).get()
        let run = ValidationRun(catalogue: catalogue, options: ValidationOptions(outputRoot: TestSupport.packageRoot))
        var real: Set<String> = [], simulated: Set<String> = []
        for configuration in run.configurations {
            switch configuration.platform {
            case .foreign(let abi, _): real.insert(abi.name)
            case .simulated(let abi?, _): simulated.insert(abi.name)
            default: break
            }
        }
        #expect(requiredForeignABIs.isSubset(of: real))
        #expect(real.union(simulated) == Set(ABI.all.map(\.name)))
        // Each real foreign target runs in every dialect, in library and header-only mode.
        let aarch64 = run.configurations.filter { if case .foreign(let abi, _) = $0.platform { abi.name == "aarch64" } else { false } }
        #expect(aarch64.count == LanguageStandard.all.count * 2)
    }

    @Test("the fixture with a struct and UAPI flags passes, its struct compared with <linux/openat2.h>")
    func fixturePasses() throws {
        let tree = try GeneratedTree.fixture()
        defer { tree.remove() }
        let report = tree.validate()
        #expect(report.passed, "\(report.text)")
        #expect(!report.skipped.contains { $0.contains("open_how") || $0.contains("RESOLVE_") }, "\(report.skipped)")
        // The proposed flag has no UAPI header to compare with, so it is not mentioned at all.
        #expect(!report.skipped.contains { $0.contains("VALIDATOR_FIXTURE_PROPOSED") })
        // The C library's CLOCK_MONOTONIC was compared somewhere (glibc and musl define it).
        #expect(!report.skipped.contains { $0.contains("CLOCK_MONOTONIC") })
    }

    /// The fixture's struct open_how with a fourth field from a future kernel:
    /// this machine's <linux/openat2.h> (Linux 6.1) then has an older version.
    static func grownStruct(_ text: String) -> String {
        text.replacingOccurrences(of: "    size: 24\n    align: 8\n", with: "    size: 32\n    align: 8\n")
            .replacingOccurrences(of: "        offset: 16\n        prose: Resolve flags.\n", with: """
                        offset: 16
                        prose: Resolve flags.
                      - name: extra
                        type: __u64
                        offset: 24
                        since: "99.0"
                        prose: A field no kernel has yet.

                """)
    }

    @Test("kernel headers older than a struct that grew: accepted as that version, the shim's own struct whole")
    func olderStructAccepted() throws {
        let tree = try GeneratedTree.fixture(specEdits: ["validator_fixture.yaml": Self.grownStruct])
        defer { tree.remove() }
        let report = tree.validate()
        #expect(report.passed, "\(report.text)")
        #expect(report.skipped.contains("this machine's <linux/openat2.h> (Linux 6.1 headers) defines struct open_how as it was before Linux 99.0 (24 bytes: flags, mode, resolve); it is accepted as that version, and extra is checked in the shim's own definition only"),
                "\(report.skipped)")

        // The shim's own definition (musl, foreign targets) must be the whole struct.
        try tree.replace("generated/c/include/sysshim/validator_fixture.h", "    __u64 extra;\n", with: "")
        let truncated = tree.validate()
        let problem = try #require(truncated.problems(containing: "struct open_how in the generated headers is 24 bytes on ").first, "\(truncated.text)")
        #expect(problem.primary.message.contains("but the spec declares 32"))
        #expect(!truncated.problems(containing: "struct open_how").contains { $0.primary.message.contains("[host glibc ") })
    }

    @Test("kernel headers older than a struct that grew, but not a prefix of it (a field renamed)")
    func olderStructNotAPrefix() throws {
        let tree = try GeneratedTree.fixture(specEdits: ["validator_fixture.yaml": {
            Self.grownStruct($0).replacingOccurrences(of: "      - name: mode\n", with: "      - name: mode_bits\n")
        }])
        defer { tree.remove() }
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "struct open_how in <linux/openat2.h> (Linux 6.1 headers) has fields flags, mode, resolve, but the spec's struct before Linux 99.0 declares flags, mode_bits, resolve").first,
                                   "\(report.text)")
        #expect(problem.primary.location.file.hasSuffix("linux/openat2.h"))
        #expect(problem.notes.contains { $0.location.file == "spec/validator_fixture.yaml" && $0.message == "struct open_how is declared here" })
        // Both where the generated headers use the kernel's struct and in the UAPI header alone.
        #expect(problem.primary.message.contains("[host glibc "))
        // Not accepted as an older version.
        #expect(!report.skipped.contains { $0.contains("struct open_how as it was before") }, "\(report.skipped)")
        // The shim's own definition follows the spec, renamed field and all, and is right.
        #expect(report.problems(containing: "struct open_how in the generated headers").isEmpty, "\(report.text)")
    }

    @Test("a C library constant that disagrees with the spec names the library's header")
    func systemConstantMismatch() throws {
        let tree = try GeneratedTree.fixture(specEdits: ["validator_fixture.yaml": {
            $0.replacingOccurrences(of: "      - name: CLOCK_MONOTONIC\n        value: 1\n", with: "      - name: CLOCK_MONOTONIC\n        value: 2\n")
        }])
        defer { tree.remove() }
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "CLOCK_MONOTONIC (defined by the C library's <time.h>) is 0x1 on x86_64, but the spec says 0x2").first,
                                   "\(report.text)")
        #expect(problem.notes.contains { $0.location.file == "spec/validator_fixture.yaml" && $0.message == "flag CLOCK_MONOTONIC is declared here" })
        // The C library's value, where it shows it: glibc and musl, never the stub headers
        // (which define no constants) nor strict ISO C without feature-test macros.
        for problem in report.problems(containing: "CLOCK_MONOTONIC") {
            #expect(problem.primary.message.contains("[host "), "\(problem.primary.message)")
            #expect(!problem.primary.message.contains(" c99 alone]"))
        }
    }

    @Test("a call glibc declares without extern \"C\": reported for C++, and the shim's header passes")
    func libraryWithoutExternC() throws {
        let tree = try GeneratedTree.make(from: GeneratedTree.pidfdFixtureSpecDirectory)
        defer { tree.remove() }
        let report = tree.validate()
        #expect(report.passed, "\(report.text)")
        #expect(report.skipped.contains { $0.hasPrefix("in C++, this machine's <sys/pidfd.h> declares pidfd_getfd without extern \"C\", so calls go to the C++ symbol _Z11pidfd_getfdiij") },
                "\(report.skipped)")
        #expect(report.skipped.contains { $0.hasPrefix("in C++, this machine's <sys/pidfd.h> declares pidfd_getfd without extern \"C\" (") && $0.contains("(SYSSHIM_FORCE_SHIM)") },
                "\(report.skipped)")

        // Read again inside the shim's extern "C" block, the library's header would
        // change the linkage of its own declarations: that is the shim's fault, and fails.
        try tree.edit("generated/c/include/sysshim/pidfd_getfd.h") { text in
            text.replacingOccurrences(of: "# include <sys/pidfd.h>\n#endif\n", with: "#endif\n")
                .replacingOccurrences(of: "/* Declared by <sys/pidfd.h>, included above. */\n", with: "# include <sys/pidfd.h>\n")
        }
        let broken = tree.validate()
        let problem = try #require(broken.problems(containing: "has a different language linkage").first, "\(broken.text)")
        #expect(problem.primary.message.contains("[host glibc c++11 libc-first"))
        #expect(!broken.passed)
    }

    /// A struct of a pointer and a size_t: 16 bytes on LP64, 8 on ILP32.
    static func pointerSizedStruct(_ text: String) -> String {
        text.replacingOccurrences(of: "errors:\n", with: """
              - name: validator_fixture_range
                prose: A range, with fields whose size depends on the data model.
                size: 16
                align: 8
                swift_name: ValidatorFixtureRange
                fields:
                  - name: base
                    type: void *
                    offset: 0
                    prose: The start.
                  - name: len
                    type: size_t
                    offset: 8
                    prose: The length.
            errors:

            """)
    }

    @Test("a struct of pointer-sized fields: the declared layout on LP64, the same fields laid out on ILP32")
    func pointerSizedStructOnILP32() throws {
        let tree = try GeneratedTree.fixture(specEdits: ["validator_fixture.yaml": Self.pointerSizedStruct])
        defer { tree.remove() }
        let report = tree.validate()
        #expect(report.passed, "\(report.text)")

        // Aligned to 8 bytes, 'len' moves on ILP32 only.
        let header = "generated/c/include/sysshim/validator_fixture.h"
        try tree.replace(header, "    size_t len;\n", with: "    size_t len __attribute__ ((__aligned__ (8)));\n")
        let broken = tree.validate()
        let problem = try #require(broken.problems(containing: "field 'len' of struct validator_fixture_range in the generated headers is at offset 8 on i386, but the spec, laid out for ILP32, declares 4").first,
                                   "\(broken.text)")
        #expect(problem.primary.location.line == (try tree.line(of: "size_t len __attribute__", in: header)))
        #expect(!broken.problems(containing: "validator_fixture_range").contains { $0.primary.message.contains(" on x86_64") || $0.primary.message.contains(" on aarch64") },
                "\(broken.text)")
    }

    @Test("a syscall number that disagrees with <asm/unistd.h> names both sources")
    func uapiNumberMismatch() throws {
        let tree = try GeneratedTree.make(specEdits: ["process_mrelease.yaml": { $0.replacingOccurrences(of: "common: 448", with: "common: 449") }])
        defer { tree.remove() }
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "SYSSHIM_NR_process_mrelease is 449 on x86_64 (from spec/process_mrelease.yaml), but this machine's <asm/unistd.h> for x86_64 defines __NR_process_mrelease as 448").first,
                                   "\(report.text)")
        #expect(problem.primary.location.line == (try tree.line(of: "#  define SYSSHIM_NR_process_mrelease 449", in: "generated/c/include/sysshim/process_mrelease.h")))
        #expect(problem.notes.contains { $0.location.file.hasSuffix("asm/unistd_64.h") && $0.message == "__NR_process_mrelease is defined here" })
        #expect(!report.problems(containing: "on x32 (from spec/process_mrelease.yaml), but this machine's <asm/unistd.h> for x32 defines __NR_process_mrelease as 1073742272 (0x400001c0)").isEmpty)
        #expect(!report.problems(containing: "on i386 (from spec/process_mrelease.yaml)").isEmpty)
    }

    @Test("a flag value that disagrees with its UAPI header names both sources")
    func uapiFlagMismatch() throws {
        let tree = try GeneratedTree.fixture(specEdits: ["validator_fixture.yaml": {
            $0.replacingOccurrences(of: "        value: 0x02\n", with: "        value: 0x04\n")
        }])
        defer { tree.remove() }
        let report = tree.validate()
        let problem = try #require(report.problems(containing: "RESOLVE_NO_MAGICLINKS is 0x4 in spec/validator_fixture.yaml, but this machine's <linux/openat2.h> defines it as 0x2").first,
                                   "\(report.text)")
        #expect(problem.notes.contains { $0.location.file.hasSuffix("linux/openat2.h") && $0.message == "RESOLVE_NO_MAGICLINKS is defined here" })
        #expect(problem.notes.contains { $0.location.file == "spec/validator_fixture.yaml" })
    }

    @Test("a struct layout that disagrees with its UAPI header names both sources")
    func uapiStructMismatch() throws {
        let declared = """
              - name: flags
                type: __u64
                offset: 0
                prose: Open flags.
              - name: mode
                type: __u64
                offset: 8
                prose: File mode.

        """
        let swapped = """
              - name: mode
                type: __u64
                offset: 0
                prose: File mode.
              - name: flags
                type: __u64
                offset: 8
                prose: Open flags.

        """
        let tree = try GeneratedTree.fixture(specEdits: ["validator_fixture.yaml": { $0.replacingOccurrences(of: declared, with: swapped) }])
        defer { tree.remove() }
        let report = tree.validate()
        #expect(!report.passed)
        _ = try #require(report.problems(containing: "struct open_how in <linux/openat2.h> has fields flags, mode, resolve, but the spec declares mode, flags, resolve").first,
                         "\(report.text)")
        let offset = try #require(report.problems(containing: "field 'mode' of struct open_how in <linux/openat2.h> is at offset 8 on x86_64, but the spec declares 0").first)
        #expect(offset.primary.location.file.hasSuffix("linux/openat2.h"))
        #expect(offset.notes.contains { $0.location.file == "spec/validator_fixture.yaml" && $0.message == "field 'mode' is declared here" })
    }
}
