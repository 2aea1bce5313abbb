import Foundation
import Testing
import TestSupport
import Yams
@testable import SyscallSpec

/// docs/spec.md shows YAML: it must be YAML, use only fields the loader knows,
/// and its markup example must parse into what the text says it is.
@Suite struct DocumentationTests {
    static func yamlBlocks() throws -> [String] {
        let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/spec.md"), encoding: .utf8)
        return text.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
    }

    @Test func everyYAMLExampleUsesOnlyKnownFields() throws {
        let blocks = try Self.yamlBlocks()
        try #require(blocks.count >= 15, "only \(blocks.count) YAML examples found")
        for block in blocks where !block.split(separator: "\n").allSatisfy({ $0.hasPrefix("#") }) {
            let node = try #require(try Yams.compose(yaml: block), "empty example:\n\(block)")
            for (path, definition) in SchemaTests.mappings(in: node) {
                let fields = try #require(SpecFields.byDefinition[definition])
                let keys = try #require(SchemaTests.node(node, at: path)?.mapping).keys.compactMap(\.string)
                for key in keys where !fields.contains(key) {
                    Issue.record("docs/spec.md: '\(key)' at \(path) is not a field of \(definition):\n\(block)")
                }
            }
        }
    }

    @Test func theMarkupExampleParsesAsDescribed() throws {
        let block = try #require(try Self.yamlBlocks().first { $0.hasPrefix("notes: |") })
        let notes = try #require(try Yams.compose(yaml: block)?.mapping?.first?.value.string)
        let prose = try MarkupParser.parse(notes).get()
        #expect(prose.blocks.count == 4)
        guard prose.blocks.count == 4 else { return }
        #expect(prose.blocks[0] == .paragraph([
            .text("A low-memory killer sends "), .strong("SIGKILL"), .text(" with "),
            .crossReference(name: "pidfd_send_signal", section: "2"), .text(", then calls "),
            .function("process_mrelease"), .text(" on the same "), .emphasis("pidfd"), .text("."),
        ]))
        #expect(prose.blocks[1] == .paragraph([.text("Callers usually:")]))
        #expect(prose.blocks[2] == .list([
            [.text("treat success and "), .strong("ESRCH"), .text(" alike;")],
            [.text("never retry on "), .strong("EINTR"), .text(", since the call does not block for long.")],
        ]))
        #expect(prose.blocks[3] == .code("process_mrelease(pidfd, 0);"))
    }
}
