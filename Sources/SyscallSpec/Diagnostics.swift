/// A position in a spec file, 1-based like the compilers and editors that read it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for problems that concern the file as a whole (encoding, size).
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One problem found in the specs, printed in the format gcc uses so that
/// editors and CI logs can jump to it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Collects every problem of a run, so that one invocation reports them all.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    public mutating func note(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.note, at: location, message))
    }

    public mutating func append(contentsOf other: DiagnosticLog) {
        diagnostics.append(contentsOf: other.diagnostics)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Stable order: by file, then position; notes stay behind the error they explain.
    public var sorted: [Diagnostic] {
        var groups: [[Diagnostic]] = []
        for diagnostic in diagnostics {
            if diagnostic.severity == .note, !groups.isEmpty {
                groups[groups.count - 1].append(diagnostic)
            } else {
                groups.append([diagnostic])
            }
        }
        return groups.enumerated()
            .sorted { ($0.element[0].location, $0.offset) < ($1.element[0].location, $1.offset) }
            .flatMap(\.element)
    }
}

/// Thrown when specs could not be loaded; carries every diagnostic of the run.
public struct SpecLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Suggests the closest known word for a misspelt one ("did you mean ...").
public enum Spelling {
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (name: String, distance: Int, prefix: Int)?
        for candidate in candidates {
            let other = candidate.lowercased()
            let distance = editDistance(lowered, other)
            let prefix = zip(lowered, other).prefix { $0 == $1 }.count
            // Ties go to the candidate sharing the longer prefix ('pidf' is a
            // cut-off 'pidfd' rather than a 'pid' with a stray letter), then by name.
            if best == nil || distance < best!.distance
                || (distance == best!.distance && (prefix > best!.prefix || (prefix == best!.prefix && candidate < best!.name))) {
                best = (candidate, distance, prefix)
            }
        }
        guard let best, best.distance > 0 || word != best.name else { return nil }
        // Only suggest when the guess is plausibly a typo, not an unrelated word:
        // one edit in a short word, about a third of the letters in a longer one.
        let shorter = min(word.count, best.name.count)
        let limit = shorter <= 4 ? 1 : max(2, shorter / 3)
        return best.distance <= limit ? best.name : nil
    }

    public static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        guard let guess = suggestion(for: word, among: candidates) else { return "" }
        return "; did you mean '\(guess)'?"
    }

    /// Edit distance where swapping two neighbouring letters counts as one edit
    /// (optimal string alignment), the commonest typo in names such as ESRHC.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
