import Yams

/// Reads a composed YAML tree while recording located diagnostics: each
/// accessor checks the node's kind and reports "expected X, found Y" at the
/// node itself, so one pass reports every problem of a file.
final class YAMLReader {
    let file: String
    private(set) var log = DiagnosticLog()

    init(file: String) {
        self.file = file
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .start(of: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ message: String, at node: Node) {
        log.error(message, at: location(of: node))
    }

    func error(_ message: String, at location: SourceLocation) {
        log.error(message, at: location)
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return "nothing (null)"
            }
            return "a scalar '\(scalar.string.prefix(40))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A mapping node's keys and values, with unknown-key, duplicate-key and
    /// required-key checks done by `MappingView`.
    func mapping(_ node: Node, what: String) -> MappingView? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping (key: value), found \(Self.kindName(node))", at: node)
            return nil
        }
        return MappingView(reader: self, node: node, mapping: mapping, what: what)
    }

    func sequence(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error("\(what) must be a list, found \(Self.kindName(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be a string, found \(Self.kindName(node))", at: node)
            return nil
        }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            error("\(what) must be a string, found nothing (null)", at: node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty string of one line.
    func line(_ node: Node, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        if text.trimmingSpaces.isEmpty {
            error("\(what) must not be empty", at: node)
            return nil
        }
        if text.contains("\n") {
            error("\(what) must be a single line", at: node)
            return nil
        }
        return text
    }

    func integer(_ node: Node, what: String) -> Int64? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be an integer, found \(Self.kindName(node))", at: node)
            return nil
        }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        let value: Int64?
        if scalar.style != .plain {
            value = nil
        } else if text.hasPrefix("0x") || text.hasPrefix("0X") {
            value = Int64(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("-0x") {
            value = Int64(text.dropFirst(3), radix: 16).map { -$0 }
        } else if text.hasPrefix("0b") {
            value = Int64(text.dropFirst(2), radix: 2)
        } else {
            value = Int64(text)
        }
        guard let value else {
            error("\(what) must be an integer, found \(Self.kindName(node))", at: node)
            return nil
        }
        return value
    }

    func bool(_ node: Node, what: String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain,
              ["true", "false"].contains(scalar.string) else {
            error("\(what) must be true or false, found \(Self.kindName(node))", at: node)
            return nil
        }
        return scalar.string == "true"
    }

    /// Prose in the spec's inline markup; markup errors are reported at their line.
    func prose(_ node: Node, what: String) -> Prose? {
        guard let text = string(node, what: what) else { return nil }
        switch MarkupParser.parse(text) {
        case .success(let prose):
            return prose
        case .failure(let markupError):
            var location = self.location(of: node)
            if case .scalar(let scalar) = node {
                switch scalar.style {
                case .literal, .folded:
                    // The mark points at '|' or '>'; content starts on the next line,
                    // indented like the key plus the block's indentation (assume 2).
                    location.line += 1 + markupError.line
                    location.column = markupError.column + 1 + indentation(ofLine: location.line)
                case .singleQuoted, .doubleQuoted:
                    location.line += markupError.line
                    location.column += markupError.line == 0 ? markupError.column + 1 : 0
                default:
                    location.line += markupError.line
                    location.column += markupError.line == 0 ? markupError.column : 0
                }
            }
            error("\(what): \(markupError.message)", at: location)
            return nil
        }
    }

    /// The source lines, for positions inside block scalars.
    var sourceLines: [Substring] = []

    private func indentation(ofLine line: Int) -> Int {
        guard line >= 1, line <= sourceLines.count else { return 0 }
        return sourceLines[line - 1].prefix(while: { $0 == " " }).count
    }
}

/// One mapping of the tree: hands out its values by key and, when done,
/// reports keys nobody asked for.
final class MappingView {
    let reader: YAMLReader
    let node: Node
    let what: String
    private var values: [String: (key: Node, value: Node)] = [:]
    private var order: [String] = []
    private var used: Set<String> = []

    init(reader: YAMLReader, node: Node, mapping: Node.Mapping, what: String) {
        self.reader = reader
        self.node = node
        self.what = what
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                reader.error("keys of \(what) must be plain names, found \(YAMLReader.kindName(key))", at: key)
                continue
            }
            if let earlier = values[scalar.string] {
                reader.error("duplicate key '\(scalar.string)' in \(what) (first given at line \(earlier.key.mark?.line ?? 0))", at: key)
                continue
            }
            values[scalar.string] = (key, value)
            order.append(scalar.string)
        }
    }

    var location: SourceLocation { reader.location(of: node) }

    func keyLocation(_ key: String) -> SourceLocation? {
        values[key].map { reader.location(of: $0.key) }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    func optional(_ key: String) -> Node? {
        used.insert(key)
        return values[key]?.value
    }

    func required(_ key: String) -> Node? {
        used.insert(key)
        guard let value = values[key]?.value else {
            reader.error("\(what) is missing required field '\(key)'", at: node)
            return nil
        }
        return value
    }

    /// Every key in source order (for maps whose keys are data, such as ABI names).
    var entries: [(key: String, keyNode: Node, value: Node)] {
        order.map { key in
            used.insert(key)
            return (key, values[key]!.key, values[key]!.value)
        }
    }

    /// Reports keys outside `allowed`, with a suggestion for likely typos.
    func finish(allowed: [String]) {
        for key in order where !used.contains(key) && !allowed.contains(key) {
            let keyNode = values[key]!.key
            reader.error("unknown field '\(key)' in \(what)\(Spelling.didYouMean(key, among: allowed))", at: keyNode)
        }
    }

    /// Reports every key not read through this view.
    func finish() {
        finish(allowed: Array(used))
    }
}
