import SyscallSpec

/// Renders spec prose as DocC Markdown for Swift doc comments.
public struct DocCRenderer: Sendable {
    /// C parameter names → how the Swift API spells them (`flags` → `options`),
    /// so prose that names an argument names the one a Swift caller sees.
    public var argumentNames: [String: String]

    public init(argumentNames: [String: String] = [:]) {
        self.argumentNames = argumentNames
    }

    /// The one escaper for Markdown text: characters that would start markup
    /// are backslash-escaped; everything else, non-ASCII included, is kept.
    public static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        appendEscaped(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        // Bytes, not Characters: every markup character is ASCII, and UTF-8
        // never uses ASCII byte values inside a multi-byte character.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "|"),
                 UInt8(ascii: "~"):
                bytes.append(UInt8(ascii: "\\"))
            default:
                break
            }
            bytes.append(byte)
        }
    }

    /// Code spans cannot contain a backquote run of their own length; use a
    /// longer fence when the code has backquotes.
    static func codeSpan(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendCodeSpan(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendCodeSpan(_ text: String, to bytes: inout [UInt8]) {
        // The fence is one backquote longer than the longest run in the text.
        var longestRun = 0, run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = repeatElement(UInt8(ascii: "`"), count: longestRun + 1)
        let padding = text.hasPrefix("`") || text.hasSuffix("`")
        bytes.append(contentsOf: fence)
        if padding { bytes.append(UInt8(ascii: " ")) }
        bytes.append(contentsOf: text.utf8)
        if padding { bytes.append(UInt8(ascii: " ")) }
        bytes.append(contentsOf: fence)
    }

    public func inline(_ inlines: [ProseInline]) -> String {
        var bytes: [UInt8] = []
        for inline in inlines {
            switch inline {
            case .text(let text): Self.appendEscaped(text, to: &bytes)
            case .emphasis(let text):
                if let name = argumentNames[text] {
                    Self.appendCodeSpan(name, to: &bytes)
                } else {
                    bytes.append(UInt8(ascii: "*"))
                    Self.appendEscaped(text, to: &bytes)
                    bytes.append(UInt8(ascii: "*"))
                }
            case .strong(let text): Self.appendCodeSpan(text, to: &bytes)
            case .code(let text): Self.appendCodeSpan(text, to: &bytes)
            case .crossReference(let name, let section): Self.appendCodeSpan("\(name)(\(section))", to: &bytes)
            case .function(let name): Self.appendCodeSpan("\(name)()", to: &bytes)
            case .link(let url):
                bytes.append(UInt8(ascii: "<"))
                bytes.append(contentsOf: url.utf8)
                bytes.append(UInt8(ascii: ">"))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Markdown lines of a prose value (paragraphs separated by empty lines).
    public func lines(_ prose: Prose) -> [String] {
        var output: [String] = []
        for (index, block) in prose.blocks.enumerated() {
            if index > 0 { output.append("") }
            switch block {
            case .paragraph(let inlines):
                output += CCommentRenderer.wrap(inline(inlines), width: 96)
            case .list(let items):
                for item in items {
                    let wrapped = CCommentRenderer.wrap(inline(item), width: 94)
                    output += wrapped.enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }
                }
            case .code(let text):
                output.append("```c")
                output += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                output.append("```")
            }
        }
        return output
    }

    /// The summary as a Swift doc summary: a capitalised sentence.
    public func summary(_ prose: Prose) -> String {
        var text = inline(prose.inlines)
        if let first = text.first, first.isLowercase {
            text = first.uppercased() + text.dropFirst()
        }
        return text.hasSuffix(".") ? text : text + "."
    }

    /// `/// ` comment lines for Markdown lines, indented.
    public static func comment(_ lines: [String], indent: String = "") -> String {
        lines.map { $0.isEmpty ? "\(indent)///\n" : "\(indent)/// \($0)\n" }.joined()
    }
}
