import Foundation
import Testing
import TestSupport
import Yams
@testable import SyscallSpec

/// Loader details the corpus does not pin down: integer forms, the size limit,
/// names, suggestions.
@Suite struct LoaderTests {
    static let reference: String = {
        (try? String(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"), encoding: .utf8)) ?? ""
    }()

    static func load(_ text: String) -> Result<SyscallSpec, SpecLoadError> {
        SpecLoader.load(data: Data(text.utf8), path: "spec/process_mrelease.yaml")
    }

    @Test func theReferenceSpecLoads() throws {
        let spec = try Self.load(Self.reference).get()
        #expect(spec.name == "process_mrelease")
        #expect(spec.parameters.map(\.name) == ["pidfd", "flags"])
        #expect(spec.errors.map(\.errno) == ["ENOSYS", "EINVAL", "EBADF", "ESRCH", "EINVAL", "EINTR", "EAGAIN"])
        #expect(spec.availability.glibc == Version(parsing: "2.36") && spec.availability.musl == nil)
    }

    @Test func theSpecDirectoryLoadsAsOneCatalogue() throws {
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory, displayPrefix: "spec").get()
        #expect(catalogue.specs.map(\.name).contains("process_mrelease"))
        #expect(catalogue.specs.map(\.name) == catalogue.specs.map(\.name).sorted())
    }

    // MARK: - Integers

    func integer(_ yaml: String) throws -> (Int64?, [String]) {
        let reader = YAMLReader(file: "t.yaml")
        let node = try #require(try Yams.compose(yaml: "n: \(yaml)")?.mapping?.first?.value)
        return (reader.integer(node, what: "n"), reader.log.diagnostics.map(\.message))
    }

    @Test(arguments: [("0", Int64(0)), ("448", 448), ("0x1c0", 448), ("-0x10", -16), ("0b101", 5), ("1_000", 1000),
                      ("+7", 7), ("-9223372036854775808", Int64.min), ("0x7fffffffffffffff", Int64.max)])
    func integerForms(_ yaml: String, _ value: Int64) throws {
        let (parsed, messages) = try integer(yaml)
        #expect(parsed == value)
        #expect(messages.isEmpty)
    }

    @Test func integersWithALeadingZeroAreRefused() throws {
        let (parsed, messages) = try integer("010")
        #expect(parsed == nil)
        #expect(messages == ["n '010' has a leading 0, which YAML 1.1 reads as octal; write it in decimal or with 0x"])
    }

    @Test(arguments: [("\"5\"", "n must be an integer, found the quoted string \"5\""), ("0X10", "n must be an integer, found '0X10'"),
                      ("ten", "n must be an integer, found 'ten'"), ("[1]", "n must be an integer, found a list"),
                      ("0x8000000000000000", "n 0x8000000000000000 does not fit in 64 bits"), ("~", "n must be an integer, found nothing (null)")])
    func notIntegers(_ yaml: String, _ message: String) throws {
        let (parsed, messages) = try integer(yaml)
        #expect(parsed == nil)
        #expect(messages == [message])
    }

    // MARK: - Size limit

    /// Pads the reference spec with comment lines to exactly `size` bytes.
    static func padded(to size: Int) -> Data {
        var data = Data(reference.utf8)
        while data.count + 100 <= size { data.append(Data(("#" + String(repeating: "-", count: 98) + "\n").utf8)) }
        let remainder = size - data.count
        if remainder == 1 { data.append(Data("\n".utf8)) }
        if remainder >= 2 { data.append(Data(("#" + String(repeating: "-", count: remainder - 2) + "\n").utf8)) }
        return data
    }

    @Test func aSpecOfExactlyOneMiBLoads() throws {
        let data = Self.padded(to: SpecLoader.maximumFileSize)
        try #require(data.count == 1 << 20)
        #expect(throws: Never.self) { try SpecLoader.load(data: data, path: "spec/process_mrelease.yaml").get() }
    }

    @Test func oneByteMoreIsRefusedBeforeParsing() throws {
        let data = Self.padded(to: SpecLoader.maximumFileSize + 1)
        let result = SpecLoader.load(data: data, path: "spec/process_mrelease.yaml")
        guard case .failure(let error) = result else {
            Issue.record("an oversize spec loaded")
            return
        }
        #expect(error.diagnostics.map(\.description) == ["spec/process_mrelease.yaml:1:1: error: file is 1048577 bytes, over the 1 MiB limit for a spec"])
    }

    // MARK: - Names and suggestions

    @Test(arguments: [
        ("pidfd", nil),
        ("int", "'int' is a reserved word in C and C++"),
        ("protocol", "'protocol' is a reserved word in Swift"),
        ("default", "'default' is a reserved word in C, C++ and Swift"),
        ("class", "'class' is a reserved word in C++ and Swift"),
        ("_Bool", "'_Bool' is a reserved word in C"),
        ("2fd", "'2fd' is not a valid C identifier (letters, digits and '_', not starting with a digit)"),
        ("pid-fd", "'pid-fd' is not a valid C identifier (letters, digits and '_', not starting with a digit)"),
        ("pidfé", "'pidfé' is not a valid C identifier (letters, digits and '_', not starting with a digit)"),
    ] as [(String, String?)])
    func identifierProblems(_ name: String, _ problem: String?) {
        #expect(Identifier.problem(with: name) == problem)
    }

    @Test func suggestionsCatchTyposButNotUnrelatedWords() {
        let roles = ParameterRole.allCases.map(\.rawValue)
        let errnos = KernelErrno.all.map(\.name)
        #expect(Spelling.suggestion(for: "ESRHC", among: errnos) == "ESRCH")  // a swap is one edit
        #expect(Spelling.suggestion(for: "pidf", among: roles) == "pidfd")  // not 'pid', which is as close
        #expect(Spelling.suggestion(for: "file", among: roles) == nil)  // not 'size'
        #expect(Spelling.suggestion(for: "see_aslo", among: SpecFields.root) == "see_also")
        #expect(Spelling.suggestion(for: "einval", among: errnos) == "EINVAL")
        #expect(Spelling.didYouMean("author", among: SpecFields.root) == "")
    }

    // MARK: - Dotfiles

    @Test func dotfilesInTheSpecDirectoryAreSkipped() throws {
        let directory = try TestSupport.temporaryDirectory("dotfiles")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.reference.utf8).write(to: directory.appendingPathComponent("process_mrelease.yaml"))
        try Data("not: [a spec".utf8).write(to: directory.appendingPathComponent(".#process_mrelease.yaml"))
        try Data().write(to: directory.appendingPathComponent(".gitkeep"))
        let catalogue = try Catalogue.load(directory: directory, displayPrefix: "spec").get()
        #expect(catalogue.specs.map(\.name) == ["process_mrelease"])
    }
}
