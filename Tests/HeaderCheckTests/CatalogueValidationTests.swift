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
