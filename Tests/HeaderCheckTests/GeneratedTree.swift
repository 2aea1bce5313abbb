import Foundation
import HeaderCheck
import SyscallGen
import SyscallSpec
import Testing
import TestSupport

/// A scratch output directory holding what `sysshim generate` writes for a spec
/// directory, which a test may then break on purpose before validating it.
struct GeneratedTree {
    let root: URL
    let catalogue: Catalogue

    static let fixtureSpecDirectory = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/validator/spec")
    /// A call glibc 2.36 declares in <sys/pidfd.h>, which has no extern "C".
    static let pidfdFixtureSpecDirectory = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/validator/pidfd")

    /// Generates from `specDirectory` (only `files` of it, when given), after
    /// applying `specEdits` (file name → transform) to a copy of it. From the
    /// real spec directory the default is process_mrelease alone: the broken
    /// headers are its, and validating the whole catalogue each time would
    /// only make the tests slower.
    static func make(from specDirectory: URL = TestSupport.specDirectory, files: [String]? = nil,
                     specEdits: [String: (String) -> String] = [:]) throws -> GeneratedTree {
        let root = try TestSupport.temporaryDirectory("validate")
        let specCopy = root.appendingPathComponent("spec")
        let files = files ?? (specDirectory == TestSupport.specDirectory ? ["process_mrelease.yaml"] : nil)
        if let files {
            try FileManager.default.createDirectory(at: specCopy, withIntermediateDirectories: true)
            for file in files {
                try FileManager.default.copyItem(at: specDirectory.appendingPathComponent(file), to: specCopy.appendingPathComponent(file))
            }
        } else {
            try FileManager.default.copyItem(at: specDirectory, to: specCopy)
        }
        for (name, edit) in specEdits {
            let url = specCopy.appendingPathComponent(name)
            let before = try String(contentsOf: url, encoding: .utf8)
            let after = edit(before)
            #expect(after != before, "the edit of \(name) changed nothing")
            try after.write(to: url, atomically: true, encoding: .utf8)
        }
        let catalogue = try Catalogue.load(directory: specCopy, displayPrefix: "spec").get()
        for file in try Generator.render(catalogue, emitters: [CShimEmitter()]) {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return GeneratedTree(root: root, catalogue: catalogue)
    }

    /// The fixture call, an openat2-shaped spec with a struct; `fallbackFields`
    /// replaces the fields of the shim's own definition of `struct open_how`
    /// (the one compilers use where the kernel headers lack it: musl, foreign targets).
    static let emittedFields = """
            __u64 flags;
            __u64 mode;
            __u64 resolve;

        """

    static func fixture(specEdits: [String: (String) -> String] = [:], fallbackFields: String = emittedFields) throws -> GeneratedTree {
        let tree = try make(from: fixtureSpecDirectory, specEdits: specEdits)
        if fallbackFields != emittedFields {
            try tree.edit("generated/c/include/sysshim/validator_fixture.h") { text in
                text.replacingOccurrences(of: "struct open_how {\n" + emittedFields, with: "struct open_how {\n" + fallbackFields + "\n")
            }
        }
        return tree
    }

    func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Rewrites a generated file; the edit must change it.
    func edit(_ relative: String, _ transform: (String) -> String) throws {
        let url = path(relative)
        let before = try String(contentsOf: url, encoding: .utf8)
        let after = transform(before)
        #expect(after != before, "the edit of \(relative) changed nothing")
        try after.write(to: url, atomically: true, encoding: .utf8)
    }

    func replace(_ relative: String, _ old: String, with new: String) throws {
        try edit(relative) { $0.replacingOccurrences(of: old, with: new) }
    }

    /// The 1-based number of the first line of a generated file containing `text`.
    func line(of text: String, in relative: String) throws -> Int {
        let lines = try String(contentsOf: path(relative), encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    func validate() -> ValidationReport {
        HeaderValidator.validate(catalogue, options: ValidationOptions(outputRoot: root))
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// A report's error or warning with the notes printed after it.
struct ReportedProblem {
    var primary: Diagnostic
    var notes: [Diagnostic]
}

extension ValidationReport {
    var problems: [ReportedProblem] {
        var result: [ReportedProblem] = []
        for diagnostic in diagnostics {
            if diagnostic.severity == .note, !result.isEmpty {
                result[result.count - 1].notes.append(diagnostic)
            } else {
                result.append(ReportedProblem(primary: diagnostic, notes: []))
            }
        }
        return result
    }

    /// Problems whose message contains `text`.
    func problems(containing text: String) -> [ReportedProblem] {
        problems.filter { $0.primary.message.contains(text) }
    }
}

/// The 1-based line of a spec file holding `text`, for checking spec notes.
func specLine(_ text: String, in specFile: URL) throws -> Int {
    let lines = try String(contentsOf: specFile, encoding: .utf8).components(separatedBy: "\n")
    return try #require(lines.firstIndex { $0.contains(text) }) + 1
}
