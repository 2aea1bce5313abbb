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
        // Bytes, not Characters: every markup character is ASCII, and UTF-8
        // never uses ASCII byte values inside a multi-byte character.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
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
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Code spans cannot contain a backquote run of their own length; use a
    /// longer fence when the code has backquotes.
    static func codeSpan(_ text: String) -> String {
        var fence = "`"
        while text.contains(fence) { fence += "`" }
        let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + padding + text + padding + fence
    }

    public func inline(_ inlines: [ProseInline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text): Self.escape(text)
            case .emphasis(let text):
                argumentNames[text].map { Self.codeSpan($0) } ?? "*\(Self.escape(text))*"
            case .strong(let text): Self.codeSpan(text)
            case .code(let text): Self.codeSpan(text)
            case .crossReference(let name, let section): Self.codeSpan("\(name)(\(section))")
            case .function(let name): Self.codeSpan("\(name)()")
            case .link(let url): "<\(url)>"
            }
        }.joined()
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
