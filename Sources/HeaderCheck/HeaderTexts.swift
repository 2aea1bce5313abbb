import Foundation
import SyscallGen
import SyscallSpec

/// The generated headers as files: their paths, how to print them, which spec
/// each came from, and which spec field a given line was generated from.
final class HeaderTexts {
    let includeDirectory: String
    let catalogue: Catalogue
    private let workingDirectory = FileManager.default.currentDirectoryPath
    private var lineCache: [String: [String]] = [:]

    init(includeDirectory: String, catalogue: Catalogue) {
        self.includeDirectory = includeDirectory
        self.catalogue = catalogue
    }

    func path(of relative: String) -> String { includeDirectory + "/" + relative }

    /// A path as diagnostics print it: relative to the working directory when under it.
    func display(_ path: String) -> String {
        let prefix = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    func location(_ relative: String, line: Int = 1) -> SourceLocation {
        SourceLocation(file: display(path(of: relative)), line: line, column: 1)
    }

    func lines(of path: String) -> [String] {
        if let cached = lineCache[path] { return cached }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.components(separatedBy: "\n")
        lineCache[path] = lines
        return lines
    }

    /// The spec a generated header belongs to: its per-call header, or the first
    /// spec whose calls a replacement header adds.
    func spec(owning file: String) -> SyscallSpec? {
        guard file.hasPrefix(includeDirectory + "/") else { return nil }
        let relative = String(file.dropFirst(includeDirectory.count + 1))
        if let spec = catalogue.specs.first(where: { ShimHeaders.call($0) == relative }) { return spec }
        return catalogue.specs.first { ShimHeaders.replacement($0.header) == relative }
    }

    /// A note naming the spec field that line `line` of a generated header came
    /// from, judged by what the line mentions.
    func specNote(file: String, line: Int) -> Diagnostic? {
        guard let spec = spec(owning: file) else { return nil }
        let all = lines(of: file)
        let text = line >= 1 && line <= all.count ? all[line - 1] : ""
        func note(_ key: String, _ message: String) -> Diagnostic {
            Diagnostic(.note, at: spec.locations[key] ?? spec.locations["name"] ?? .start(of: spec.sourcePath), message)
        }
        for set in catalogue.flagSets.values where set.owner == spec.name {
            if let flag = set.flags.first(where: { text.contains($0.name) }) {
                return Diagnostic(.note, at: flag.location, "this line is generated from flag \(flag.name)")
            }
        }
        // A prototype names structs too; it comes from the parameters.
        if text.contains("\(spec.name) (") || text.contains("\(CShimEmitter.shimSymbol(spec)) (") {
            return note("parameters", "this line is generated from the spec's returns and parameters")
        }
        for record in catalogue.structs.values where record.owner == spec.name {
            if text.contains("struct \(record.name)") {
                return Diagnostic(.note, at: record.location, "this line is generated from struct \(record.name)")
            }
            if let field = record.fields.first(where: { text.range(of: "\\b\($0.name)\\b", options: .regularExpression) != nil }) {
                return Diagnostic(.note, at: field.location, "this line is generated from field '\(field.name)' of struct \(record.name)")
            }
        }
        if text.contains("SYSSHIM_NR_") || text.contains("__NR_") || text.contains("#error") {
            return note("numbers", "this line is generated from the spec's numbers")
        }
        if text.contains("SYSSHIM_LIBC_HAS_") || text.contains("GLIBC_PREREQ") {
            return note("availability", "this line is generated from the spec's availability")
        }
        return note("name", "this header is generated from this spec")
    }

    /// The 1-based line of a generated header that matches `predicate`, looking
    /// only after the first line matching `after` when given.
    func line(in relative: String, after: ((String) -> Bool)? = nil, where predicate: (String) -> Bool) -> Int? {
        let all = lines(of: path(of: relative))
        var start = 0
        if let after {
            guard let anchor = all.firstIndex(where: after) else { return nil }
            start = anchor
        }
        return all[start...].firstIndex(where: predicate).map { $0 + 1 }
    }

    /// Where the generated header defines the call's number for `abi`.
    func numberLocation(_ spec: SyscallSpec, abi: ABI) -> SourceLocation {
        let header = ShimHeaders.call(spec)
        let macro = CShimEmitter.numberMacro(spec)
        let line = self.line(in: header, after: { ($0.hasPrefix("# if ") || $0.hasPrefix("# elif ")) && $0.hasSuffix(abi.cCondition) },
                             where: { $0.contains("define \(macro) ") })
            ?? self.line(in: header, where: { $0.contains("define \(macro) ") })
        return location(header, line: line ?? 1)
    }

    /// Where the generated header defines a flag macro.
    func flagLocation(_ flag: Flag, owner: String) -> SourceLocation {
        let header = catalogue.spec(named: owner).map(ShimHeaders.call) ?? ShimHeaders.umbrella
        let line = self.line(in: header, where: { $0.contains("define \(flag.name) ") })
        return location(header, line: line ?? 1)
    }
}
