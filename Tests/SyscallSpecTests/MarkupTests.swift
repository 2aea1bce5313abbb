import Foundation
import Testing
import Yams
@testable import SyscallSpec

/// The inline markup of spec prose (Markup.swift, documented in docs/spec.md).
@Suite struct MarkupTests {
    func paragraph(_ source: String) throws -> [ProseInline] {
        let prose = try MarkupParser.parse(source).get()
        try #require(prose.blocks.count == 1, "\(prose.blocks)")
        guard case .paragraph(let inlines) = prose.blocks[0] else {
            Issue.record("not a paragraph: \(prose.blocks[0])")
            return []
        }
        return inlines
    }

    func failure(_ source: String) -> MarkupError? {
        if case .failure(let error) = MarkupParser.parse(source) { return error }
        Issue.record("'\(source)' parsed without error")
        return nil
    }

    // MARK: - Inline forms

    @Test func everyInlineFormInOneSentence() throws {
        let inlines = try paragraph("Use *pidfd* with **EINVAL**, `x & 1`, kill(2), pidfd_open() and <https://lkml.kernel.org/r/a@b>.")
        #expect(inlines == [
            .text("Use "), .emphasis("pidfd"), .text(" with "), .strong("EINVAL"), .text(", "), .code("x & 1"),
            .text(", "), .crossReference(name: "kill", section: "2"), .text(", "), .function("pidfd_open"),
            .text(" and "), .link("https://lkml.kernel.org/r/a@b"), .text("."),
        ])
    }

    @Test func italicMayHoldSeveralWords() throws {
        #expect(try paragraph("*a b*") == [.emphasis("a b")])
    }

    @Test func aStarBeforeASpaceIsNotMarkup() throws {
        #expect(try paragraph("2 * 3 = 6") == [.text("2 * 3 = 6")])
    }

    @Test func codeIsTakenLiterally() throws {
        #expect(try paragraph("`*not italic* kill(2)`") == [.code("*not italic* kill(2)")])
    }

    @Test func crossReferencesTakeSectionsWithSuffixes() throws {
        #expect(try paragraph("pthread_create(3p) proc(5)") == [
            .crossReference(name: "pthread_create", section: "3p"), .text(" "), .crossReference(name: "proc", section: "5"),
        ])
    }

    @Test func parenthesesThatAreNotASectionStayText() throws {
        #expect(try paragraph("f(x) and g(10)") == [.text("f(x) and g(10)")])
    }

    @Test func functionNamesMayHoldDigitsAndUnderscores() throws {
        #expect(try paragraph("_exit() epoll_create1()") == [.function("_exit"), .text(" "), .function("epoll_create1")])
    }

    @Test func httpLinksAndOtherAngleBrackets() throws {
        #expect(try paragraph("<http://a.example> and a < b > c") == [.link("http://a.example"), .text(" and a < b > c")])
    }

    @Test func backslashMakesPunctuationLiteral() throws {
        #expect(try paragraph(#"\*not italic\*, \`tick, a \\ b"#) == [.text(#"*not italic*, `tick, a \ b"#)])
    }

    @Test func backslashBeforeALetterIsItselfLiteral() throws {
        // Prose may mention roff escapes such as \fB; they are not markup here.
        #expect(try paragraph(#"\fBbold\fR"#) == [.text(#"\fBbold\fR"#)])
    }

    @Test func plainTextDropsTheMarkup() throws {
        let prose = try MarkupParser.parse("Use *x* and **Y** with kill(2) or f().\n\n- one").get()
        #expect(prose.plainText == "Use x and Y with kill(2) or f().\n\n- one")
    }

    // MARK: - Blocks

    @Test func linesJoinIntoParagraphsAndBlankLinesSeparateThem() throws {
        let prose = try MarkupParser.parse("line one\n  line two\n\n\nsecond").get()
        #expect(prose.blocks == [.paragraph([.text("line one line two")]), .paragraph([.text("second")])])
    }

    @Test func listItemsAndTheirContinuationLines() throws {
        let prose = try MarkupParser.parse("Intro.\n\n- first item\n- second\n  continued *here*").get()
        #expect(prose.blocks == [
            .paragraph([.text("Intro.")]),
            .list([[.text("first item")], [.text("second continued "), .emphasis("here")]]),
        ])
    }

    @Test func indentedBlocksAreCodeWithTheirInnerIndentation() throws {
        let prose = try MarkupParser.parse("Example:\n\n    if (x)\n        *y = 1;").get()
        #expect(prose.blocks == [.paragraph([.text("Example:")]), .code("if (x)\n    *y = 1;")])
    }

    @Test func emptyTextIsEmptyProse() throws {
        #expect(try MarkupParser.parse("").get().isEmpty)
        #expect(try MarkupParser.parse("\n\n").get().isEmpty)
    }

    // MARK: - Errors and their positions (0-based line and column in the text)

    @Test func unclosedItalicOnASecondLine() {
        #expect(failure("ok\n*unclosed") == MarkupError(line: 1, column: 0, message: "unclosed '*': italic text needs a closing '*'"))
    }

    @Test func unclosedBoldIsPositionedPastIndentation() {
        #expect(failure("two\n   **bold") == MarkupError(line: 1, column: 3, message: "unclosed '**': bold text needs a closing '**'"))
    }

    @Test func starInsideBold() {
        #expect(failure("x **a*b**") == MarkupError(line: 0, column: 2, message: "'*' inside bold text; escape it as '\\*'"))
    }

    @Test func unclosedAndEmptyCode() {
        #expect(failure("a `b") == MarkupError(line: 0, column: 2, message: "unclosed '`': code needs a closing backquote"))
        #expect(failure("``") == MarkupError(line: 0, column: 0, message: "empty code span '``'"))
    }

    @Test func badLinks() {
        #expect(failure("see <https://a b>") == MarkupError(line: 0, column: 4, message: "a link must not contain spaces"))
        #expect(failure("see <https://example.org") == MarkupError(line: 0, column: 4, message: "unclosed '<': a link is written <https://...>"))
    }

    @Test func errorsInListItemsPointIntoTheItem() {
        #expect(failure("- *x") == MarkupError(line: 0, column: 2, message: "unclosed '*': italic text needs a closing '*'"))
        #expect(failure("para\n\n- item\n  more *x") == MarkupError(line: 3, column: 7, message: "unclosed '*': italic text needs a closing '*'"))
    }

    @Test func errorColumnsCountCharactersNotBytes() {
        // é and — take two and three bytes; the column counts each as one.
        #expect(failure("café — *x") == MarkupError(line: 0, column: 7, message: "unclosed '*': italic text needs a closing '*'"))
    }

    @Test func nonASCIITextPassesThroughEveryForm() throws {
        #expect(try paragraph("naïve *ünï* **É** `–` ‘q’") == [
            .text("naïve "), .emphasis("ünï"), .text(" "), .strong("É"), .text(" "), .code("–"), .text(" ‘q’"),
        ])
    }

    @Test func aCarriageReturnBeforeALineFeedKeepsTheLineWhole() throws {
        // "\r\n" is one character, so it does not end a line.
        let prose = try MarkupParser.parse("a\r\nb\n\nc").get()
        #expect(prose.blocks == [.paragraph([.text("a\r\nb")]), .paragraph([.text("c")])])
    }

    @Test func aListMustNotRunIntoAParagraph() {
        let error = failure("- item\nnot indented")
        #expect(error?.line == 1 && error?.column == 0)
        #expect(error?.message.hasPrefix("a list item continues on a line indented by two spaces") == true)
    }

    // MARK: - Positions in the spec file

    /// Markup errors are reported where the character is in the YAML file,
    /// through folding, block indentation, quotes and escapes.
    @Test func markupErrorsPointAtTheirCharacterInTheFile() throws {
        let yaml = """
            a: "bad *x"
            b: >-
              first line
              second **bold
            c: |
              para one

              - item
                cont `x
            d: plain *x
              continued
            e: 'it''s *x'
            f: "esc \\" *x"

            """
        let reader = YAMLReader(file: "t.yaml")
        reader.setSource(yaml)
        let root = try #require(try Yams.compose(yaml: yaml)?.mapping)
        for key in ["a", "b", "c", "d", "e", "f"] {
            let node = try #require(root.first { $0.key.string == key }?.value)
            #expect(reader.prose(node, what: key) == nil, "\(key) parsed")
        }
        let locations = reader.log.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message.prefix(1))" }
        #expect(locations == ["1:9 a", "4:10 b", "9:10 c", "10:10 d", "12:11 e", "13:12 f"])
    }
}
