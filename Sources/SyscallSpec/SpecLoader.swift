import Foundation
import Yams

/// Turns one spec file into a `SyscallSpec`, or into diagnostics. Checks that
/// need the whole catalogue (shared flag sets, structs, numbers) are in `Catalogue`.
public enum SpecLoader {
    /// Files above this size are refused before parsing: a spec is prose and a
    /// table, so a larger file is a mistake (or an attack on the YAML parser).
    public static let maximumFileSize = 1 << 20

    /// Loads a spec from its bytes. `path` is used in diagnostics and must end in `<name>.yaml`.
    public static func load(data: Data, path: String) -> Result<SyscallSpec, SpecLoadError> {
        if data.count > maximumFileSize {
            return .failure(SpecLoadError([Diagnostic(at: .start(of: path),
                "file is \(data.count) bytes, over the 1 MiB limit for a spec")]))
        }
        guard let text = String(validatingUTF8Data: data) else {
            let offset = firstInvalidUTF8Offset(data)
            let line = data.prefix(offset).filter { $0 == 0x0A }.count + 1
            let column = offset - (data.prefix(offset).lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            return .failure(SpecLoadError([Diagnostic(at: SourceLocation(file: path, line: line, column: column),
                "file is not valid UTF-8 (byte 0x\(String(data[offset], radix: 16)) at offset \(offset))")]))
        }
        let reader = YAMLReader(file: path)
        reader.setSource(text)
        let root: Node?
        do {
            // The basic resolver: every scalar stays a string and the loader reads
            // numbers, booleans and nulls itself (with located errors); YAML's
            // implicit typing would only add regular-expression work per scalar.
            // UTF-8 named, not Yams' default, which reads the environment for
            // every file (and would let YAMS_DEFAULT_ENCODING change the parse).
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            return .failure(SpecLoadError([yamlDiagnostic(error, path: path, text: text)]))
        } catch {
            return .failure(SpecLoadError([Diagnostic(at: .start(of: path), "cannot parse YAML: \(error)")]))
        }
        guard let root else {
            return .failure(SpecLoadError([Diagnostic(at: .start(of: path), "spec file is empty")]))
        }
        let builder = SpecBuilder(reader: reader, path: path)
        let spec = builder.build(root)
        if reader.log.hasErrors || spec == nil {
            return .failure(SpecLoadError(reader.log.sorted))
        }
        return .success(spec!)
    }

    static func yamlDiagnostic(_ error: YamlError, path: String, text: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libyaml names what it was reading and where that began, which is
            // often lines before the problem (an unclosed quote or bracket).
            let contextText = context.map { " (\($0.text) starting at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return Diagnostic(at: SourceLocation(file: path, line: mark.line, column: mark.column),
                              "YAML syntax error: \(problem)\(contextText)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the first occurrence; the mistake is the repetition.
            let first = context.mark
            let key = duplicates.first ?? ""
            let repeated = repeatedKeyLocation(key: key, after: first, in: text)
            return Diagnostic(at: SourceLocation(file: path, line: repeated?.line ?? first.line, column: repeated?.column ?? first.column),
                              "duplicate key '\(key)' (first given at line \(first.line))")
        case .reader(let problem, let offset, _, _):
            return Diagnostic(at: .start(of: path), "cannot read YAML: \(problem) at offset \(offset ?? 0)")
        default:
            return Diagnostic(at: .start(of: path), "cannot parse YAML: \(error)")
        }
    }

    /// The line and column of the next `key:` in the same block mapping as the
    /// key at `first` (same indentation, before the mapping ends), if any.
    static func repeatedKeyLocation(key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        var index = first.line  // the line after the first occurrence (0-based)
        while index < lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            let content = line.dropFirst(leading)
            index += 1
            if content.isEmpty || content.hasPrefix("#") || leading > indent { continue }
            if leading < indent { return nil }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where content.hasPrefix(spelling) {
                if content.dropFirst(spelling.count).drop(while: { $0 == " " }).hasPrefix(":") {
                    return (index, leading + 1)
                }
            }
        }
        return nil
    }

    static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            if index + length > bytes.count { return index }
            for continuation in bytes[(index + 1)..<(index + length)] where continuation & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return max(0, bytes.count - 1)
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}

/// Builds the model from a composed tree, one field at a time; every accessor
/// reports its own problems, so the build continues past errors to find them all.
final class SpecBuilder {
    let reader: YAMLReader
    let path: String
    private var locations: [String: SourceLocation] = [:]
    /// Parameters written in the file that failed to load, by the name they
    /// were given; and whether the list was unreadable as a whole. References
    /// to such parameters are not reported again (one mistake, one error).
    private var brokenParameterNames: Set<String> = []
    private var parameterListBroken = false

    init(reader: YAMLReader, path: String) {
        self.reader = reader
        self.path = path
    }

    func build(_ root: Node) -> SyscallSpec? {
        guard let top = reader.mapping(root, what: "the spec", fields: SpecFields.root) else { return nil }
        defer { top.finish() }
        for key in SpecFields.root {
            if let location = top.keyLocation(key) { locations[key] = location }
        }

        let name = identifier(top.required("name"), what: "name")
        if let name, let nameNode = top.optional("name") {
            let expected = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            if name != expected {
                reader.error("spec name '\(name)' differs from its file name '\(expected).yaml'; rename one of them", at: nameNode)
            }
        }
        let summary = top.required("summary").flatMap { node -> Prose? in
            guard let line = reader.line(node, what: "summary") else { return nil }
            if line.hasSuffix(".") { reader.error("summary is a NAME-line fragment and must not end with a period", at: node) }
            return reader.prose(node, what: "summary")
        }
        let date = top.required("date").flatMap { node -> String? in
            guard let text = reader.line(node, what: "date") else { return nil }
            guard TextPatterns.isDate(text) else {
                reader.error("date must be YYYY-MM-DD, found '\(text)'", at: node)
                return nil
            }
            if case .scalar(let scalar) = node, scalar.style == .plain {
                // Unquoted, YAML tools (and editors' schema checks) read a timestamp, not a string.
                reader.error("date must be written quoted, as \"\(text)\": unquoted, YAML reads a timestamp", at: node)
                return nil
            }
            return text
        }
        let header = top.required("header").flatMap { node -> String? in
            guard let text = reader.line(node, what: "header") else { return nil }
            guard TextPatterns.isHeaderPath(text) else {
                reader.error("header must be a libc header path such as 'sys/mman.h', found '\(text)'", at: node)
                return nil
            }
            return text
        }
        let featureTestMacro = top.optional("feature_test_macro").flatMap { node -> String? in
            guard let text = reader.line(node, what: "feature_test_macro") else { return nil }
            guard TextPatterns.isFeatureTestMacro(text) else {
                reader.error("feature_test_macro must be a macro such as _GNU_SOURCE, found '\(text)'", at: node)
                return nil
            }
            return text
        }
        let availability = top.required("availability").flatMap(self.availability)
        let kernelConfig = top.optional("kernel_config").flatMap(self.kernelConfig) ?? []
        let numbers = top.required("numbers").flatMap(self.numbers)
        let returns = top.required("returns").flatMap(self.returns)
        let parameters = top.required("parameters").flatMap(self.parameters) ?? []
        if !top.has("parameters") { parameterListBroken = true }
        let flagSets = top.optional("flag_sets").flatMap { self.flagSets($0, owner: name ?? "") } ?? []
        let structs = top.optional("structs").flatMap { self.structs($0, owner: name ?? "") } ?? []
        let errors = top.required("errors").flatMap { self.errors($0, parameters: parameters) } ?? []
        let successes = top.optional("success").flatMap { self.successes($0, parameters: parameters) } ?? []
        let probe = top.required("probe").flatMap { self.probe($0, parameters: parameters) }
        let tests = top.optional("tests").flatMap(self.tests) ?? TestPolicy(isolation: .process)
        let description = top.required("description").flatMap { reader.prose($0, what: "description") }
        func optionalProse(_ key: String) -> Prose {
            top.optional(key).flatMap { reader.prose($0, what: key) } ?? .empty
        }
        let notes = optionalProse("notes")
        let caveats = optionalProse("caveats")
        let bugs = optionalProse("bugs")
        let versions = optionalProse("versions")
        let history = optionalProse("history")
        let seeAlso = top.optional("see_also").flatMap(self.seeAlso) ?? []
        let references = top.optional("references").flatMap(self.references) ?? []
        let example = top.optional("example").flatMap(self.example)
        let swift = top.required("swift").flatMap {
            self.swiftNaming($0, parameters: parameters, returns: returns, successes: successes)
        }

        if let returns, returns.kind == .descriptor, returns.type.scalar?.spelling != "int" {
            reader.error("a call returning a descriptor must return int", at: top.location)
        }
        if let description, description.isEmpty, let node = top.optional("description") {
            reader.error("description must not be empty", at: node)
        }

        guard let name, let summary, let date, let header, let availability, let numbers, let returns,
              let probe, let description, let swift, !reader.log.hasErrors else { return nil }
        return SyscallSpec(
            name: name, summary: summary, date: date, header: header, featureTestMacro: featureTestMacro,
            availability: availability, kernelConfig: kernelConfig, numbers: numbers, returns: returns,
            parameters: parameters, flagSets: flagSets, structs: structs, errors: errors, successes: successes,
            probe: probe, tests: tests, description: description, notes: notes, caveats: caveats, bugs: bugs,
            versions: versions, history: history, seeAlso: seeAlso, references: references, example: example,
            swift: swift, sourcePath: path, locations: locations)
    }

