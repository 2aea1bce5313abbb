/// Prose from a spec, parsed once from the spec's small inline markup so that
/// every emitter renders the same structure for its own target (roff, DocC
/// Markdown, C comments). The markup is documented in docs/spec.md:
///
/// - `*pidfd*`: an argument or other italic term
/// - `**EINVAL**`: a constant, errno name or other bold literal
/// - `` `x & 1` ``: code, taken literally
/// - `kill(2)`: a cross reference to a manual page
/// - `pidfd_open()`: a function name
/// - `<https://...>`: a link
/// - `\*`: a literal punctuation character
///
/// Blocks are separated by blank lines; lines starting with `- ` make a list;
/// a block indented by four spaces is shown verbatim (a code example).
public struct Prose: Sendable, Hashable {
    public var blocks: [ProseBlock]

    public init(blocks: [ProseBlock]) {
        self.blocks = blocks
    }

    public static let empty = Prose(blocks: [])

    public var isEmpty: Bool { blocks.isEmpty }

    /// The inlines of a one-paragraph text (summaries, conditions).
    public var inlines: [ProseInline] {
        blocks.flatMap { block -> [ProseInline] in
            switch block {
            case .paragraph(let inlines): inlines
            case .list(let items): items.flatMap { $0 }
            case .code(let text): [.code(text)]
            }
        }
    }

    /// The words only, without markup: for plain-text contexts and tests.
    public var plainText: String {
        blocks.map { block in
            switch block {
            case .paragraph(let inlines): ProseInline.plainText(inlines)
            case .list(let items): items.map { "- " + ProseInline.plainText($0) }.joined(separator: "\n")
            case .code(let text): text
            }
        }.joined(separator: "\n\n")
    }
}

public enum ProseBlock: Sendable, Hashable {
    case paragraph([ProseInline])
    case list([[ProseInline]])
    /// Verbatim lines, indentation beyond the block's own kept.
    case code(String)
}

public enum ProseInline: Sendable, Hashable {
    case text(String)
    /// Italic: argument names, emphasis.
    case emphasis(String)
    /// Bold: constants, errno names.
    case strong(String)
    case code(String)
    /// `name(section)`.
    case crossReference(name: String, section: String)
    /// `name()`.
    case function(String)
    case link(String)

    public static func plainText(_ inlines: [ProseInline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text), .emphasis(let text), .strong(let text), .code(let text), .link(let text):
                text
            case .crossReference(let name, let section): "\(name)(\(section))"
            case .function(let name): "\(name)()"
            }
        }.joined()
    }
}

/// A markup problem, positioned relative to the start of the prose text.
public struct MarkupError: Error, Sendable, Equatable {
    /// 0-based line within the text.
    public var line: Int
    /// 0-based column (in Unicode scalars) within that line.
    public var column: Int
    public var message: String
}

/// Parses the markup. It works on the text's UTF-8 bytes: every character
/// the markup gives a meaning to is ASCII, which UTF-8 never uses inside a
/// multi-byte character, so other characters pass through untouched. Line
/// starts, indentation and blank lines are judged by the Unicode scalars
/// space, tab and line feed (a line feed after a carriage return stays inside
/// its line). Error columns count Unicode scalars, as an editor does.
public enum MarkupParser {
    public static func parse(_ source: String) -> Result<Prose, MarkupError> {
        var source = source
        return source.withUTF8 { bytes in parse(bytes) }
    }

