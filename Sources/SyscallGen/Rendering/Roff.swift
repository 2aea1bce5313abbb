import SyscallSpec

/// Roff for man(7) pages: the one escaper every prose field goes through, and
/// the renderer that turns spec prose into man-pages(7) markup.
///
/// Choices, so that `mandoc -Tlint` and `groff -ww -rCHECKSTYLE=3` stay quiet:
/// - Fonts by the man macros (`.I`, `.BR`, `.RI` ...), never `\f` escapes,
///   except for the rare word that mixes three fonts, which no macro can say.
/// - One sentence per source line; a text line never exceeds 80 bytes when a
///   clause or word break allows it; no blank lines (`.P`, `.IP`, `\&`).
/// - Non-ASCII characters are written as groff special characters
///   (`\[em]`, `\[u00E9]`): exactly what preconv(1) would produce, so groff
///   run without preconv (as the man-pages lint runs it) and mandoc read the
///   same characters, whatever input encoding they assume.
public enum Roff {
    /// How a stretch of text is meant, which decides how a hyphen is written.
    public enum TextKind: Sendable {
        /// Running text: `-` stays a hyphen unless it starts a number or an
        /// option (`-1`, `-lc`), where it is a minus sign.
        case prose
        /// Code: every `-` is a minus, and quotes are the straight ASCII ones.
        case code
    }

    /// Where escaped text goes: a text line, or an argument of a macro (where
    /// a double quote would end the argument).
    public enum Placement: Sendable {
        case textLine
        case macroArgument
    }

    // MARK: - The escaper

