import SyscallSpec

/// Renders spec prose into the text of C block comments: plain words (the
/// markup's fonts have no meaning in a header), wrapped, and escaped so no
/// prose can end the comment early or trip a compiler warning.
public enum CCommentRenderer {
    /// The one escaper for C comment text.
    /// - `*/` would close the comment, `/*` inside one warns (-Wcomment);
    /// - `??x` is a trigraph in C89/C99 modes and `??/` could splice lines (-Wtrigraphs).
    /// A space breaks each sequence; the meaning of the prose is unchanged.
    public static func escape(_ text: String) -> String {
        // Bytes: the sequences are ASCII, which UTF-8 never uses inside a
        // multi-byte character.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            let pair = (previous, byte)
            if pair == (UInt8(ascii: "*"), UInt8(ascii: "/")) || pair == (UInt8(ascii: "/"), UInt8(ascii: "*"))
                || pair == (UInt8(ascii: "?"), UInt8(ascii: "?")) {
                bytes.append(UInt8(ascii: " "))
            }
            bytes.append(byte)
            previous = byte
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Plain text of inlines, as a reader of a header wants it.
    public static func plain(_ inlines: [ProseInline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text), .emphasis(let text), .strong(let text), .link(let text): text
            case .code(let text): text
            case .crossReference(let name, let section): "\(name)(\(section))"
            case .function(let name): "\(name)()"
            }
        }.joined()
    }

    /// Comment body lines (without ` * ` prefixes) for a prose value.
    public static func lines(_ prose: Prose, width: Int = 74) -> [String] {
        var output: [String] = []
        for (index, block) in prose.blocks.enumerated() {
            if index > 0 { output.append("") }
            switch block {
            case .paragraph(let inlines):
                output += wrap(escape(plain(inlines)), width: width)
            case .list(let items):
                for item in items {
                    let wrapped = wrap(escape(plain(item)), width: width - 2)
                    for (lineIndex, line) in wrapped.enumerated() {
                        output.append((lineIndex == 0 ? "- " : "  ") + line)
                    }
                }
            case .code(let text):
                output += text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + escape(String($0)) }
            }
        }
        return output
    }

    /// Greedy word wrap; a word longer than the width stays whole on its own line.
    /// Widths are counted in characters: in ASCII text (all of a catalogue's
    /// prose so far), bytes, and the lines are built from the bytes.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var text = text
        if let lines = text.withUTF8({ asciiWrap($0, width: width) }) { return lines }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `wrap` of ASCII text, or nil for any other text.
    private static func asciiWrap(_ bytes: UnsafeBufferPointer<UInt8>, width: Int) -> [String]? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        let space = UInt8(ascii: " ")
        var lines: [String] = []
        var line: [UInt8] = []
        line.reserveCapacity(width + 16)
        var index = 0
        while index < bytes.count {
            if bytes[index] == space { index += 1; continue }
            let start = index
            while index < bytes.count, bytes[index] != space { index += 1 }
            if line.isEmpty {
                line.append(contentsOf: bytes[start..<index])
            } else if line.count + 1 + (index - start) <= width {
                line.append(space)
                line.append(contentsOf: bytes[start..<index])
            } else {
                lines.append(String(decoding: line, as: UTF8.self))
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: bytes[start..<index])
            }
        }
        if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    /// A complete block comment, indented by `indent`.
    public static func block(_ lines: [String], indent: String = "") -> String {
        guard !lines.isEmpty else { return "" }
        var text = "\(indent)/*\n"
        for line in lines {
            text += line.isEmpty ? "\(indent) *\n" : "\(indent) * \(line)\n"
        }
        text += "\(indent) */\n"
        return text
    }
}