    // MARK: - Small helpers

    func hex(_ value: Int64) -> String {
        (value < 0 ? "-0x" : "0x") + String(value.magnitude, radix: 16)
    }

    private func noteBrokenParameters(_ node: Node?, loaded: [Parameter]) {
        guard let node, case .sequence(let items) = node else {
            parameterListBroken = true
            return
        }
        for item in items {
            guard case .mapping(let mapping) = item, let nameNode = mapping["name"], case .scalar(let name) = nameNode else {
                parameterListBroken = true
                continue
            }
            if !loaded.contains(where: { $0.name == name.string }) { brokenParameterNames.insert(name.string) }
        }
    }

    /// Whether `name` may be a parameter that failed to load (already reported).
    func isBrokenParameter(_ name: String) -> Bool {
        parameterListBroken || brokenParameterNames.contains(name)
    }

    /// Reports a reference to a parameter that does not exist, unless it is one
    /// that failed to load.
    func unknownParameter(_ name: String, at node: Node, what: String, parameters: [Parameter]) {
        guard !isBrokenParameter(name) else { return }
        reader.error("\(what) names '\(name)', which is not a parameter\(Spelling.didYouMean(name, among: parameters.map(\.name)))", at: node)
    }

    func identifier(_ node: Node?, what: String) -> String? {
        guard let node, let text = reader.line(node, what: what) else { return nil }
        if let problem = Identifier.problem(with: text) {
            reader.error("\(what): \(problem)", at: node)
            return nil
        }
        return text
    }

    /// A release such as "5.15"; `alternative` names the word the field also
    /// accepts (`none`, `proposed`), for the message.
    func version(_ node: Node, what: String, alternative: String? = nil) -> Version? {
        guard case .scalar(let scalar) = node, let parsed = Version(parsing: scalar.string) else {
            let or = alternative.map { " or \($0)" } ?? ""
            reader.error("\(what) must be a release number such as \"5.15\"\(or), found \(YAMLReader.kindName(node))", at: node)
            return nil
        }
        if scalar.style == .plain, parsed.components.count == 2 {
            // Unquoted, 5.15 is a number to YAML (and to editors' schema checks),
            // and 5.10 is the number 5.1: every two-part release is quoted.
            let number = Double(scalar.string).map { "\($0)" } ?? scalar.string
            reader.error("\(what) must be written quoted, as \"\(scalar.string)\": unquoted, YAML reads the number \(number)", at: node)
            return nil
        }
        return parsed
    }

    /// A version, or nil for `none` (the libc has no wrapper).
    func optionalVersion(_ node: Node, what: String) -> Version?? {
        if case .scalar(let scalar) = node, scalar.string == "none" { return .some(nil) }
        guard let parsed = version(node, what: what, alternative: "none") else { return nil }
        return .some(parsed)
    }

    func errnoName(_ node: Node, what: String) -> String? {
        guard let text = reader.line(node, what: what) else { return nil }
        guard KernelErrno.isKnown(text) else {
            reader.error("\(what): '\(text)' is not an errno the Linux kernel returns\(Spelling.didYouMean(text, among: KernelErrno.all.map(\.name)))", at: node)
            return nil
        }
        return text
    }

    func list<T>(_ node: Node, what: String, _ item: (Node, Int) -> T?) -> [T]? {
        guard let items = reader.sequence(node, what: what) else { return nil }
        return items.enumerated().compactMap { item($1, $0) }
    }

    // MARK: - Fields

    func availability(_ node: Node) -> Availability? {
        guard let map = reader.mapping(node, what: "availability", fields: SpecFields.availability) else { return nil }
        defer { map.finish() }
        let linux = map.required("linux").flatMap { version($0, what: "availability.linux") }
        let glibc = map.required("glibc").flatMap { optionalVersion($0, what: "availability.glibc") }
        let musl = map.required("musl").flatMap { optionalVersion($0, what: "availability.musl") }
        guard let linux, let glibc, let musl else { return nil }
        return Availability(linux: linux, glibc: glibc, musl: musl)
    }

    func kernelConfig(_ node: Node) -> [KernelConfigRequirement]? {
        list(node, what: "kernel_config") { item, index in
            guard let map = reader.mapping(item, what: "kernel_config[\(index)]", fields: SpecFields.kernelConfig) else { return nil }
            defer { map.finish() }
            let option = map.required("option").flatMap { node -> String? in
                guard let text = reader.line(node, what: "kernel_config option") else { return nil }
                guard TextPatterns.isMacroName(text, prefix: "CONFIG_") else {
                    reader.error("kernel_config option must look like CONFIG_MMU, found '\(text)'", at: node)
                    return nil
                }
                return text
            }
            let missing = map.required("missing").flatMap { errnoName($0, what: "kernel_config missing") }
            let prose = map.required("prose").flatMap { reader.prose($0, what: "kernel_config prose") }
            guard let option, let missing, let prose else { return nil }
            return KernelConfigRequirement(option: option, missingErrno: missing, prose: prose)
        }
    }