    /// A line of the source, by byte offsets (the line feed excluded).
    struct Line {
        var start: Int
        var end: Int
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Prose, MarkupError> {
        // Split into lines, then into blocks at blank lines, remembering each
        // block's first line.
        var lines: [Line] = []
        var lineStart = 0
        for index in 0..<bytes.count where bytes[index] == newline && (index == 0 || bytes[index - 1] != carriageReturn) {
            lines.append(Line(start: lineStart, end: index))
            lineStart = index + 1
        }
        lines.append(Line(start: lineStart, end: bytes.count))

        var blocks: [(start: Int, lines: ArraySlice<Line>)] = []
        var blockStart: Int?
        for (index, line) in lines.enumerated() {
            if isBlank(line, in: bytes) {
                if let start = blockStart { blocks.append((start, lines[start..<index])); blockStart = nil }
            } else if blockStart == nil {
                blockStart = index
            }
        }
        if let start = blockStart { blocks.append((start, lines[start...])) }

        var result: [ProseBlock] = []
        for block in blocks {
            if block.lines.allSatisfy({ hasPrefix(spaces: 4, $0, in: bytes) }) {
                var code: [UInt8] = []
                for (index, line) in block.lines.enumerated() {
                    if index > 0 { code.append(newline) }
                    code.append(contentsOf: bytes[(line.start + 4)..<line.end])
                }
                result.append(.code(String(decoding: code, as: UTF8.self)))
            } else if startsListItem(block.lines.first!, in: bytes) {
                // Each item: its first line (the dash blanked out, so positions
                // stay those of the source) and its continuation lines.
                var itemSources: [(start: Int, lines: [Line])] = []
                for (offset, line) in block.lines.enumerated() {
                    if startsListItem(line, in: bytes) {
                        itemSources.append((block.start + offset, [Line(start: line.start + 2, end: line.end)]))
                    } else if hasPrefix(spaces: 2, line, in: bytes) {
                        itemSources[itemSources.count - 1].lines.append(line)
                    } else {
                        return .failure(MarkupError(
                            line: block.start + offset, column: 0,
                            message: "a list item continues on a line indented by two spaces; start a new item with '- ' or leave a blank line before the next paragraph"))
                    }
                }
                var items: [[ProseInline]] = []
                for item in itemSources {
                    switch parseParagraph(item.lines, firstLine: item.start, listItem: true, in: bytes) {
                    case .success(let inlines): items.append(inlines)
                    case .failure(let error): return .failure(error)
                    }
                }
                result.append(.list(items))
            } else {
                switch parseParagraph(Array(block.lines), firstLine: block.start, listItem: false, in: bytes) {
                case .success(let inlines): result.append(.paragraph(inlines))
                case .failure(let error): return .failure(error)
                }
            }
        }
        return .success(Prose(blocks: result))
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    private static func isBlank(_ line: Line, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        (line.start..<line.end).allSatisfy { bytes[$0] == space || bytes[$0] == tab }
    }

    private static func hasPrefix(spaces count: Int, _ line: Line, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        line.end - line.start >= count && (line.start..<(line.start + count)).allSatisfy { bytes[$0] == space }
    }

    private static func startsListItem(_ line: Line, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        line.end - line.start >= 2 && bytes[line.start] == UInt8(ascii: "-") && bytes[line.start + 1] == space
    }

    /// The line without the spaces and tabs around it.
    private static func trimmed(_ line: Line, in bytes: UnsafeBufferPointer<UInt8>) -> Line {
        var trimmed = line
        while trimmed.start < trimmed.end, bytes[trimmed.start] == space || bytes[trimmed.start] == tab { trimmed.start += 1 }
        while trimmed.end > trimmed.start, bytes[trimmed.end - 1] == space || bytes[trimmed.end - 1] == tab { trimmed.end -= 1 }
        return trimmed
    }

    /// Joins a paragraph's (or list item's) lines, trimmed, with one space
    /// each, and parses its inline markup. A list item's first line starts
    /// after its `- `, which counts as two spaces of indentation in error positions.
    private static func parseParagraph(_ lines: [Line], firstLine: Int, listItem: Bool,
                                       in bytes: UnsafeBufferPointer<UInt8>) -> Result<[ProseInline], MarkupError> {
        var text: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { text.append(space) }
            let part = trimmed(line, in: bytes)
            text.append(contentsOf: bytes[part.start..<part.end])
        }
        return text.withUnsafeBufferPointer { joined in
            parseInlines(joined).mapError { failure in
                // Positions are mapped back to the source lines only for the
                // error, as the text's scalar offset in those lines.
                let sourceLines = lines.enumerated().map { index, line in
                    (index == 0 && listItem ? "  " : "") + String(decoding: bytes[line.start..<line.end], as: UTF8.self)
                }
                let scalarOffset = joined[..<failure.offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                let (line, column) = position(scalarOffset, line: firstLine, sourceLines: sourceLines)
                return MarkupError(line: line, column: column, message: failure.message)
            }
        }
    }

    /// Where the character at `offset` (in Unicode scalars) of the joined
    /// text is: joined text = trimmed lines separated by one space each.
    private static func position(_ offset: Int, line: Int, sourceLines: [String]) -> (Int, Int) {
        var remaining = offset
        for (index, sourceLine) in sourceLines.enumerated() {
            let trimmed = sourceLine.trimmingSpaces
            let indent = sourceLine.unicodeScalars.prefix(while: { $0 == " " || $0 == "\t" }).count
            let length = trimmed.unicodeScalars.count
            if remaining <= length { return (line + index, indent + remaining) }
            remaining -= length + 1
        }
        return (line + sourceLines.count - 1, 0)
    }

    /// An inline markup problem at a byte offset of the joined text.
    struct InlineFailure: Error {
        var offset: Int
        var message: String
    }

    /// Parses the inline markup of one joined paragraph.
    static func parseInlines(_ text: UnsafeBufferPointer<UInt8>) -> Result<[ProseInline], InlineFailure> {
        let count = text.count
        var inlines: [ProseInline] = []
        var plain: [UInt8] = []

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
        }
        func flushPlain() {
            if !plain.isEmpty { inlines.append(.text(String(decoding: plain, as: UTF8.self))); plain.removeAll(keepingCapacity: true) }
        }
        func isSpace(_ index: Int) -> Bool {
            index < 0 || index >= count || text[index] == space
        }
        func firstIndex(of byte: UInt8, after index: Int) -> Int? {
            var j = index + 1
            while j < count { if text[j] == byte { return j }; j += 1 }
            return nil
        }
        func fail(_ offset: Int, _ message: String) -> Result<[ProseInline], InlineFailure> {
            .failure(InlineFailure(offset: offset, message: message))
        }

        var i = 0
        while i < count {
            let c = text[i]
            if c == UInt8(ascii: "\\"), i + 1 < count, isEscapable(text[i + 1]) {
                plain.append(text[i + 1])
                i += 2
                continue
            }
            if c == UInt8(ascii: "`") {
                guard let close = firstIndex(of: UInt8(ascii: "`"), after: i) else {
                    return fail(i, "unclosed '`': code needs a closing backquote")
                }
                guard close > i + 1 else { return fail(i, "empty code span '``'") }
                flushPlain()
                inlines.append(.code(string((i + 1)..<close)))
                i = close + 1
                continue
            }
            let star = UInt8(ascii: "*")
            if c == star, i + 1 < count, text[i + 1] == star, !isSpace(i + 2) {
                var j = i + 2
                var found: Int?
                while j + 1 < count {
                    if text[j] == star, text[j + 1] == star, !isSpace(j - 1) { found = j; break }
                    j += 1
                }
                guard let close = found else { return fail(i, "unclosed '**': bold text needs a closing '**'") }
                if text[(i + 2)..<close].contains(star) { return fail(i, "'*' inside bold text; escape it as '\\*'") }
                flushPlain()
                inlines.append(.strong(string((i + 2)..<close)))
                i = close + 2
                continue
            }
            if c == star, !isSpace(i + 1) {
                var j = i + 1
                var found: Int?
                while j < count {
                    if text[j] == star, !isSpace(j - 1) { found = j; break }
                    j += 1
                }
                guard let close = found else { return fail(i, "unclosed '*': italic text needs a closing '*'") }
                flushPlain()
                inlines.append(.emphasis(string((i + 1)..<close)))
                i = close + 1
                continue
            }
            if c == UInt8(ascii: "<"), startsLink(text, at: i) {
                guard let close = firstIndex(of: UInt8(ascii: ">"), after: i) else {
                    return fail(i, "unclosed '<': a link is written <https://...>")
                }
                if text[(i + 1)..<close].contains(space) { return fail(i, "a link must not contain spaces") }
                flushPlain()
                inlines.append(.link(string((i + 1)..<close)))
                i = close + 1
                continue
            }
            if isNameStart(c), i == 0 || !isNameCharacter(text[i - 1]) {
                var j = i
                while j < count, isNameCharacter(text[j]) { j += 1 }
                if j + 1 < count, text[j] == UInt8(ascii: "("), text[j + 1] == UInt8(ascii: ")") {
                    flushPlain()
                    inlines.append(.function(string(i..<j)))
                    i = j + 2
                    continue
                }
                // Page names may also hold '-', '.' and '+' between words (systemd-oomd(8)).
                var k = j
                while k + 1 < count, isPageNameJoiner(text[k]), isNameCharacter(text[k + 1]) {
                    k += 1
                    while k < count, isNameCharacter(text[k]) { k += 1 }
                }
                if k < count, text[k] == UInt8(ascii: "("), let sectionEnd = manSectionEnd(text, from: k + 1) {
                    flushPlain()
                    inlines.append(.crossReference(name: string(i..<k), section: string((k + 1)..<sectionEnd)))
                    i = sectionEnd + 1
                    continue
                }
                plain.append(contentsOf: text[i..<j])
                i = j
                continue
            }
            plain.append(c)
            i += 1
        }
        flushPlain()
        return .success(inlines)
    }

