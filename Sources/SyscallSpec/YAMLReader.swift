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

    /// What a node is, for "expected X, found Y" messages.
    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.count > 40 ? scalar.string.prefix(40) + "..." : scalar.string
            switch scalar.style {
            case .plain:
                if ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return "nothing (null)" }
                return "'\(text)'"
            case .singleQuoted, .doubleQuoted:
                return "the quoted string \"\(text)\""
            default:
                return "a block of text"
            }
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A mapping node's keys and values, with unknown-key, duplicate-key and
    /// required-key checks done by `MappingView`.
    /// `fields` lists the keys the mapping may have (checked by `finish()`);
    /// nil for mappings whose keys are data (ABI or parameter names).
    func mapping(_ node: Node, what: String, fields: [String]? = nil) -> MappingView? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping (key: value), found \(Self.kindName(node))", at: node)
            return nil
        }
        return MappingView(reader: self, node: node, mapping: mapping, what: what, fields: fields)
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
        if TextPatterns.isBlank(text) {
            error("\(what) must not be empty", at: node)
            return nil
        }
        if text.utf8.contains(0x0A) {
            error("\(what) must be a single line", at: node)
            return nil
        }
        return text
    }

    /// An integer in a form every YAML reader takes for the same number:
    /// decimal, `0x` hexadecimal or `0b` binary, with an optional sign and `_`
    /// separators. A leading 0 is refused, since YAML 1.1 reads `010` as octal 8.
    func integer(_ node: Node, what: String) -> Int64? {
        guard case .scalar(let scalar) = node, scalar.style == .plain else {
            error("\(what) must be an integer, found \(Self.kindName(node))", at: node)
            return nil
        }
        // Most numbers have no separator; dropping them by Character, not through
        // Foundation, is what keeps integers cheap (every flag has one or more).
        var digits = scalar.string.utf8.contains(UInt8(ascii: "_"))
            ? Substring(scalar.string.filter { $0 != "_" }) : Substring(scalar.string)
        let negative = digits.hasPrefix("-")
        if digits.hasPrefix("-") || digits.hasPrefix("+") { digits = digits.dropFirst() }
        let magnitude: UInt64?
        if digits.hasPrefix("0x") {
            magnitude = UInt64(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0b") {
            magnitude = UInt64(digits.dropFirst(2), radix: 2)
        } else if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy(\.isNumber) {
            error("\(what) '\(scalar.string)' has a leading 0, which YAML 1.1 reads as octal; write it in decimal or with 0x", at: node)
            return nil
        } else {
            magnitude = digits.allSatisfy(\.isASCII) ? UInt64(digits) : nil
        }
        guard let magnitude else {
            error("\(what) must be an integer, found \(Self.kindName(node))", at: node)
            return nil
        }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard magnitude <= limit else {
            error("\(what) \(scalar.string) does not fit in 64 bits", at: node)
            return nil
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    func bool(_ node: Node, what: String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain,
              ["true", "false"].contains(scalar.string) else {
            error("\(what) must be true or false, found \(Self.kindName(node))", at: node)
            return nil
        }
        return scalar.string == "true"
    }

    /// Prose in the spec's inline markup; markup errors are reported where
    /// the offending character is in the file.
    func prose(_ node: Node, what: String) -> Prose? {
        guard let text = string(node, what: what) else { return nil }
        // Control characters have no rendering in any target (and would reach
        // roff as raw bytes); a tab in prose is almost always a paste accident.
        // (Bytes: every control character is ASCII, a byte of its own in UTF-8.)
        var bytes = text
        if let control = bytes.withUTF8({ $0.first { $0 != 0x0A && ($0 < 0x20 || $0 == 0x7F) } }) {
            error("\(what) contains the control character U+\(String(format: "%04X", control)); remove it", at: node)
            return nil
        }
        switch MarkupParser.parse(text) {
        case .success(let prose):
            return prose
        case .failure(let markupError):
            var location = self.location(of: node)
            if case .scalar(let scalar) = node {
                let valueLines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let offset = valueLines.prefix(markupError.line).reduce(0) { $0 + $1.unicodeScalars.count + 1 }
                    + markupError.column
                location = sourceLocation(of: scalar, valueOffset: offset)
            }
            error("\(what): \(markupError.message)", at: location)
            return nil
        }
    }

    /// The file's text, for positions inside scalars.
    private var source = ""
    /// The file's Unicode scalars and the offset (in scalars) where each line
    /// starts: made from `source` when an error needs a position inside a
    /// scalar, which a file without errors never does.
    private var scalarsAndLineStarts: (scalars: [Unicode.Scalar], lineStarts: [Int])?

    private var sourceIndex: (scalars: [Unicode.Scalar], lineStarts: [Int]) {
        if let scalarsAndLineStarts { return scalarsAndLineStarts }
        let scalars = Array(source.unicodeScalars)
        var lineStarts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            lineStarts.append(index + 1)
        }
        scalarsAndLineStarts = (scalars, lineStarts)
        return (scalars, lineStarts)
    }

    func setSource(_ text: String) {
        source = text
        scalarsAndLineStarts = nil
    }

    /// Where the value's character at `valueOffset` (in Unicode scalars) is in the
    /// file. YAML folds lines, strips indentation and unescapes quotes, but keeps
    /// every other character in order, so walking value and source side by side
    /// finds it: a space or line break of the value matches any whitespace of
    /// the source, any other character the next equal one.
    func sourceLocation(of scalar: Node.Scalar, valueOffset: Int) -> SourceLocation {
        let (sourceScalars, lineStarts) = sourceIndex
        guard let mark = scalar.mark, mark.line >= 1, mark.line <= lineStarts.count else { return .start(of: file) }
        var position = lineStarts[mark.line - 1] + mark.column - 1
        switch scalar.style {
        case .literal, .folded:
            // Content starts on the line after the '|' or '>' header.
            guard mark.line < lineStarts.count else { return location(atOffset: position) }
            position = lineStarts[mark.line]
        case .singleQuoted, .doubleQuoted:
            position += 1
        default:
            break
        }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" }
        /// The source offset of the next character matching `character`, from `start`.
        func match(_ character: Unicode.Scalar, from start: Int) -> Int? {
            var index = start
            while index < sourceScalars.count {
                if isSpace(character) ? isSpace(sourceScalars[index]) : sourceScalars[index] == character { return index }
                index += 1
            }
            return nil
        }
        let value = Array(scalar.string.unicodeScalars)
        for character in value.prefix(valueOffset) {
            guard let found = match(character, from: position) else { return location(atOffset: position) }
            position = found + 1
        }
        if valueOffset < value.count, let found = match(value[valueOffset], from: position) {
            position = found
        }
        return location(atOffset: position)
    }

    private func location(atOffset offset: Int) -> SourceLocation {
        // The last line starting at or before the offset.
        let lineStarts = sourceIndex.lineStarts
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
    }
}

/// One mapping of the tree: hands out its values by key and, when done,
/// reports keys nobody asked for.
final class MappingView {
    let reader: YAMLReader
    let node: Node
    let what: String
    /// The keys this mapping may have, or nil when its keys are data.
    let fields: [String]?
    /// The keys in source order, with their key and value nodes. A spec's
    /// mappings have a few keys each, which a linear search finds faster
    /// than hashing; a large one (data keys) gets a table.
    private var order: [String] = []
    private var keyNodes: [Node] = []
    private var valueNodes: [Node] = []
    private var indexByKey: [String: Int]?
    private static let largeMapping = 16
    /// Keys the loader asked for, tracked where assertions run (debug builds)
    /// for the check in `finish()`.
    private var used: Set<String> = []

    init(reader: YAMLReader, node: Node, mapping: Node.Mapping, what: String, fields: [String]?) {
        self.reader = reader
        self.node = node
        self.what = what
        self.fields = fields
        // By position: Yams' iterator copies every pair into a new array first.
        let positions = mapping.startIndex..<mapping.endIndex
        order.reserveCapacity(positions.count)
        keyNodes.reserveCapacity(positions.count)
        valueNodes.reserveCapacity(positions.count)
        for position in positions {
            let (key, value) = mapping[position]
            guard case .scalar(let scalar) = key else {
                reader.error("keys of \(what) must be plain names, found \(YAMLReader.kindName(key))", at: key)
                continue
            }
            if let earlier = index(of: scalar.string) {
                reader.error("duplicate key '\(scalar.string)' in \(what) (first given at line \(keyNodes[earlier].mark?.line ?? 0))", at: key)
                continue
            }
            order.append(scalar.string)
            keyNodes.append(key)
            valueNodes.append(value)
            if indexByKey != nil {
                indexByKey![scalar.string] = order.count - 1
            } else if order.count > Self.largeMapping {
                indexByKey = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            }
        }
    }

    private func index(of key: String) -> Int? {
        if let indexByKey { return indexByKey[key] }
        return order.firstIndex(of: key)
    }

    private func noteUsed(_ key: String) {
        assert(used.insert(key).inserted || true)
    }

    var location: SourceLocation { reader.location(of: node) }

    func keyLocation(_ key: String) -> SourceLocation? {
        index(of: key).map { reader.location(of: keyNodes[$0]) }
    }

    func has(_ key: String) -> Bool { index(of: key) != nil }

    func optional(_ key: String) -> Node? {
        noteUsed(key)
        return index(of: key).map { valueNodes[$0] }
    }

    func required(_ key: String) -> Node? {
        noteUsed(key)
        guard let index = index(of: key) else {
            // A misspelt key is reported once, by `finish()`, which suggests this one.
            if !misspells(key) {
                reader.error("\(what) is missing required field '\(key)'", at: node)
            }
            return nil
        }
        return valueNodes[index]
    }

    /// Whether an unknown key of this mapping looks like a misspelling of `key`.
    func misspells(_ key: String) -> Bool {
        guard let fields else { return false }
        return order.contains { !fields.contains($0) && Spelling.suggestion(for: $0, among: fields) == key }
    }

    /// Every key in source order (for maps whose keys are data, such as ABI names).
    var entries: [(key: String, keyNode: Node, value: Node)] {
        order.indices.map { index in
            noteUsed(order[index])
            return (order[index], keyNodes[index], valueNodes[index])
        }
    }

    /// Reports keys outside `fields`, with a suggestion for likely typos.
    /// `fields` is the whole truth (spec/schema.json is tested against it), so
    /// reading a key outside it is a bug in the loader.
    func finish() {
        guard let fields else { return }
        assert(used.isSubset(of: fields), "\(what): the loader reads \(used.subtracting(fields).sorted()), which its field list lacks")
        for (key, keyNode) in zip(order, keyNodes) where !fields.contains(key) {
            reader.error("unknown field '\(key)' in \(what)\(Spelling.didYouMean(key, among: fields))", at: keyNode)
        }
    }
}