    func numbers(_ node: Node) -> SyscallNumbers? {
        guard let map = reader.mapping(node, what: "numbers", fields: SpecFields.numbers) else { return nil }
        defer { map.finish() }
        var common: Int?
        if let commonNode = map.optional("common") { locations["numbers.common"] = reader.location(of: commonNode) }
        if let commonNode = map.optional("common"), let value = reader.integer(commonNode, what: "numbers.common") {
            if value < 0 {
                reader.error("numbers.common must not be negative, found \(value)", at: commonNode)
            } else if value < ABI.firstCommonNumber {
                reader.error("numbers.common \(value) is below \(ABI.firstCommonNumber): calls older than pidfd_send_signal have unrelated numbers per ABI; give them all under 'overrides'", at: commonNode)
            } else if value > 0xFFFF {
                reader.error("numbers.common \(value) is not a plausible syscall number", at: commonNode)
            } else {
                common = Int(value)
            }
        }
        var overrides: [String: Int?] = [:]
        if let overridesNode = map.optional("overrides"), let overridesMap = reader.mapping(overridesNode, what: "numbers.overrides") {
            for entry in overridesMap.entries {
                guard ABI.byName[entry.key] != nil else {
                    reader.error("unknown ABI '\(entry.key)' in numbers.overrides\(Spelling.didYouMean(entry.key, among: ABI.all.map(\.name)))", at: entry.keyNode)
                    continue
                }
                locations["numbers.overrides.\(entry.key)"] = reader.location(of: entry.value)
                if case .scalar(let scalar) = entry.value, scalar.string == "none" {
                    overrides[entry.key] = .some(nil)
                    continue
                }
                guard let value = reader.integer(entry.value, what: "numbers.overrides.\(entry.key) (a number or none)") else { continue }
                if value < 0 {
                    reader.error("numbers.overrides.\(entry.key) must not be negative, found \(value)", at: entry.value)
                    continue
                }
                overrides[entry.key] = Int(value)
            }
        }
        // `only: [x86_64, ...]`: the call is wired up on these ABIs alone.
        if let onlyNode = map.optional("only"), let items = reader.sequence(onlyNode, what: "numbers.only") {
            var listed: Set<String> = []
            for item in items {
                guard let name = reader.line(item, what: "numbers.only") else { continue }
                guard ABI.byName[name] != nil else {
                    reader.error("unknown ABI '\(name)' in numbers.only\(Spelling.didYouMean(name, among: ABI.all.map(\.name)))", at: item)
                    continue
                }
                if !listed.insert(name).inserted { reader.error("numbers.only lists '\(name)' twice", at: item) }
                if overrides[name] == .some(nil) {
                    reader.error("numbers.only lists '\(name)', which overrides says is not wired", at: item)
                }
            }
            if items.isEmpty { reader.error("numbers.only lists no ABI", at: onlyNode) }
            for abi in ABI.all where !listed.contains(abi.name) && overrides[abi.name] == nil {
                overrides[abi.name] = .some(nil)
            }
        }
        let overridesGiven = map.optional("overrides").map { node -> Bool in
            if case .mapping(let mapping) = node { return mapping.count > 0 }
            return true  // wrong type, reported above
        } ?? false
        if !map.has("common") && !overridesGiven {
            reader.error("numbers needs 'common' or at least one entry under 'overrides'", at: node)
            return nil
        }
        return SyscallNumbers.resolve(common: common, overrides: overrides)
    }

    func cType(_ node: Node, what: String) -> CType? {
        guard let text = reader.line(node, what: what) else { return nil }
        switch CType.parse(text) {
        case .success(let type): return type
        case .failure(let error):
            reader.error("\(what): \(error)", at: node)
            return nil
        }
    }

    func returns(_ node: Node) -> ReturnSpec? {
        guard let map = reader.mapping(node, what: "returns", fields: SpecFields.returns) else { return nil }
        defer { map.finish() }
        let type = map.required("type").flatMap { node -> CType? in
            guard let type = cType(node, what: "returns.type") else { return nil }
            guard case .scalar(let scalar) = type, ["int", "long", "ssize_t"].contains(scalar.spelling) else {
                reader.error("returns.type must be int, long or ssize_t (a system call returns -1 on failure), found '\(type)'", at: node)
                return nil
            }
            return type
        }
        let kind = map.required("kind").flatMap { node -> ReturnSpec.Kind? in
            enumCase(node, what: "returns.kind", ReturnSpec.Kind.self)
        }
        let prose = map.required("prose").flatMap { reader.prose($0, what: "returns.prose") }
        guard let type, let kind, let prose else { return nil }
        return ReturnSpec(type: type, kind: kind, prose: prose)
    }

    func enumCase<E: RawRepresentable & CaseIterable>(_ node: Node, what: String, _: E.Type) -> E? where E.RawValue == String {
        guard let text = reader.line(node, what: what) else { return nil }
        guard let value = E(rawValue: text) else {
            let names = E.allCases.map(\.rawValue)
            reader.error("\(what) '\(text)' is not one of \(names.joined(separator: ", "))\(Spelling.didYouMean(text, among: names))", at: node)
            return nil
        }
        return value
    }

    func parameters(_ node: Node) -> [Parameter]? {
        var seen: [String: Int] = [:]
        // Where each parameter's size_of and count_of are written, for errors about their targets.
        var sizeOfNodes: [String: Node] = [:], countOfNodes: [String: Node] = [:]
        let result: [Parameter]? = list(node, what: "parameters") { item, index in
            guard let map = reader.mapping(item, what: "parameters[\(index)]", fields: SpecFields.parameter) else { return nil }
            defer { map.finish() }
            let name = identifier(map.required("name"), what: "parameters[\(index)].name")
            if let name, let nameNode = map.optional("name") {
                if let earlier = seen[name] {
                    reader.error("duplicate parameter '\(name)' (also parameters[\(earlier)])", at: nameNode)
                    return nil
                }
                seen[name] = index
            }
            let label = name.map { "parameter '\($0)'" } ?? "parameters[\(index)]"
            let type = map.required("type").flatMap { cType($0, what: "\(label) type") }
            let role = map.required("role").flatMap { enumCase($0, what: "\(label) role", ParameterRole.self) }
            let prose = map.required("prose").flatMap { reader.prose($0, what: "\(label) prose") }
            let flagSet = map.optional("flag_set").flatMap { identifier($0, what: "\(label) flag_set") }
            let sizeOf = map.optional("size_of").flatMap { identifier($0, what: "\(label) size_of") }
            let countOf = map.optional("count_of").flatMap { identifier($0, what: "\(label) count_of") }
            let nullable = map.optional("nullable").flatMap { reader.bool($0, what: "\(label) nullable") } ?? false
            let libcConst = map.optional("libc_const").flatMap { reader.bool($0, what: "\(label) libc_const") } ?? true
            guard let name, let type, let role, let prose else { return nil }
            sizeOfNodes[name] = map.optional("size_of")
            countOfNodes[name] = map.optional("count_of")
            if let node = map.optional("flag_set") { locations["parameters.\(name).flag_set"] = reader.location(of: node) }

            // Role and type must agree, and each role needs its companion field.
            if role.isPointer, !type.isPointer {
                reader.error("\(label) has role '\(role.rawValue)', which needs a pointer type, not '\(type)'", at: map.required("type")!)
            }
            if !role.isPointer, role != .address, type.isPointer {
                reader.error("\(label) has role '\(role.rawValue)', which needs an integer type, not '\(type)'", at: map.required("type")!)
            }
            if [.pidfd, .fd, .remoteFd, .signal].contains(role), type.scalar?.spelling != "int", type.scalar?.spelling != "unsigned int" {
                reader.error("\(label) has role '\(role.rawValue)', which needs type int, not '\(type)'", at: map.required("type")!)
            }
            // Each role that needs a companion field has it, and no other role does.
            // (A misspelt companion is reported as an unknown field that suggests it.)
            for (key, roles, purpose) in [("flag_set", [ParameterRole.flags, .enumValue], "naming its flags"),
                                          ("size_of", [.size], "naming the struct or buffer parameter"),
                                          ("count_of", [.count], "naming the array parameter")] {
                if roles.contains(role), !map.has(key), !map.misspells(key) {
                    reader.error("\(label) has role '\(role.rawValue)' and needs '\(key)' \(purpose)", at: map.location)
                } else if !roles.contains(role), let keyLocation = map.keyLocation(key) {
                    let names = roles.map { "'\($0.rawValue)'" }.joined(separator: " and ")
                    reader.error("\(label): '\(key)' is only for role\(roles.count > 1 ? "s" : "") \(names), not '\(role.rawValue)'", at: keyLocation)
                }
            }
            if nullable, !role.isPointer {
                reader.error("\(label): 'nullable' is only for pointer roles", at: map.keyLocation("nullable")!)
            }
            if role.isStruct, type.pointee?.recordTag == nil, type.pointee.map({ if case .systemRecord = $0.unqualified { true } else { false } }) != true {
                reader.error("\(label) has role '\(role.rawValue)' and must point to a struct, not '\(type)'", at: map.required("type")!)
            }
            if let libcConstNode = map.optional("libc_const") {
                if !role.isPointer || role.isOutput || role == .structInOut {
                    reader.error("\(label): 'libc_const' is only for pointers the kernel reads", at: libcConstNode)
                } else if libcConst {
                    reader.error("\(label): 'libc_const: true' is the default; write it only as false", at: libcConstNode)
                } else if type.pointee?.isConstQualified == true {
                    reader.error("\(label) says the C library's prototype has no const (libc_const: false); declare it '\(type.pointee!.unqualified) *'", at: map.required("type")!)
                }
            } else if role.isPointer, !role.isOutput, let pointee = type.pointee, !pointee.isConstQualified, role != .structInOut {
                reader.error("\(label) is read by the kernel (role '\(role.rawValue)'); declare it 'const \(pointee) *' (or, where the C library's prototype has no const, say 'libc_const: false')", at: map.required("type")!)
            }
            if role.isOutput, let pointee = type.pointee, pointee.isConstQualified {
                reader.error("\(label) is written by the kernel (role '\(role.rawValue)') and cannot point to const", at: map.required("type")!)
            }
            return Parameter(name: name, type: type, role: role, prose: prose, flagSet: flagSet, sizeOf: sizeOf,
                             countOf: countOf, nullable: nullable, libcConst: libcConst, location: reader.location(of: item))
        }
        noteBrokenParameters(node, loaded: result ?? [])
        guard let result else { return nil }
        if result.count > 6 {
            reader.error("a system call takes at most 6 arguments, this spec has \(result.count)", at: node)
        }
        // Cross-parameter ties.
        for parameter in result {
            if let target = parameter.sizeOf {
                if let peer = result.first(where: { $0.name == target }) {
                    if !peer.role.isPointer {
                        reader.error("parameter '\(parameter.name)' is the size of '\(target)', which is not a pointer", at: sizeOfNodes[parameter.name]!)
                    }
                } else {
                    unknownParameter(target, at: sizeOfNodes[parameter.name]!, what: "parameter '\(parameter.name)' size_of", parameters: result)
                }
            }
            if let target = parameter.countOf {
                if let peer = result.first(where: { $0.name == target }) {
                    if peer.role != .arrayIn && peer.role != .arrayOut {
                        reader.error("parameter '\(parameter.name)' counts '\(target)', which is not an array (role array-in or array-out)", at: countOfNodes[parameter.name]!)
                    }
                } else {
                    unknownParameter(target, at: countOfNodes[parameter.name]!, what: "parameter '\(parameter.name)' count_of", parameters: result)
                }
            }
        }
        return result
    }