    /// `<https://` or `<http://` with at least one character after it.
    private static func startsLink(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        func matches(_ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard index + 1 + length <= text.count else { return false }
            return prefix.withUTF8Buffer { expected in
                (0..<length).allSatisfy { text[index + 1 + $0] == expected[$0] }
            }
        }
        // Eight characters must follow the '<' for either scheme.
        return matches("https://") || (matches("http://") && index + 8 < text.count)
    }

    /// ASCII punctuation, which a backslash makes literal; before anything
    /// else a backslash is itself literal (so `\fB` stays as written).
    private static func isEscapable(_ c: UInt8) -> Bool {
        (0x21...0x2F).contains(c) || (0x3A...0x40).contains(c) || (0x5B...0x60).contains(c) || (0x7B...0x7E).contains(c)
    }

    private static func isNameStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
    }

    private static func isNameCharacter(_ c: UInt8) -> Bool {
        isNameStart(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }

    private static func isPageNameJoiner(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "+")
    }

    /// Where the `)` ends a manual section such as `2`, `3p` or `7` starting at `start`.
    private static func manSectionEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < text.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(text[start]) else { return nil }
        var j = start + 1
        while j < text.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(text[j]) { j += 1 }
        guard j < text.count, text[j] == UInt8(ascii: ")"), j - start <= 4 else { return nil }
        return j
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