    /// Escapes `text` so that groff and mandoc print it as written.
    /// `previous` is the character before `text` in the same sentence, for
    /// deciding whether a leading `-` starts a word.
    public static func escape(_ text: String, as kind: TextKind = .prose, in placement: Placement = .textLine,
                              after previous: Unicode.Scalar? = nil) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 8)
        appendEscaped(text, as: kind, in: placement, after: previous, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    /// `escape`, appending to `result`. It walks the UTF-8 bytes (this runs
    /// for every word of every page): every character the escaper changes
    /// but one is ASCII, which UTF-8 never uses inside a multi-byte character;
    /// only the other characters are decoded, for their groff names.
    static func appendEscaped(_ text: String, as kind: TextKind, in placement: Placement,
                              after previous: Unicode.Scalar?, to result: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            appendEscaped(bytes, as: kind, in: placement, after: previous, to: &result)
        }
    }

    /// `escape` of UTF-8 bytes (whole characters), appending to `result`.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, as kind: TextKind, in placement: Placement,
                              after previous: Unicode.Scalar?, to result: inout [UInt8]) {
        // The character before, as the hyphen rule needs it: its ASCII
        // byte, or `nonASCII` for any other character.
        var before: UInt8? = previous.map { $0.isASCII ? UInt8($0.value) : nonASCII }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                let (scalar, length) = decodeScalar(bytes, at: index)
                if scalar == "\u{A0}" {
                    append("\\~", to: &result)
                } else {
                    result.append(contentsOf: specialCharacter(scalar).utf8)
                }
                before = nonASCII
                index += length
                continue
            }
            var optionDash = false
            switch byte {
            case UInt8(ascii: "\\"):
                append("\\e", to: &result)
            case UInt8(ascii: "-"):
                let next = index + 1 < bytes.count ? bytes[index + 1] : nil
                if kind == .code || startsNumberOrOption(after: before, next: next) {
                    append("\\-", to: &result)
                    optionDash = true
                } else {
                    result.append(byte)
                }
            case UInt8(ascii: "'"):
                // A straight quote in code must not become a typographic one;
                // in prose it is an apostrophe.
                if kind == .code { append("\\[aq]", to: &result) } else { result.append(byte) }
            case UInt8(ascii: "`"):
                append("\\[ga]", to: &result)
            case UInt8(ascii: "^"):
                append("\\[ha]", to: &result)
            case UInt8(ascii: "~"):
                append("\\[ti]", to: &result)
            case UInt8(ascii: "\""):
                if placement == .macroArgument { append("\\[dq]", to: &result) } else { result.append(byte) }
            case UInt8(ascii: "\t"):
                result.append(UInt8(ascii: " "))
            default:
                // A control character has no glyph; there is nothing to print.
                if byte >= 0x20 && byte != 0x7F { result.append(byte) }
            }
            // A hyphen run such as `--all` is an option dash throughout.
            before = optionDash ? UInt8(ascii: " ") : byte
            index += 1
        }
    }

    /// Stands for any non-ASCII character before a hyphen.
    private static let nonASCII: UInt8 = 0x80

    private static func append(_ ascii: StaticString, to result: inout [UInt8]) {
        ascii.withUTF8Buffer { result.append(contentsOf: $0) }
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `index` (a lead
    /// byte), and the encoding's length.
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        // A String's bytes are valid UTF-8, so this always decodes.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// A macro argument: escaped, and quoted when it holds spaces.
    public static func argument(_ text: String, as kind: TextKind = .prose, after previous: Unicode.Scalar? = nil) -> String {
        let escaped = escape(text, as: kind, in: .macroArgument, after: previous)
        return quoteArgument(escaped)
    }

    /// An address for `.UR`: groff and mandoc take it as written, so instead of
    /// roff escapes, the characters that would end or escape the argument
    /// (and anything outside printable ASCII) are percent-encoded.
    /// After each `/` of the path and each `@`, a `\:` (a break point that
    /// prints nothing) lets groff break a long address, such as a
    /// Message-ID link, instead of running past the right margin.
    public static func url(_ address: String) -> String {
        var result = ""
        var slashes = 0
        for byte in address.utf8 {
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "\"") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            if byte == UInt8(ascii: "/") { slashes += 1 }
            // Not inside the scheme's "//".
            if (byte == UInt8(ascii: "/") && slashes > 2) || byte == UInt8(ascii: "@") {
                result += "\\:"
            }
        }
        return result
    }

    /// Quotes an already escaped macro argument when it holds spaces or is empty.
    static func quoteArgument(_ escaped: String) -> String {
        escaped.isEmpty || escaped.contains(" ") ? "\"\(escaped)\"" : escaped
    }

    /// A text line that starts with `.` or `'` would be read as a request: a
    /// zero-width `\&` in front keeps it text.
    public static func protectLineStart(_ line: String) -> String {
        if line.hasPrefix(".") || line.hasPrefix("'") { return "\\&" + line }
        return line
    }

    /// The lines of a verbatim block (`.EX`): tabs expanded to the 8-column
    /// stops the author saw, trailing blanks dropped (mandoc flags them), an
    /// empty line written as `\&` so the page has no blank line.
    public static func codeLines(_ code: String) -> [String] {
        if let lines = asciiCodeLines(code) { return lines }
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.map { line in
            var expanded = expandTabs(line)
            while expanded.last == " " { expanded.removeLast() }
            if expanded.isEmpty { return "\\&" }
            return protectLineStart(escape(expanded, as: .code))
        }
    }

    /// `codeLines` of text that is ASCII without carriage returns (as
    /// example programs are), where a byte is a character and a column:
    /// lines cut, expanded and escaped as bytes. Nil for any other text.
    static func asciiCodeLines(_ code: String) -> [String]? {
        var code = code
        return code.withUTF8 { bytes -> [String]? in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "\r") }) else { return nil }
            var lines: [Range<Int>] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
                lines.append(start..<index)
                start = index + 1
            }
            lines.append(start..<bytes.count)
            func isBlank(_ line: Range<Int>) -> Bool {
                line.allSatisfy { bytes[$0] == UInt8(ascii: " ") || bytes[$0] == UInt8(ascii: "\t") }
            }
            while let last = lines.last, isBlank(last) { lines.removeLast() }
            var expanded: [UInt8] = []
            var escaped: [UInt8] = []
            return lines.map { line in
                expanded.removeAll(keepingCapacity: true)
                for index in line {
                    if bytes[index] == UInt8(ascii: "\t") {
                        expanded.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 8 - expanded.count % 8))
                    } else {
                        expanded.append(bytes[index])
                    }
                }
                while expanded.last == UInt8(ascii: " ") { expanded.removeLast() }
                if expanded.isEmpty { return "\\&" }
                escaped.removeAll(keepingCapacity: true)
                expanded.withUnsafeBufferPointer { appendEscaped($0, as: .code, in: .textLine, after: nil, to: &escaped) }
                return protectLineStart(String(decoding: escaped, as: UTF8.self))
            }
        }
    }

    /// The columns each line of `text` takes once its tabs are expanded
    /// (counted on the bytes when the text is ASCII without carriage returns).
    static func expandedLineWidths(_ text: String) -> [Int] {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) {
            var widths: [Int] = []
            var column = 0
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\n") {
                    widths.append(column)
                    column = 0
                } else {
                    column += byte == UInt8(ascii: "\t") ? 8 - column % 8 : 1
                }
            }
            widths.append(column)
            return widths
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { expandTabs(String($0)).count }
    }

    /// Replaces tabs by spaces up to the next multiple of 8 columns.
    static func expandTabs(_ line: String) -> String {
        var result = ""
        var column = 0
        for character in line {
            if character == "\t" {
                let width = 8 - column % 8
                result += String(repeating: " ", count: width)
                column += width
            } else {
                result.append(character)
                column += 1
            }
        }
        return result
    }

    /// Whether a `-` between `before` and `next` (ASCII bytes; `nonASCII`
    /// for another character, nil at either end of the text) is a minus sign
    /// or an option dash (`-1`, `-lc`, `--help`) rather than a hyphen inside a word.
    static func startsNumberOrOption(after before: UInt8?, next: UInt8?) -> Bool {
        if let before {
            switch before {
            case UInt8(ascii: " "), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "'"), UInt8(ascii: "\""),
                 UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: "{"):
                break
            default:
                return false
            }
        }
        guard let next else { return false }
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(next)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) || next == UInt8(ascii: "-") || next == UInt8(ascii: ".")
    }

    /// groff's name for a non-ASCII character: the common typographic ones by
    /// the names man-pages(7) uses, everything else by code point.
    static func specialCharacter(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{2014}": return "\\[em]"
        case "\u{2013}": return "\\[en]"
        case "\u{201C}": return "\\[lq]"
        case "\u{201D}": return "\\[rq]"
        case "\u{2018}": return "\\[oq]"
        case "\u{2019}": return "\\[cq]"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\[u\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)]"
        }
    }

    // MARK: - Prose

    /// Where a block of prose sits: directly in a section (paragraphs are
    /// separated by `.P`), or in the body of a `.TP` entry (by `.IP`, which
    /// keeps the entry's indentation).
    public enum BlockContext: Sendable {
        case section
        case indented
    }

    /// The roff lines of a prose text.
    public static func lines(for prose: Prose, in context: BlockContext = .section) -> [String] {
        var lines: [String] = []
        for (index, block) in mergingCode(prose.blocks).enumerated() {
            switch block {
            case .paragraph(let inlines):
                if index > 0 { lines.append(context == .section ? ".P" : ".IP") }
                lines += Roff.lines(for: inlines)
            case .list(let items):
                // Each item's `.IP` starts a paragraph, so a `.P` or `.IP`
                // before the list would be an empty one.
                if context == .indented { lines.append(".RS") }
                for item in items {
                    lines.append(".IP \\[bu] 3")
                    lines += Roff.lines(for: item)
                }
                if context == .indented { lines.append(".RE") }
            case .code(let text):
                if index > 0 { lines.append(context == .section ? ".P" : ".IP") }
                lines += [".in +4n", ".EX"] + codeLines(text) + [".EE", ".in"]
            }
        }
        return lines
    }

    /// Text lines of words that are not prose markup (the NAME line), each
    /// word escaped on its own and the lines broken before 80 bytes.
    /// `leading` words are already escaped.
    public static func filledLines(_ words: [String], after leading: [String] = [], as kind: TextKind = .prose) -> [String] {
        var writer = InlineWriter()
        for word in leading {
            writer.addText(escaped: word, raw: word)
        }
        for word in words where !word.isEmpty {
            writer.addText(escaped: escape(word, as: kind, after: " "), raw: word)
        }
        return writer.finish()
    }

    /// Code blocks that follow each other are one program with a blank line
    /// in it: markup separates blocks at blank lines, and nothing else can
    /// stand between two indented blocks.
    static func mergingCode(_ blocks: [ProseBlock]) -> [ProseBlock] {
        var merged: [ProseBlock] = []
        for block in blocks {
            if case .code(let text) = block, case .code(let previous)? = merged.last {
                merged[merged.count - 1] = .code(previous + "\n\n" + text)
            } else {
                merged.append(block)
            }
        }
        return merged
    }

    /// The roff lines of one paragraph's inline markup: text lines holding one
    /// sentence each, and a macro line for each word set in another font.
    public static func lines(for inlines: [ProseInline]) -> [String] {
        var writer = InlineWriter()
        forEachWord(of: inlines) { writer.add($0) }
        return writer.finish()
    }

    /// The words of inline markup, as `forEachWord` hands them out.
    static func words(of inlines: [ProseInline]) -> [[Piece]] {
        var words: [[Piece]] = []
        forEachWord(of: inlines) { words.append($0) }
        return words
    }

    /// Splits inline markup into words: runs separated by spaces in roman
    /// text. A bold, italic or code stretch stays whole, spaces and all, and
    /// punctuation that touches it (`*pidfd*,`) belongs to its word.
    /// Each word is handed to `body` as it is complete, in a buffer reused
    /// for the next (a paragraph has hundreds of words).
    static func forEachWord(of inlines: [ProseInline], _ body: ([Piece]) -> Void) {
        var pieces: [Piece] = []
        pieces.reserveCapacity(inlines.count + 4)
        for inline in inlines {
            switch inline {
            case .text(let text): pieces.append(.run(Run(font: .roman, text: text, kind: .prose)))
            case .emphasis(let text): pieces.append(.run(Run(font: .italic, text: text, kind: .prose)))
            case .strong(let text): pieces.append(.run(Run(font: .bold, text: text, kind: .prose)))
            case .code(let text): pieces.append(.run(Run(font: .bold, text: text, kind: .code)))
            case .crossReference(let name, let section):
                pieces.append(.run(Run(font: .bold, text: name, kind: .prose)))
                pieces.append(.run(Run(font: .roman, text: "(\(section))", kind: .prose, attachedToName: true)))
            case .function(let name):
                pieces.append(.run(Run(font: .bold, text: name, kind: .prose)))
                pieces.append(.run(Run(font: .roman, text: "()", kind: .prose, attachedToName: true)))
            case .link(let url):
                pieces.append(.link(url))
            }
        }

        var current: [Piece] = []
        var previous: Unicode.Scalar?
        func endWord() {
            if !current.isEmpty { body(current); current.removeAll(keepingCapacity: true) }
        }
        for piece in pieces {
            switch piece {
            case .link:
                current.append(piece)
                // An address never ends in a space: what touches it is inside a word.
                previous = "/"
            case .run(var run) where run.font != .roman || run.attachedToName:
                // Set in another font: one word, whatever spaces it holds.
                run.previous = previous
                previous = run.text.unicodeScalars.last ?? previous
                current.append(.run(run))
            case .run(var run):
                // Words end at spaces, tabs and line breaks (ASCII bytes, so
                // the text is cut between characters).
                let text = run.text
                var partStart = text.utf8.startIndex
                var isFirstPart = true
                func endPart(at end: String.Index) {
                    if !isFirstPart {
                        endWord()
                        previous = " "
                    }
                    isFirstPart = false
                    guard partStart < end else { return }
                    let part = text[partStart..<end]
                    run.text = String(part)
                    run.previous = previous
                    current.append(.run(run))
                    previous = part.unicodeScalars.last
                }
                var index = text.utf8.startIndex
                while index < text.utf8.endIndex {
                    let byte = text.utf8[index]
                    if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                        endPart(at: index)
                        partStart = text.utf8.index(after: index)
                    }
                    index = text.utf8.index(after: index)
                }
                endPart(at: text.utf8.endIndex)
            }
        }
        endWord()
    }

    enum Font: String, Sendable {
        case roman = "R"
        case bold = "B"
        case italic = "I"
    }

    struct Run: Sendable {
        var font: Font
        var text: String
        var kind: TextKind
        /// Punctuation generated for a cross reference or function (`(2)`,
        /// `()`): it always belongs to the name before it.
        var attachedToName = false
        /// The character before this run, for the escaper's hyphen rule.
        var previous: Unicode.Scalar?

        init(font: Font, text: String, kind: TextKind, attachedToName: Bool = false) {
            self.font = font
            self.text = text
            self.kind = kind
            self.attachedToName = attachedToName
        }

        func escaped(in placement: Placement) -> String {
            var escaped: [UInt8] = []
            escaped.reserveCapacity(text.utf8.count + 4)
            appendEscaped(in: placement, to: &escaped)
            return String(decoding: escaped, as: UTF8.self)
        }

        func appendEscaped(in placement: Placement, to result: inout [UInt8]) {
            // An identifier broken by hyphenation (`process_mre-lease`) reads
            // as two words and cannot be searched for: `\%` forbids it.
            if font != .roman, !attachedToName, !text.utf8.contains(UInt8(ascii: " ")) {
                result += [UInt8(ascii: "\\"), UInt8(ascii: "%")]
            }
            Roff.appendEscaped(text, as: kind, in: placement, after: previous, to: &result)
        }
    }

    enum Piece: Sendable {
        case run(Run)
        case link(String)
    }

    /// Abbreviations whose period does not end a sentence.
    static let abbreviations: Set<String> = ["e.g.", "i.e.", "etc.", "cf.", "vs.", "a.k.a.", "approx.", "resp."]

    /// Whether a word ends with sentence-ending punctuation (possibly followed
    /// by closing brackets or quotes).
    /// (On the UTF-8 bytes: the closers ’ and ” are E2 80 99 and E2 80 9D.)
    static func endsWithTerminalPunctuation(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { bytes in
            var end = bytes.count
            while end > 0 {
                let byte = bytes[end - 1]
                if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    end -= 1
                } else if (byte == 0x99 || byte == 0x9D), end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80 {
                    end -= 3
                } else {
                    break
                }
            }
            guard end > 0 else { return false }
            let last = bytes[end - 1]
            return last == UInt8(ascii: ".") || last == UInt8(ascii: "?") || last == UInt8(ascii: "!")
        }
    }

    static func isAbbreviation(_ word: String) -> Bool {
        if word.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) {
            // ASCII: a byte is a character, and lowercasing is per byte.
            var bytes = word.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 0x20 : $0 }[...]
            while let first = bytes.first, [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(first) {
                bytes = bytes.dropFirst()
            }
            while let last = bytes.last,
                  [UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ",")].contains(last) {
                bytes = bytes.dropLast()
            }
            return abbreviations.contains(String(decoding: bytes, as: UTF8.self))
        }
        var trimmed = Substring(word.lowercased())
        while let first = trimmed.first, "([\"'".contains(first) { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, ")]\"',".contains(last) { trimmed = trimmed.dropLast() }
        return abbreviations.contains(String(trimmed))
    }

    /// The longest text line mandoc accepts without a style message.
    static let maximumTextLineBytes = 80

    /// Collects words into lines: roman words fill a text line until a
    /// sentence ends (semantic newlines), other words get a macro line each.
    /// The current text line is kept as bytes (escaped text is ASCII), with
    /// what the line-breaking rules need to know of each word's source text.
    struct InlineWriter {
        var lines: [String] = []
        /// The current text line: escaped words separated by single spaces.
        private var line: [UInt8] = []
        /// The current line's words, in order.
        private var words: [PendingWord] = []
        /// The word being added, escaped, before it goes on the line.
        private var scratch: [UInt8] = []

        struct PendingWord {
            /// Where the word ends in `line`.
            var end: Int
            /// Its source text ends with `,` `;` or `:`, where a long line may break.
            var endsClause: Bool
            /// Its source text ends with an abbreviation's period, which does
            /// not end a sentence.
            var endsWithAbbreviation: Bool
        }

        mutating func add(_ word: [Piece]) {
            // The common word: one run of roman text.
            if word.count == 1, case .run(let run) = word[0], run.font == .roman {
                scratch.removeAll(keepingCapacity: true)
                run.appendEscaped(in: .textLine, to: &scratch)
                addScratch(raw: run.text)
                return
            }
            if let linkIndex = word.firstIndex(where: { if case .link = $0 { true } else { false } }) {
                addLink(word, at: linkIndex)
                return
            }
            let runs = word.compactMap { piece -> Run? in if case .run(let run) = piece { run } else { nil } }
            if runs.allSatisfy({ $0.font == .roman }) {
                scratch.removeAll(keepingCapacity: true)
                for run in runs { run.appendEscaped(in: .textLine, to: &scratch) }
                addScratch(raw: runs.map(\.text).joined())
            } else {
                flush()
                lines.append(macroLine(runs))
            }
        }

        mutating func addText(escaped: String, raw: String) {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: escaped.utf8)
            addScratch(raw: raw)
        }

        /// Puts the escaped word in `scratch` on the line; `raw` is its source text.
        private mutating func addScratch(raw: String) {
            // The line's bytes with a space after each word, the word, and 2.
            if !words.isEmpty, line.count + 1 + scratch.count + 2 > Roff.maximumTextLineBytes {
                breakLongLine()
            }
            if !words.isEmpty { line.append(UInt8(ascii: " ")) }
            line.append(contentsOf: scratch)
            let terminal = Roff.endsWithTerminalPunctuation(raw)
            let abbreviation = terminal && Roff.isAbbreviation(raw)
            words.append(PendingWord(end: line.count, endsClause: Self.endsClause(raw), endsWithAbbreviation: abbreviation))
            if terminal && !abbreviation {
                flush()
            }
        }

        static func endsClause(_ raw: String) -> Bool {
            guard let byte = raw.utf8.last,
                  byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") else { return false }
            // The last character, not only its last byte.
            let last = raw.last
            return last == "," || last == ";" || last == ":"
        }

        /// Ends the line at the last clause break (after `,` `;` `:`) if there
        /// is one, otherwise before the word that did not fit.
        mutating func breakLongLine() {
            if let clause = words.indices.dropLast().last(where: { $0 > 0 && words[$0].endsClause }) {
                let cut = words[clause].end
                let rest = Array(line[(cut + 1)...])
                let restWords = words[(clause + 1)...].map {
                    PendingWord(end: $0.end - cut - 1, endsClause: $0.endsClause, endsWithAbbreviation: $0.endsWithAbbreviation)
                }
                line.removeSubrange(cut...)
                words.removeSubrange((clause + 1)...)
                flush()
                line = rest
                words = restWords
            } else {
                flush()
            }
        }

        mutating func flush() {
            guard let last = words.last else { return }
            if last.endsWithAbbreviation {
                // A period at the end of a line ends a sentence for roff; this one does not.
                line += [UInt8(ascii: "\\"), UInt8(ascii: "&")]
            }
            lines.append(Roff.protectLineStart(String(decoding: line, as: UTF8.self)))
            line.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
        }

        /// A word in more than one font as an alternating-font macro line
        /// (`.BR kill (2),`), or with `\f` escapes when it mixes three fonts.
        func macroLine(_ runs: [Run]) -> String {
            var segments: [(font: Font, escaped: [UInt8])] = []
            for run in runs where !run.text.isEmpty {
                if let last = segments.last, last.font == run.font {
                    run.appendEscaped(in: .macroArgument, to: &segments[segments.count - 1].escaped)
                } else {
                    var escaped: [UInt8] = []
                    run.appendEscaped(in: .macroArgument, to: &escaped)
                    segments.append((run.font, escaped))
                }
            }
            let fontCount = [Font.roman, .bold, .italic].filter { font in segments.contains { $0.font == font } }.count
            if fontCount > 2 {
                let body = segments.map {
                    "\\f\($0.font.rawValue)\(String(decoding: $0.escaped, as: UTF8.self).replacing("\\[dq]", with: "\""))"
                }.joined()
                return Roff.protectLineStart(body + "\\fR")
            }
            var line: [UInt8] = [UInt8(ascii: ".")]
            line.append(contentsOf: segments[0].font.rawValue.utf8)
            if segments.count > 1 { line.append(contentsOf: segments[1].font.rawValue.utf8) }
            for segment in segments {
                line.append(UInt8(ascii: " "))
                // Quoted when it holds spaces or is empty (as quoteArgument).
                let quoted = segment.escaped.isEmpty || segment.escaped.contains(UInt8(ascii: " "))
                if quoted { line.append(UInt8(ascii: "\"")) }
                line.append(contentsOf: segment.escaped)
                if quoted { line.append(UInt8(ascii: "\"")) }
            }
            return String(decoding: line, as: UTF8.self)
        }

        /// A link as `.UR`/`.UE`. Text touching it before (`(`) is joined with
        /// `\c`; roman text touching it after (`),`) is the argument of `.UE`.
        mutating func addLink(_ word: [Piece], at index: Int) {
            guard case .link(let url) = word[index] else { return }
            let before = Array(word[..<index])
            var after = Array(word[(index + 1)...])
            if !before.isEmpty {
                add(before)
                if words.isEmpty, let last = lines.last, !last.hasPrefix(".") {
                    lines[lines.count - 1] = last + "\\c"
                } else if !words.isEmpty {
                    line += [UInt8(ascii: "\\"), UInt8(ascii: "c")]
                    words[words.count - 1].end = line.count
                    flush()
                }
            }
            flush()
            lines.append(".UR \(Roff.url(url))")
            // The link text is the address itself, which .UE prints; a body of
            // `\&\c` keeps mandoc from calling the block empty and adds no space.
            lines.append("\\&\\c")
            var trailing = ""
            while case .run(let run)? = after.first, run.font == .roman {
                trailing += run.escaped(in: .macroArgument)
                after.removeFirst()
            }
            lines.append(trailing.isEmpty ? ".UE" : ".UE " + Roff.quoteArgument(trailing))
            if !after.isEmpty { add(after) }
        }

        mutating func finish() -> [String] {
            flush()
            return lines
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