    func flagSets(_ node: Node, owner: String) -> [FlagSet]? {
        var seenSets: [String: Int] = [:]
        return list(node, what: "flag_sets") { item, index in
            guard let map = reader.mapping(item, what: "flag_sets[\(index)]", fields: SpecFields.flagSet) else { return nil }
            defer { map.finish() }
            let name = identifier(map.required("name"), what: "flag_sets[\(index)].name")
            if let name, let nameNode = map.optional("name") {
                if seenSets[name] != nil {
                    reader.error("duplicate flag set '\(name)'", at: nameNode)
                }
                seenSets[name] = index
            }
            let label = name.map { "flag set '\($0)'" } ?? "flag_sets[\(index)]"
            let kind = map.optional("kind").flatMap { enumCase($0, what: "\(label) kind", FlagSet.Kind.self) } ?? .bits
            let reservedValue = map.optional("reserved").flatMap { reader.bool($0, what: "\(label) reserved") }
            // An unreadable 'reserved' is reported once; the checks below then say nothing about it.
            let reservedKnown = reservedValue != nil || !map.has("reserved")
            let reserved = reservedValue ?? false
            let prose = map.required("prose").flatMap { reader.prose($0, what: "\(label) prose") }
            let enumTag = map.optional("enum_tag").flatMap { identifier($0, what: "\(label) enum_tag") }
            let swiftName = map.required("swift_name").flatMap { node -> String? in
                guard let text = identifier(node, what: "\(label) swift_name") else { return nil }
                if text.first?.isUppercase != true {
                    reader.error("\(label) swift_name '\(text)' names a type and must start with an upper-case letter", at: node)
                }
                return text
            }
            var flags: [Flag] = []
            if let flagsNode = map.optional("flags") {
                var seenFlags: [String: Int] = [:]
                flags = list(flagsNode, what: "\(label) flags") { flagNode, flagIndex in
                    guard let flagMap = reader.mapping(flagNode, what: "\(label) flags[\(flagIndex)]", fields: SpecFields.flag) else { return nil }
                    defer { flagMap.finish() }
                    let flagName = identifier(flagMap.required("name"), what: "\(label) flags[\(flagIndex)].name")
                    if let flagName, let flagNameNode = flagMap.optional("name") {
                        if let earlier = seenFlags[flagName] {
                            reader.error("duplicate flag '\(flagName)' in \(label) (also flags[\(earlier)])", at: flagNameNode)
                            return nil
                        }
                        seenFlags[flagName] = flagIndex
                        // identifier() admits ASCII only, so bytes tell lower case.
                        if flagName.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
                            reader.error("flag '\(flagName)' is a C macro and must be upper case", at: flagNameNode)
                        }
                    }
                    let valueNode = flagMap.required("value")
                    let value = valueNode.flatMap { reader.integer($0, what: "flag \(flagName ?? "") value") }
                    if let flagName, let valueNode { locations["flags.\(flagName).value"] = reader.location(of: valueNode) }
                    var overrides: [String: Int64] = [:]
                    if let overridesNode = flagMap.optional("overrides"), let overridesMap = reader.mapping(overridesNode, what: "flag \(flagName ?? "") overrides") {
                        for entry in overridesMap.entries {
                            guard ABI.byName[entry.key] != nil else {
                                reader.error("unknown ABI '\(entry.key)' in flag overrides\(Spelling.didYouMean(entry.key, among: ABI.all.map(\.name)))", at: entry.keyNode)
                                continue
                            }
                            if let flagName { locations["flags.\(flagName).overrides.\(entry.key)"] = reader.location(of: entry.value) }
                            if let overrideValue = reader.integer(entry.value, what: "flag \(flagName ?? "") value on \(entry.key)") {
                                overrides[entry.key] = overrideValue
                            }
                        }
                    }
                    let since = flagMap.required("since").flatMap { node -> KernelRelease? in
                        if case .scalar(let scalar) = node, scalar.string == "proposed" { return .proposed }
                        return version(node, what: "flag \(flagName ?? "") since", alternative: "proposed").map(KernelRelease.released)
                    }
                    let flagProse = flagMap.required("prose").flatMap { reader.prose($0, what: "flag \(flagName ?? "") prose") }
                    let uapiHeader = flagMap.optional("uapi_header").flatMap { reader.line($0, what: "flag \(flagName ?? "") uapi_header") }
                    let flagSwiftName = flagMap.optional("swift_name").flatMap { identifier($0, what: "flag \(flagName ?? "") swift_name") }
                    let systemHeader = flagMap.optional("system_header").flatMap { node -> String? in
                        guard let text = reader.line(node, what: "flag \(flagName ?? "") system_header") else { return nil }
                        guard TextPatterns.isHeaderPath(text) else {
                            reader.error("flag \(flagName ?? "") system_header must be a header path such as 'fcntl.h', found '\(text)'", at: node)
                            return nil
                        }
                        return text
                    }
                    let flagFeatureTestMacro = flagMap.optional("feature_test_macro").flatMap { node -> String? in
                        guard let text = reader.line(node, what: "flag \(flagName ?? "") feature_test_macro") else { return nil }
                        guard TextPatterns.isFeatureTestMacro(text) else {
                            reader.error("flag \(flagName ?? "") feature_test_macro must be a macro such as _GNU_SOURCE, found '\(text)'", at: node)
                            return nil
                        }
                        guard systemHeader != nil || flagMap.optional("system_header") != nil else {
                            reader.error("flag \(flagName ?? "") feature_test_macro is for a constant the C library defines; give its system_header", at: node)
                            return nil
                        }
                        return text
                    }
                    guard let flagName, let value, let since, let flagProse else { return nil }
                    // A C library constant is what the library makes it (O_RDONLY is 0).
                    if kind == .bits, value == 0, systemHeader == nil {
                        reader.error("flag '\(flagName)' has value 0; a bit flag needs at least one bit (0 is the absence of flags)", at: flagMap.required("value")!)
                    }
                    return Flag(name: flagName, value: value, overrides: overrides, since: since, prose: flagProse,
                                uapiHeader: uapiHeader, swiftName: flagSwiftName, systemHeader: systemHeader,
                                location: reader.location(of: flagNode), featureTestMacro: flagFeatureTestMacro)
                } ?? []
            }
            guard let name, let prose, let swiftName else { return nil }
            let flagsGiven = map.optional("flags").map { node -> Bool in
                if case .sequence(let sequence) = node { return sequence.count > 0 }
                return true  // wrong type, reported above
            } ?? false
            if reserved, flagsGiven {
                reader.error("\(label) is reserved (every bit must be 0) but defines flags; drop 'reserved' or the flags", at: map.keyLocation("reserved")!)
            }
            if !reserved, reservedKnown, !flagsGiven {
                reader.error("\(label) defines no flags; if every bit must be 0, say 'reserved: true'", at: map.location)
            }
            if reserved, kind == .values {
                reader.error("\(label): only a bits set can be reserved", at: map.keyLocation("reserved")!)
            }
            // Bits must not overlap and values must be distinct, on every ABI;
            // each clashing pair is reported once, at the later flag's value.
            for (i, a) in flags.enumerated() where !a.isSystem {
                for b in flags[(i + 1)...] where !b.isSystem {
                    guard let abi = ABI.all.first(where: { abi in
                        let va = a.value(for: abi), vb = b.value(for: abi)
                        return kind == .bits ? va & vb != 0 : va == vb
                    }) else { continue }
                    let va = a.value(for: abi), vb = b.value(for: abi)
                    let overridden = a.overrides[abi.name] != nil || b.overrides[abi.name] != nil
                    let on = overridden ? " on \(abi.name)" : ""
                    let location = (b.overrides[abi.name] != nil ? locations["flags.\(b.name).overrides.\(abi.name)"] : nil)
                        ?? locations["flags.\(b.name).value"] ?? b.location
                    if kind == .bits {
                        reader.error("flags '\(a.name)' (\(hex(va))) and '\(b.name)' (\(hex(vb))) share bits \(hex(va & vb))\(on)", at: location)
                    } else {
                        reader.error("values '\(a.name)' and '\(b.name)' are both \(va)\(on)", at: location)
                    }
                }
            }
            let exclusive = map.optional("exclusive").flatMap { reader.bool($0, what: "\(label) exclusive") } ?? false
            if exclusive, kind != .bits, let node = map.optional("exclusive") {
                reader.error("\(label): 'exclusive' (at most one flag at a time) is only for a bits set; a values set holds one value anyway", at: node)
            }
            return FlagSet(name: name, kind: kind, reserved: reserved, prose: prose, flags: flags, enumTag: enumTag,
                           exclusive: exclusive, swiftName: swiftName, owner: owner, location: reader.location(of: item))
        }
    }

    func structs(_ node: Node, owner: String) -> [StructSpec]? {
        var seen: Set<String> = []
        return list(node, what: "structs") { item, index in
            guard let map = reader.mapping(item, what: "structs[\(index)]", fields: SpecFields.structSpec) else { return nil }
            defer { map.finish() }
            let name = identifier(map.required("name"), what: "structs[\(index)].name")
            if let name, let nameNode = map.optional("name"), !seen.insert(name).inserted {
                reader.error("duplicate struct '\(name)'", at: nameNode)
            }
            let label = name.map { "struct \($0)" } ?? "structs[\(index)]"
            let prose = map.required("prose").flatMap { reader.prose($0, what: "\(label) prose") }
            let size = map.required("size").flatMap { reader.integer($0, what: "\(label) size") }
            let align = map.required("align").flatMap { reader.integer($0, what: "\(label) align") }
            let packed = map.optional("packed").flatMap { reader.bool($0, what: "\(label) packed") } ?? false
            let uapiHeader = map.optional("uapi_header").flatMap { reader.line($0, what: "\(label) uapi_header") }
            let uapiSince = map.optional("uapi_since").flatMap { version($0, what: "\(label) uapi_since") }
            let systemHeader = map.optional("system_header").flatMap { reader.line($0, what: "\(label) system_header") }
            if systemHeader != nil, uapiHeader != nil, let node = map.optional("system_header") {
                reader.error("\(label): a struct is declared by the C library (system_header) or by the kernel headers (uapi_header), not both", at: node)
            }
            let minimumSize = map.optional("min_size").flatMap { reader.integer($0, what: "\(label) min_size") }
            let swiftName = map.required("swift_name").flatMap { identifier($0, what: "\(label) swift_name") }
            var seenFields: Set<String> = []
            var offsetLocations: [String: SourceLocation] = [:]
            let fields: [StructField] = map.required("fields").flatMap { fieldsNode in
                list(fieldsNode, what: "\(label) fields") { fieldNode, fieldIndex in
                    guard let fieldMap = reader.mapping(fieldNode, what: "\(label) fields[\(fieldIndex)]", fields: SpecFields.structField) else { return nil }
                    defer { fieldMap.finish() }
                    let fieldName = identifier(fieldMap.required("name"), what: "\(label) fields[\(fieldIndex)].name")
                    if let fieldName, let fieldNameNode = fieldMap.optional("name"), !seenFields.insert(fieldName).inserted {
                        reader.error("duplicate field '\(fieldName)' in \(label)", at: fieldNameNode)
                        return nil
                    }
                    let type = fieldMap.required("type").flatMap { cType($0, what: "\(label).\(fieldName ?? "?") type") }
                    let arrayLength = fieldMap.optional("array_length").flatMap { reader.integer($0, what: "\(label).\(fieldName ?? "?") array_length") }
                    let offsetNode = fieldMap.required("offset")
                    let offset = offsetNode.flatMap { reader.integer($0, what: "\(label).\(fieldName ?? "?") offset") }
                    if let fieldName, let offsetNode { offsetLocations[fieldName] = reader.location(of: offsetNode) }
                    let fieldProse = fieldMap.required("prose").flatMap { reader.prose($0, what: "\(label).\(fieldName ?? "?") prose") }
                    let fieldFlagSet = fieldMap.optional("flag_set").flatMap { identifier($0, what: "\(label).\(fieldName ?? "?") flag_set") }
                    let fieldSince = fieldMap.optional("since").flatMap { version($0, what: "\(label).\(fieldName ?? "?") since") }
                    guard let fieldName, let type, let offset, let fieldProse else { return nil }
                    if fieldFlagSet != nil, type.scalar == nil, let node = fieldMap.optional("flag_set") {
                        reader.error("\(label).\(fieldName): a flag_set needs an integer field, not '\(type)'", at: node)
                    }
                    return StructField(name: fieldName, type: type, arrayLength: arrayLength.map(Int.init), offset: Int(offset),
                                       prose: fieldProse, flagSet: fieldFlagSet, since: fieldSince, location: reader.location(of: fieldNode))
                }
            } ?? []
            let instances = map.optional("instances").flatMap { structInstances($0, fields: fields, label: label) } ?? []
            guard let name, let prose, let size, let align, let swiftName else { return nil }
            if let minimumSize, let node = map.optional("min_size"), minimumSize <= 0 || minimumSize > size {
                reader.error("\(label): min_size \(minimumSize) must be between 1 and the struct's size \(size)", at: node)
            }
            let spec = StructSpec(name: name, prose: prose, size: Int(size), alignment: Int(align), packed: packed,
                                  fields: fields, uapiHeader: uapiHeader, uapiSince: uapiSince, systemHeader: systemHeader,
                                  minimumSize: minimumSize.map(Int.init), instances: instances, swiftName: swiftName,
                                  owner: owner, location: reader.location(of: item))
            // With a field missing, every later offset would look wrong: check only complete structs.
            if case .sequence(let items)? = map.optional("fields"), items.count == fields.count {
                checkLayout(spec, map: map, offsetLocations: offsetLocations)
            }
            return spec
        }
    }

    /// `instances: {valid: {flags: O_RDONLY}, bad-mode: {flags: O_RDONLY, mode: 0o644}}`:
    /// each value is an integer, a constant name, or a list of constant names
    /// OR-ed together; fields not named are 0.
    func structInstances(_ node: Node, fields: [StructField], label: String) -> [StructInstance]? {
        guard let map = reader.mapping(node, what: "\(label) instances") else { return nil }
        var result: [StructInstance] = []
        for entry in map.entries {
            guard TextPatterns.isKebabName(entry.key) else {
                reader.error("\(label) instance name '\(entry.key)' must be lower case words joined by '-', like the argument classes it becomes", at: entry.keyNode)
                continue
            }
            guard let valuesMap = reader.mapping(entry.value, what: "\(label) instance '\(entry.key)'") else { continue }
            var values: [(field: String, value: StructInstance.Value)] = []
            for valueEntry in valuesMap.entries {
                guard fields.contains(where: { $0.name == valueEntry.key }) else {
                    reader.error("\(label) instance '\(entry.key)' sets '\(valueEntry.key)', which is not a field\(Spelling.didYouMean(valueEntry.key, among: fields.map(\.name)))", at: valueEntry.keyNode)
                    continue
                }
                switch valueEntry.value {
                case .scalar(let scalar) where scalar.style == .plain && scalar.string.first.map({ $0.isNumber || $0 == "-" }) == true:
                    if let value = reader.integer(valueEntry.value, what: "\(label) instance '\(entry.key)' \(valueEntry.key)") {
                        values.append((valueEntry.key, .integer(value)))
                    }
                case .sequence(let items):
                    let names = items.compactMap { constantName($0, what: "\(label) instance '\(entry.key)' \(valueEntry.key)") }
                    if names.count == items.count, !names.isEmpty { values.append((valueEntry.key, .constants(names))) }
                    if items.isEmpty { reader.error("\(label) instance '\(entry.key)' \(valueEntry.key): an empty list; write 0", at: valueEntry.value) }
                default:
                    if let name = constantName(valueEntry.value, what: "\(label) instance '\(entry.key)' \(valueEntry.key)") {
                        values.append((valueEntry.key, .constants([name])))
                    }
                }
            }
            result.append(StructInstance(name: entry.key, values: values, location: reader.location(of: entry.keyNode)))
        }
        return result
    }

    func constantName(_ node: Node, what: String) -> String? {
        guard let text = reader.line(node, what: what) else { return nil }
        guard TextPatterns.isMacroName(text) else {
            reader.error("\(what): '\(text)' is neither an integer nor a constant name (upper case, like O_RDONLY)", at: node)
            return nil
        }
        return text
    }

    /// The declared layout must be the one C gives the fields (on LP64); the
    /// validator later checks the same against the compiler and the UAPI headers.
    func checkLayout(_ spec: StructSpec, map: MappingView, offsetLocations: [String: SourceLocation]) {
        var offset = 0
        var alignment = 1
        for (index, field) in spec.fields.enumerated() {
            guard let elementSize = field.type.size(lp64: true) else { return }
            let fieldAlignment = spec.packed ? 1 : elementSize
            let aligned = (offset + fieldAlignment - 1) / fieldAlignment * fieldAlignment
            if field.offset != aligned {
                reader.error("struct \(spec.name): field '\(field.name)' is declared at offset \(field.offset), but its type puts it at \(aligned)", at: offsetLocations[field.name] ?? field.location)
                return
            }
            if field.arrayLength == 0, index != spec.fields.count - 1 {
                reader.error("struct \(spec.name): only the last field may be a flexible array", at: field.location)
            }
            offset = aligned + elementSize * (field.arrayLength ?? 1)
            alignment = max(alignment, fieldAlignment)
        }
        let size = (offset + alignment - 1) / alignment * alignment
        if spec.size != size {
            reader.error("struct \(spec.name): declared size \(spec.size), but its fields make \(size)", at: map.optional("size").map(reader.location(of:)) ?? spec.location)
        }
        if spec.alignment != alignment {
            reader.error("struct \(spec.name): declared align \(spec.alignment), but its fields make \(alignment)", at: map.optional("align").map(reader.location(of:)) ?? spec.location)
        }
    }

    /// `param: class`, `param: [class, group, ...]`, where an item may also be
    /// `{class: name, since: "6.15", until: "6.17"}` for version-dependent behaviour.
    func witness(_ node: Node, parameters: [Parameter], what: String) -> Witness? {
        guard let map = reader.mapping(node, what: what) else { return nil }
        var classes: [String: [WitnessClass]] = [:]
        for entry in map.entries {
            guard let parameter = parameters.first(where: { $0.name == entry.key }) else {
                unknownParameter(entry.key, at: entry.keyNode, what: what, parameters: parameters)
                continue
            }
            let termNodes: [Node]
            if case .sequence(let sequence) = entry.value { termNodes = Array(sequence) } else { termNodes = [entry.value] }
            if termNodes.isEmpty {
                reader.error("\(what).\(entry.key) lists no argument classes", at: entry.value)
            }
            // A term may repeat only with disjoint kernel ranges (EBADF before 6.15 and
            // again since 6.17, say); otherwise it is named twice by mistake.
            var seenTerms: [String: [WitnessClass]] = [:]
            for termNode in termNodes {
                var since: Version?, until: Version?
                let nameNode: Node
                if case .mapping = termNode, let termMap = reader.mapping(termNode, what: "\(what).\(entry.key) item", fields: SpecFields.witnessClass) {
                    defer { termMap.finish() }
                    guard let classNode = termMap.required("class") else { continue }
                    nameNode = classNode
                    since = termMap.optional("since").flatMap { version($0, what: "\(what).\(entry.key) since") }
                    until = termMap.optional("until").flatMap { version($0, what: "\(what).\(entry.key) until") }
                    if !termMap.has("since"), !termMap.has("until"), !termMap.misspells("since"), !termMap.misspells("until") {
                        reader.error("\(what).\(entry.key): an item written as a mapping needs 'since' or 'until'; otherwise write the class name alone", at: termNode)
                    }
                    if let since, let until, until <= since {
                        reader.error("\(what).\(entry.key): until \(until) is not after since \(since)", at: termMap.optional("until")!)
                    }
                } else {
                    nameNode = termNode
                }
                // Unquoted, `null` is YAML's null; as a class name it means the NULL pointer class.
                let term: String
                if case .scalar(let scalar) = nameNode, scalar.style == .plain, scalar.string == "null" {
                    term = "null"
                } else if let line = reader.line(nameNode, what: "\(what).\(entry.key)") {
                    term = line
                } else {
                    continue
                }
                var expanded = parameter.role.classes(named: term)
                if expanded == nil, parameter.role.takesStructInstances, parameter.type.pointee?.structTag != nil,
                   TextPatterns.isKebabName(term) {
                    // A named instance of the struct; checked once the catalogue
                    // (which may declare the struct in another spec) is loaded.
                    expanded = [term]
                }
                // A flag of the parameter's set (`FLAG`, `with-FLAG`, `without-FLAG`);
                // checked once the catalogue, which may declare the set in another spec, is loaded.
                let flagTerm = expanded == nil && parameter.role == .flags ? FlagTerm.parse(term) : nil
                if let flagTerm { expanded = [flagTerm.description] }
                guard let expanded else {
                    let known = parameter.role.argumentClasses + parameter.role.argumentGroups.keys.sorted()
                    let flagForms = parameter.role == .flags ? ", or a flag of its set: FLAG, with-FLAG, without-FLAG" : ""
                    reader.error("'\(term)' is not an argument class of role '\(parameter.role.rawValue)'\(Spelling.didYouMean(term, among: known)) (known: \(known.joined(separator: ", "))\(flagForms))", at: nameNode)
                    continue
                }
                let range = WitnessClass(name: term, location: reader.location(of: nameNode), since: since, until: until)
                if seenTerms[term, default: []].contains(where: { $0.overlaps(range) }) {
                    reader.error("\(what).\(entry.key) names '\(term)' twice for the same kernel versions", at: nameNode)
                }
                seenTerms[term, default: []].append(range)
                for name in expanded {
                    classes[entry.key, default: []].append(WitnessClass(name: name, location: reader.location(of: nameNode),
                                                                        since: since, until: until, flagTerm: flagTerm))
                }
            }
        }
        return Witness(classes: classes)
    }

    /// `{also: [ERRNO], witness: {...}, reason: ...}`. The race's witness
    /// limits it to some of the classes of the entry it belongs to, whose
    /// witness (`entry`, nil for a success case that matches everything) it
    /// must stay within.
    func race(_ node: Node, what: String, parameters: [Parameter], entry: Witness?) -> RaceSpec? {
        guard let map = reader.mapping(node, what: what, fields: SpecFields.race) else { return nil }
        defer { map.finish() }
        let also = map.required("also").flatMap { node in
            list(node, what: "\(what).also") { item, _ in errnoName(item, what: "\(what).also") }
        }
        let witnessNode = map.optional("witness")
        let witness = witnessNode.flatMap { self.witness($0, parameters: parameters, what: "\(what) witness") }
        let reason = map.required("reason").flatMap { reader.prose($0, what: "\(what).reason") }
        guard let also, let reason else { return nil }
        if also.isEmpty { reader.error("\(what).also must name at least one errno", at: map.required("also")!) }
        if let witness, let witnessNode {
            if witness.classes.isEmpty {
                reader.error("\(what).witness names no parameter; leave it out for a race that can happen whenever the entry applies", at: witnessNode)
            }
            // A class the entry's witness does not accept can never see the race.
            for (parameter, raceClasses) in witness.classes.sorted(by: { $0.key < $1.key }) {
                guard let accepted = entry?.classes[parameter] else { continue }
                for item in raceClasses where item.flagTerm == nil && !accepted.contains(where: { $0.flagTerm == nil && $0.name == item.name }) {
                    reader.error("\(what).witness names '\(item.name)' for '\(parameter)', which the entry's witness does not accept: the race could never happen", at: item.location)
                }
            }
        }
        return RaceSpec(alsoErrnos: also, witness: witness, reason: reason)
    }

    func errors(_ node: Node, parameters: [Parameter]) -> [ErrorSpec]? {
        var seen: [String: Int] = [:]
        return list(node, what: "errors") { item, index in
            guard let map = reader.mapping(item, what: "errors[\(index)]", fields: SpecFields.error) else { return nil }
            defer { map.finish() }
            let errno = map.required("errno").flatMap { errnoName($0, what: "errors[\(index)].errno") }
            let label = "errors[\(index)] (\(errno ?? "?"))"
            let conditionNode = map.required("condition")
            let condition = conditionNode.flatMap { reader.prose($0, what: "\(label) condition") }
            if let errno, let condition {
                let key = errno + "\u{0}" + condition.plainText
                if let earlier = seen[key] {
                    reader.error("duplicate error entry: \(errno) with the same condition as errors[\(earlier)]", at: map.required("errno")!)
                    return nil
                }
                seen[key] = index
            }
            let witnessNode = map.optional("witness"), untestableNode = map.optional("untestable")
            var testability: ErrorSpec.Testability?
            switch (witnessNode, untestableNode) {
            case (let witnessNode?, nil):
                testability = witness(witnessNode, parameters: parameters, what: "\(label) witness").map { .witness($0) }
            case (nil, let untestableNode?):
                testability = reader.prose(untestableNode, what: "\(label) untestable").map { .untestable($0) }
            case (.some, .some):
                reader.error("\(label) has both 'witness' and 'untestable'; give one", at: map.location)
            case (nil, nil) where !map.misspells("witness") && !map.misspells("untestable"):
                reader.error("\(label) needs a 'witness' (the argument classes that produce it) or 'untestable' (why none can)", at: map.location)
            case (nil, nil):
                break  // misspelt, and reported as such
            }
            let race = map.optional("racy").flatMap {
                self.race($0, what: "\(label) racy", parameters: parameters, entry: testability.flatMap { if case .witness(let witness) = $0 { witness } else { nil } })
            }
            let since = map.optional("since").flatMap { version($0, what: "\(label) since") }
            let until = map.optional("until").flatMap { version($0, what: "\(label) until") }
            let context = map.optional("context").flatMap { enumCase($0, what: "\(label) context", CallerContext.self) } ?? .any
            if let since, let until, until <= since {
                reader.error("\(label): until \(until) is not after since \(since)", at: map.required("until")!)
            }
            guard let errno, let condition, let testability else { return nil }
            return ErrorSpec(errno: errno, condition: condition, since: since, until: until, context: context,
                             testability: testability, race: race, location: reader.location(of: item))
        }
    }

    /// One success case, or a list of them for calls whose result differs by
    /// case (checked in order, like errors).
    func successes(_ node: Node, parameters: [Parameter]) -> [SuccessSpec]? {
        if case .sequence(let items) = node {
            if items.isEmpty { reader.error("success lists no case; leave it out to mean \"whenever no error matches\"", at: node) }
            let cases = items.enumerated().compactMap { index, item in
                success(item, parameters: parameters, what: "success[\(index)]")
            }
            for (index, item) in cases.enumerated().dropLast() where item.witness == nil {
                reader.error("success[\(index)] has no witness, so it matches everything and the cases after it never apply", at: items[index])
            }
            return cases
        }
        return success(node, parameters: parameters, what: "success").map { [$0] }
    }

    func success(_ node: Node, parameters: [Parameter], what: String) -> SuccessSpec? {
        guard let map = reader.mapping(node, what: what, fields: SpecFields.success) else { return nil }
        defer { map.finish() }
        let witness = map.optional("witness").flatMap { self.witness($0, parameters: parameters, what: "\(what) witness") }
        let race = map.optional("racy").flatMap { self.race($0, what: "\(what) racy", parameters: parameters, entry: witness) }
        let returns = map.optional("returns").flatMap { enumCase($0, what: "\(what) returns", ReturnSpec.Kind.self) }
        return SuccessSpec(witness: witness, race: race, returns: returns)
    }

    func probe(_ node: Node, parameters: [Parameter]) -> Probe? {
        guard let map = reader.mapping(node, what: "probe", fields: SpecFields.probe) else { return nil }
        defer { map.finish() }
        var arguments: [String: Int64] = [:]
        if let argumentsNode = map.required("arguments"), let argumentsMap = reader.mapping(argumentsNode, what: "probe.arguments") {
            for entry in argumentsMap.entries {
                guard parameters.contains(where: { $0.name == entry.key }) else {
                    unknownParameter(entry.key, at: entry.keyNode, what: "probe.arguments", parameters: parameters)
                    continue
                }
                if let value = reader.integer(entry.value, what: "probe.arguments.\(entry.key)") {
                    arguments[entry.key] = value
                }
            }
            for parameter in parameters where arguments[parameter.name] == nil && !argumentsMap.has(parameter.name) {
                reader.error("probe.arguments gives no value for parameter '\(parameter.name)'", at: map.keyLocation("arguments")!)
            }
        }
        let expect = map.required("expect").flatMap { errnoName($0, what: "probe.expect") }
        let disabled: [DisabledAnswer] = map.optional("disabled").flatMap { node in
            list(node, what: "probe.disabled") { item, index in
                guard let entry = reader.mapping(item, what: "probe.disabled[\(index)]", fields: SpecFields.disabledAnswer) else { return nil }
                defer { entry.finish() }
                let errno = entry.required("errno").flatMap { errnoName($0, what: "probe.disabled[\(index)].errno") }
                let reason = entry.required("reason").flatMap { reader.prose($0, what: "probe.disabled[\(index)].reason") }
                guard let errno, let reason else { return nil }
                if errno == "ENOSYS" || errno == expect {
                    reader.error("probe.disabled[\(index)].errno cannot be \(errno): \(errno == "ENOSYS" ? "ENOSYS already means the kernel lacks the call" : "that is the answer of a kernel with the call")", at: entry.required("errno")!)
                }
                return DisabledAnswer(errno: errno, reason: reason)
            }
        } ?? []
        guard let expect else { return nil }
        if expect == "ENOSYS" {
            reader.error("probe.expect cannot be ENOSYS: that is the answer of a kernel without the call", at: map.required("expect")!)
        }
        return Probe(arguments: arguments, expectedErrno: expect, disabled: disabled)
    }

    func tests(_ node: Node) -> TestPolicy? {
        guard let map = reader.mapping(node, what: "tests", fields: SpecFields.tests) else { return nil }
        defer { map.finish() }
        let isolation = map.optional("isolation").flatMap { enumCase($0, what: "tests.isolation", TestPolicy.Isolation.self) } ?? .process
        return TestPolicy(isolation: isolation)
    }

    func seeAlso(_ node: Node) -> [ManReference]? {
        var seen: Set<ManReference> = []
        return list(node, what: "see_also") { item, index in
            guard let text = reader.line(item, what: "see_also[\(index)]") else { return nil }
            guard let reference = ManReference.parse(text) else {
                reader.error("see_also entry '\(text)' is not of the form name(section), e.g. pidfd_open(2)", at: item)
                return nil
            }
            if !seen.insert(reference).inserted {
                reader.error("see_also lists '\(text)' twice", at: item)
                return nil
            }
            return reference
        }
    }

    func references(_ node: Node) -> [Reference]? {
        list(node, what: "references") { item, index in
            guard let map = reader.mapping(item, what: "references[\(index)]", fields: SpecFields.reference) else { return nil }
            defer { map.finish() }
            let messageID = map.required("message_id").flatMap { node -> String? in
                guard let text = reader.line(node, what: "references[\(index)].message_id") else { return nil }
                guard TextPatterns.isMessageID(text) else {
                    reader.error("message_id '\(text)' is not a Message-ID (local@domain, without angle brackets)", at: node)
                    return nil
                }
                return text
            }
            let title = map.required("title").flatMap { reader.line($0, what: "references[\(index)].title") }
            guard let messageID, let title else { return nil }
            return Reference(messageID: messageID, title: title)
        }
    }

    func example(_ node: Node) -> Example? {
        guard let map = reader.mapping(node, what: "example", fields: SpecFields.example) else { return nil }
        defer { map.finish() }
        let prose = map.optional("prose").flatMap { reader.prose($0, what: "example prose") } ?? .empty
        let code = map.required("code").flatMap { node -> String? in
            guard let text = reader.string(node, what: "example code") else { return nil }
            if !TextPatterns.contains(text, ascii: "main(") {
                reader.error("example code must be a complete program with main()", at: node)
                return nil
            }
            if text.utf8.contains(UInt8(ascii: "\t")) {
                reader.error("example code must be indented with spaces, not tabs", at: node)
            }
            return text
        }
        guard let code else { return nil }
        return Example(prose: prose, code: code)
    }

    func swiftNaming(_ node: Node, parameters: [Parameter], returns: ReturnSpec?, successes: [SuccessSpec]) -> SwiftNaming? {
        guard let map = reader.mapping(node, what: "swift", fields: SpecFields.swift) else { return nil }
        defer { map.finish() }
        let name = identifier(map.required("name"), what: "swift.name")
        let receiver = map.optional("receiver").flatMap { node -> String? in
            guard let text = reader.line(node, what: "swift.receiver") else { return nil }
            guard let parameter = parameters.first(where: { $0.name == text }) else {
                unknownParameter(text, at: node, what: "swift.receiver", parameters: parameters)
                return nil
            }
            guard parameter.role == .fd || parameter.role == .pidfd else {
                reader.error("swift.receiver must be a descriptor parameter (role fd or pidfd); '\(text)' has role '\(parameter.role.rawValue)'", at: node)
                return nil
            }
            return text
        }
        var labels: [String: String] = [:]
        if let labelsNode = map.optional("labels"), let labelsMap = reader.mapping(labelsNode, what: "swift.labels") {
            for entry in labelsMap.entries {
                guard parameters.contains(where: { $0.name == entry.key }) else {
                    unknownParameter(entry.key, at: entry.keyNode, what: "swift.labels", parameters: parameters)
                    continue
                }
                guard let label = reader.line(entry.value, what: "swift.labels.\(entry.key)") else { continue }
                if label != "_", let problem = Identifier.problem(with: label) {
                    reader.error("swift.labels.\(entry.key): \(problem)", at: entry.value)
                    continue
                }
                labels[entry.key] = label
            }
        }
        let availability = identifier(map.required("availability"), what: "swift.availability")
        // One function per kind of result: success cases that return another
        // kind than returns.kind get a function of their own, named here.
        let otherKinds = Set(successes.compactMap(\.returns).filter { $0 != returns?.kind })
        var variants: [ReturnSpec.Kind: String] = [:]
        let variantsNode = map.optional("variants")
        if let variantsNode, let variantsMap = reader.mapping(variantsNode, what: "swift.variants") {
            for entry in variantsMap.entries {
                guard let kind = enumCase(entry.keyNode, what: "swift.variants key", ReturnSpec.Kind.self) else { continue }
                guard let variant = identifier(entry.value, what: "swift.variants.\(entry.key)") else { continue }
                if returns != nil, !otherKinds.contains(kind) {
                    reader.error("swift.variants.\(entry.key): no success case returns '\(entry.key)' instead of returns.kind '\(returns!.kind.rawValue)'; drop it", at: entry.keyNode)
                } else if variant == name || variants.values.contains(variant) {
                    reader.error("swift.variants.\(entry.key): '\(variant)' names another function of this call already", at: entry.value)
                }
                variants[kind] = variant
            }
        }
        if returns != nil {
            for kind in ReturnSpec.Kind.allCases where otherKinds.contains(kind) && variants[kind] == nil {
                reader.error("a success case returns '\(kind.rawValue)', not returns.kind '\(returns!.kind.rawValue)': "
                             + "name the Swift function for it in swift.variants.\(kind.rawValue)", at: variantsNode ?? node)
            }
        }
        guard let name, let availability else { return nil }
        return SwiftNaming(name: name, receiver: receiver, labels: labels, availabilityName: availability, variants: variants)
    }
}
