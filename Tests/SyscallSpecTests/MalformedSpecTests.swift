import Foundation
import Testing
import TestSupport

/// Runs the CLI over the malformed-spec corpus (see Malformed/README.md): every
/// broken spec must be refused with exactly the expected located diagnostics,
/// exit status 65, and nothing written.
@Suite struct MalformedSpecTests {
    static let corpus = TestSupport.packageRoot.appendingPathComponent("Tests/SyscallSpecTests/Malformed")

    /// The case directories, in order.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: corpus.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }()

    @Test func corpusCoversAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30, "only \(Self.cases.count) cases in \(Self.corpus.path)")
    }

    /// The control: the specs the cases break, left whole, are written. So an
    /// empty out/ in a case means the broken spec stopped the run, not that
    /// there was nothing to write.
    @Test func theSameSpecsUnbrokenAreWritten() throws {
        let scratch = try TestSupport.temporaryDirectory("malformed-control")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let specs = scratch.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"),
                                         to: specs.appendingPathComponent("process_mrelease.yaml"))
        try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent("01-yaml-syntax-error/spec/example_call.yaml"),
                                         to: specs.appendingPathComponent("example_call.yaml"))
        let result = try TestSupport.sysshim(["generate", "--spec-dir", "spec", "--output-dir", "out"], in: scratch)
        #expect(result.status == 0, "\(result)")
        let written = TestSupport.snapshot(scratch.appendingPathComponent("out")).keys
        #expect(written.contains { $0.contains("process_mrelease") }, "\(written.sorted())")
        #expect(written.contains { $0.contains("example_call") }, "\(written.sorted())")
    }

    @Test(arguments: cases)
    func generateRefusesTheCase(_ name: String) throws {
        let source = Self.corpus.appendingPathComponent(name)
        let expectedText = try String(contentsOf: source.appendingPathComponent("expected.txt"), encoding: .utf8)
        let expected = expectedText.split(separator: "\n").map(String.init)
        try #require(!expected.isEmpty, "\(name)/expected.txt is empty")

        let scratch = try TestSupport.temporaryDirectory("malformed-\(name)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(at: source.appendingPathComponent("spec"), to: scratch.appendingPathComponent("spec"))
        try growOversizeFile(case: source, in: scratch)

        let result = try TestSupport.sysshim(["generate", "--spec-dir", "spec", "--output-dir", "out"], in: scratch)

        #expect(result.status == 65, "\(name): \(result)")
        let diagnostics = result.stderr.split(separator: "\n").map(String.init)
            .filter { $0.contains(": error: ") || $0.contains(": note: ") }
        for line in expected {
            #expect(result.stderr.contains(line), "\(name): missing diagnostic\n  \(line)\nstderr:\n\(result.stderr)")
        }
        let errorCount = diagnostics.filter { $0.contains(": error: ") }.count
        #expect(errorCount == expected.filter { $0.contains(": error: ") }.count, "\(name): stderr:\n\(result.stderr)")
        // Sorted by file and position, notes behind their error: the order is part of the contract.
        #expect(diagnostics == expected, "\(name): diagnostics differ in order or content")
        let summary = "\(errorCount) error\(errorCount == 1 ? "" : "s"); nothing was written"
        #expect(result.stderr.hasSuffix(summary + "\n"), "\(name): no summary line '\(summary)'")
        let written = TestSupport.snapshot(scratch.appendingPathComponent("out"))
        #expect(written.isEmpty, "\(name): wrote \(written.keys.sorted())")
    }

    /// A case's `oversize` file says "spec/FILE SIZE": pad that file with YAML
    /// comment lines to exactly SIZE bytes, so the corpus need not store it.
    private func growOversizeFile(case source: URL, in scratch: URL) throws {
        let request = source.appendingPathComponent("oversize")
        guard FileManager.default.fileExists(atPath: request.path) else { return }
        let words = try String(contentsOf: request, encoding: .utf8).split(whereSeparator: \.isWhitespace)
        let size = try #require(words.count == 2 ? Int(words[1]) : nil, "oversize must read 'spec/FILE SIZE'")
        let url = scratch.appendingPathComponent(String(words[0]))
        var data = try Data(contentsOf: url)
        let line = Data(("#" + String(repeating: "-", count: 98) + "\n").utf8)
        while data.count + line.count <= size { data.append(line) }
        let remainder = size - data.count
        if remainder == 1 { data.append(Data("\n".utf8)) }
        if remainder >= 2 { data.append(Data(("#" + String(repeating: "-", count: remainder - 2) + "\n").utf8)) }
        try data.write(to: url)
        try #require(data.count == size)
    }
}
