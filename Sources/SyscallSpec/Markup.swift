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

public enum MarkupParser {
    public static func parse(_ source: String) -> Result<Prose, MarkupError> {
        // Split into blocks at blank lines, remembering each block's first line.
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [(start: Int, lines: [String])] = []
        var current: [String] = []
        var start = 0
        for (index, line) in lines.enumerated() {
            if line.trimmingSpaces.isEmpty {
                if !current.isEmpty { blocks.append((start, current)); current = [] }
            } else {
                if current.isEmpty { start = index }
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append((start, current)) }

        var result: [ProseBlock] = []
        for block in blocks {
            if block.lines.allSatisfy({ $0.hasPrefix("    ") }) {
                let code = block.lines.map { String($0.dropFirst(4)) }.joined(separator: "\n")
                result.append(.code(code))
            } else if block.lines[0].hasPrefix("- ") {
                // Each item: its first line (the dash blanked out, so positions
                // stay those of the source) and its continuation lines.
                var itemSources: [(start: Int, lines: [String])] = []
                for (offset, line) in block.lines.enumerated() {
                    if line.hasPrefix("- ") {
                        itemSources.append((block.start + offset, ["  " + line.dropFirst(2)]))
                    } else if line.hasPrefix("  ") {
                        itemSources[itemSources.count - 1].lines.append(line)
                    } else {
                        return .failure(MarkupError(
                            line: block.start + offset, column: 0,
                            message: "a list item continues on a line indented by two spaces; start a new item with '- ' or leave a blank line before the next paragraph"))
                    }
                }
                var items: [[ProseInline]] = []
                for item in itemSources {
                    let text = item.lines.map(\.trimmingSpaces).joined(separator: " ")
                    switch parseInlines(text, line: item.start, column: 0, sourceLines: item.lines) {
                    case .success(let inlines): items.append(inlines)
                    case .failure(let error): return .failure(error)
                    }
                }
                result.append(.list(items))
            } else {
                let text = block.lines.map(\.trimmingSpaces).joined(separator: " ")
                switch parseInlines(text, line: block.start, column: 0, sourceLines: block.lines) {
                case .success(let inlines): result.append(.paragraph(inlines))
                case .failure(let error): return .failure(error)
                }
            }
        }
        return .success(Prose(blocks: result))
    }

    /// Parses inline markup of one joined paragraph. Positions in errors are
    /// mapped back to the source lines when they are given.
    static func parseInlines(_ text: String, line: Int, column: Int, sourceLines: [String]? = nil) -> Result<[ProseInline], MarkupError> {
        let scalars = Array(text.unicodeScalars)
        var inlines: [ProseInline] = []
        var plain = String.UnicodeScalarView()

        func position(_ offset: Int) -> (Int, Int) {
            guard let sourceLines else { return (line, column + offset) }
            // Joined text = trimmed lines separated by one space each.
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
        func fail(_ offset: Int, _ message: String) -> Result<[ProseInline], MarkupError> {
            let (l, c) = position(offset)
            return .failure(MarkupError(line: l, column: c, message: message))
        }
        func flushPlain() {
            if !plain.isEmpty { inlines.append(.text(String(plain))); plain = String.UnicodeScalarView() }
        }
        func isSpace(_ index: Int) -> Bool {
            index < 0 || index >= scalars.count || scalars[index] == " "
        }

        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count, isEscapable(scalars[i + 1]) {
                plain.append(scalars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                guard let close = scalars[(i + 1)...].firstIndex(of: "`") else {
                    return fail(i, "unclosed '`': code needs a closing backquote")
                }
                guard close > i + 1 else { return fail(i, "empty code span '``'") }
                flushPlain()
                inlines.append(.code(String(String.UnicodeScalarView(scalars[(i + 1)..<close]))))
                i = close + 1
                continue
            }
            if c == "*", i + 1 < scalars.count, scalars[i + 1] == "*", !isSpace(i + 2) {
                var j = i + 2
                var found: Int?
                while j + 1 < scalars.count {
                    if scalars[j] == "*", scalars[j + 1] == "*", !isSpace(j - 1) { found = j; break }
                    j += 1
                }
                guard let close = found else { return fail(i, "unclosed '**': bold text needs a closing '**'") }
                let content = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
                if content.contains("*") { return fail(i, "'*' inside bold text; escape it as '\\*'") }
                flushPlain()
                inlines.append(.strong(content))
                i = close + 2
                continue
            }
            if c == "*", !isSpace(i + 1) {
                var j = i + 1
                var found: Int?
                while j < scalars.count {
                    if scalars[j] == "*", !isSpace(j - 1) { found = j; break }
                    j += 1
                }
                guard let close = found else { return fail(i, "unclosed '*': italic text needs a closing '*'") }
                let content = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
                flushPlain()
                inlines.append(.emphasis(content))
                i = close + 1
                continue
            }
            if c == "<", text.unicodeScalars.count > i + 8,
               String(String.UnicodeScalarView(scalars[(i + 1)..<min(scalars.count, i + 9)])).hasPrefix("https://")
                || String(String.UnicodeScalarView(scalars[(i + 1)..<min(scalars.count, i + 8)])) == "http://" {
                guard let close = scalars[(i + 1)...].firstIndex(of: ">") else {
                    return fail(i, "unclosed '<': a link is written <https://...>")
                }
                let url = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
                if url.contains(" ") { return fail(i, "a link must not contain spaces") }
                flushPlain()
                inlines.append(.link(url))
                i = close + 1
                continue
            }
            if isNameStart(c), i == 0 || !isNameCharacter(scalars[i - 1]) {
                var j = i
                while j < scalars.count, isNameCharacter(scalars[j]) { j += 1 }
                let name = String(String.UnicodeScalarView(scalars[i..<j]))
                if j + 1 < scalars.count, scalars[j] == "(", scalars[j + 1] == ")" {
                    flushPlain()
                    inlines.append(.function(name))
                    i = j + 2
                    continue
                }
                // Page names may also hold '-', '.' and '+' between words (systemd-oomd(8)).
                var k = j
                while k + 1 < scalars.count, "-.+".unicodeScalars.contains(scalars[k]), isNameCharacter(scalars[k + 1]) {
                    k += 1
                    while k < scalars.count, isNameCharacter(scalars[k]) { k += 1 }
                }
                if k < scalars.count, scalars[k] == "(", let section = manSection(scalars, from: k + 1) {
                    flushPlain()
                    inlines.append(.crossReference(name: String(String.UnicodeScalarView(scalars[i..<k])), section: section.text))
                    i = section.end + 1
                    continue
                }
                plain.append(contentsOf: scalars[i..<j])
                i = j
                continue
            }
            plain.append(c)
            i += 1
        }
        flushPlain()
        return .success(inlines)
    }

    /// ASCII punctuation, which a backslash makes literal; before anything
    /// else a backslash is itself literal (so `\fB` stays as written).
    private static func isEscapable(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(c)
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || ("0"..."9").contains(c)
    }

    /// A manual section such as `2`, `3p` or `7` followed by `)`.
    private static func manSection(_ scalars: [Unicode.Scalar], from start: Int) -> (text: String, end: Int)? {
        guard start < scalars.count, ("1"..."9").contains(scalars[start]) else { return nil }
        var j = start + 1
        while j < scalars.count, ("a"..."z").contains(scalars[j]) { j += 1 }
        guard j < scalars.count, scalars[j] == ")", j - start <= 4 else { return nil }
        return (String(String.UnicodeScalarView(scalars[start..<j])), j)
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
