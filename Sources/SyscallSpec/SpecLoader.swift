import Foundation
import Yams

/// Turns one spec file into a `SyscallSpec`, or into diagnostics. Checks that
/// need the whole catalogue (shared flag sets, structs, numbers) are in `Catalogue`.
public enum SpecLoader {
    /// Files above this size are refused before parsing: a spec is prose and a
    /// table, so a larger file is a mistake (or an attack on the YAML parser).
    public static let maximumFileSize = 1 << 20

    static let topLevelFields = [
        "name", "summary", "date", "header", "feature_test_macro", "availability", "kernel_config",
        "numbers", "returns", "parameters", "flag_sets", "structs", "errors", "success", "probe",
        "tests", "description", "notes", "caveats", "bugs", "versions", "history", "see_also",
        "references", "example", "swift",
    ]

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
        reader.sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(SpecLoadError([yamlDiagnostic(error, path: path)]))
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

    static func yamlDiagnostic(_ error: YamlError, path: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let contextText = context.map { "\($0.text) " } ?? ""
            return Diagnostic(at: SourceLocation(file: path, line: mark.line, column: mark.column),
                              "YAML syntax error: \(contextText)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let mark = context.mark
            return Diagnostic(at: SourceLocation(file: path, line: mark.line, column: mark.column),
                              "duplicate key '\(duplicates.joined(separator: "', '"))' in a mapping")
        case .reader(let problem, let offset, _, _):
            return Diagnostic(at: .start(of: path), "cannot read YAML: \(problem) at offset \(offset ?? 0)")
        default:
            return Diagnostic(at: .start(of: path), "cannot parse YAML: \(error)")
        }
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

    init(reader: YAMLReader, path: String) {
        self.reader = reader
        self.path = path
    }

    func build(_ root: Node) -> SyscallSpec? {
        guard let top = reader.mapping(root, what: "the spec") else { return nil }
        defer { top.finish(allowed: SpecLoader.topLevelFields) }
        for key in SpecLoader.topLevelFields {
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
            guard text.wholeMatch(of: /\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/) != nil else {
                reader.error("date must be YYYY-MM-DD, found '\(text)'", at: node)
                return nil
            }
            if case .scalar(let scalar) = node, scalar.style == .plain {
                // Unquoted, YAML tools (and editors' schema checks) read a timestamp, not a string.
                reader.error("date must be quoted (\"\(text)\"): unquoted, YAML reads it as a timestamp", at: node)
                return nil
            }
            return text
        }
        let header = top.required("header").flatMap { node -> String? in
            guard let text = reader.line(node, what: "header") else { return nil }
            guard text.wholeMatch(of: /[a-z0-9_]+(\/[a-z0-9_]+)*\.h/) != nil else {
                reader.error("header must be a libc header path such as 'sys/mman.h', found '\(text)'", at: node)
                return nil
            }
            return text
        }
        let featureTestMacro = top.optional("feature_test_macro").flatMap { node -> String? in
            guard let text = reader.line(node, what: "feature_test_macro") else { return nil }
            guard text.wholeMatch(of: /_[A-Z][A-Z0-9_]*/) != nil else {
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
        let flagSets = top.optional("flag_sets").flatMap { self.flagSets($0, owner: name ?? "") } ?? []
        let structs = top.optional("structs").flatMap { self.structs($0, owner: name ?? "") } ?? []
        let errors = top.required("errors").flatMap { self.errors($0, parameters: parameters) } ?? []
        let success = top.optional("success").flatMap { self.success($0, parameters: parameters) }
            ?? SuccessSpec(witness: nil, race: nil)
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
        let swift = top.required("swift").flatMap { self.swiftNaming($0, parameters: parameters) }

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
            parameters: parameters, flagSets: flagSets, structs: structs, errors: errors, success: success,
            probe: probe, tests: tests, description: description, notes: notes, caveats: caveats, bugs: bugs,
            versions: versions, history: history, seeAlso: seeAlso, references: references, example: example,
            swift: swift, sourcePath: path, locations: locations)
    }

    // MARK: - Small helpers

    func identifier(_ node: Node?, what: String) -> String? {
        guard let node, let text = reader.line(node, what: what) else { return nil }
        if let problem = Identifier.problem(with: text) {
            reader.error("\(what): \(problem)", at: node)
            return nil
        }
        return text
    }

    func version(_ node: Node, what: String) -> Version? {
        guard case .scalar(let scalar) = node, let parsed = Version(parsing: scalar.string) else {
            reader.error("\(what) must be a release number such as \"5.15\", found \(YAMLReader.kindName(node))", at: node)
            return nil
        }
        if scalar.style == .plain, scalar.string.split(separator: ".").last?.hasSuffix("0") == true,
           scalar.string.split(separator: ".").count == 2 {
            // 5.10 unquoted is the float 5.1 to most YAML tools: insist on quotes.
            reader.error("\(what) '\(scalar.string)' must be quoted (\"\(scalar.string)\"): unquoted, YAML reads it as the number \(Double(scalar.string).map { "\($0)" } ?? scalar.string)", at: node)
            return nil
        }
        return parsed
    }

    /// A version, or nil for `none` (the libc has no wrapper).
    func optionalVersion(_ node: Node, what: String) -> Version?? {
        if case .scalar(let scalar) = node, scalar.string == "none" { return .some(nil) }
        guard let parsed = version(node, what: what + " (a release or none)") else { return nil }
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
        guard let map = reader.mapping(node, what: "availability") else { return nil }
        defer { map.finish(allowed: ["linux", "glibc", "musl"]) }
        let linux = map.required("linux").flatMap { version($0, what: "availability.linux") }
        let glibc = map.required("glibc").flatMap { optionalVersion($0, what: "availability.glibc") }
        let musl = map.required("musl").flatMap { optionalVersion($0, what: "availability.musl") }
        guard let linux, let glibc, let musl else { return nil }
        return Availability(linux: linux, glibc: glibc, musl: musl)
    }

    func kernelConfig(_ node: Node) -> [KernelConfigRequirement]? {
        list(node, what: "kernel_config") { item, index in
            guard let map = reader.mapping(item, what: "kernel_config[\(index)]") else { return nil }
            defer { map.finish(allowed: ["option", "missing", "prose"]) }
            let option = map.required("option").flatMap { node -> String? in
                guard let text = reader.line(node, what: "kernel_config option") else { return nil }
                guard text.wholeMatch(of: /CONFIG_[A-Z0-9_]+/) != nil else {
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
        guard let map = reader.mapping(node, what: "numbers") else { return nil }
        defer { map.finish(allowed: ["common", "overrides"]) }
        var common: Int?
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
                if case .scalar(let scalar) = entry.value, scalar.string == "none" {
                    overrides[entry.key] = .some(nil)
                    continue
                }
                guard let value = reader.integer(entry.value, what: "numbers.overrides.\(entry.key) (a number or none)") else { continue }
                if value < 0 {
                    reader.error("syscall number for \(entry.key) must not be negative, found \(value)", at: entry.value)
                    continue
                }
                overrides[entry.key] = Int(value)
            }
        }
        if common == nil && overrides.isEmpty && !reader.log.hasErrors {
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
        guard let map = reader.mapping(node, what: "returns") else { return nil }
        defer { map.finish(allowed: ["type", "kind", "prose"]) }
        let type = map.required("type").flatMap { node -> CType? in
            guard let type = cType(node, what: "returns.type") else { return nil }
            guard let scalar = type.scalar, scalar.isSigned, ["int", "long", "ssize_t"].contains(scalar.spelling) else {
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

    static let parameterFields = ["name", "type", "role", "prose", "flag_set", "size_of", "count_of", "nullable"]

    func parameters(_ node: Node) -> [Parameter]? {
        var seen: [String: Int] = [:]
        let result: [Parameter]? = list(node, what: "parameters") { item, index in
            guard let map = reader.mapping(item, what: "parameters[\(index)]") else { return nil }
            defer { map.finish(allowed: Self.parameterFields) }
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
            guard let name, let type, let role, let prose else { return nil }

            // Role and type must agree, and each role needs its companion field.
            if role.isPointer, !type.isPointer {
                reader.error("\(label) has role '\(role.rawValue)', which needs a pointer type, not '\(type)'", at: map.required("type")!)
            }
            if !role.isPointer, role != .address, type.isPointer {
                reader.error("\(label) has role '\(role.rawValue)', which needs an integer type, not '\(type)'", at: map.required("type")!)
            }
            if [.pidfd, .fd, .signal].contains(role), type.scalar?.spelling != "int", type.scalar?.spelling != "unsigned int" {
                reader.error("\(label) has role '\(role.rawValue)', which needs type int, not '\(type)'", at: map.required("type")!)
            }
            if (role == .flags || role == .enumValue) != (flagSet != nil) {
                if flagSet == nil {
                    reader.error("\(label) has role '\(role.rawValue)' and needs 'flag_set' naming its flags", at: map.location)
                } else {
                    reader.error("\(label): 'flag_set' is only for roles flags and enum, not '\(role.rawValue)'", at: map.keyLocation("flag_set")!)
                }
            }
            if (role == .size) != (sizeOf != nil) {
                reader.error(role == .size ? "\(label) has role 'size' and needs 'size_of' naming the struct or buffer parameter"
                                           : "\(label): 'size_of' is only for role size", at: map.keyLocation("size_of") ?? map.location)
            }
            if (role == .count) != (countOf != nil) {
                reader.error(role == .count ? "\(label) has role 'count' and needs 'count_of' naming the array parameter"
                                            : "\(label): 'count_of' is only for role count", at: map.keyLocation("count_of") ?? map.location)
            }
            if nullable, !role.isPointer {
                reader.error("\(label): 'nullable' is only for pointer roles", at: map.keyLocation("nullable")!)
            }
            if role.isStruct, type.pointee?.recordTag == nil, type.pointee.map({ if case .systemRecord = $0.unqualified { true } else { false } }) != true {
                reader.error("\(label) has role '\(role.rawValue)' and must point to a struct, not '\(type)'", at: map.required("type")!)
            }
            if role.isPointer, !role.isOutput, let pointee = type.pointee, !pointee.isConstQualified, role != .structInOut {
                reader.error("\(label) is read by the kernel (role '\(role.rawValue)'); declare it 'const \(pointee) *'", at: map.required("type")!)
            }
            if role.isOutput, let pointee = type.pointee, pointee.isConstQualified {
                reader.error("\(label) is written by the kernel (role '\(role.rawValue)') and cannot point to const", at: map.required("type")!)
            }
            return Parameter(name: name, type: type, role: role, prose: prose, flagSet: flagSet, sizeOf: sizeOf,
                             countOf: countOf, nullable: nullable, location: reader.location(of: item))
        }
        guard let result else { return nil }
        if result.count > 6 {
            reader.error("a system call takes at most 6 arguments, this spec has \(result.count)", at: node)
        }
        // Cross-parameter ties.
        for parameter in result {
            if let target = parameter.sizeOf {
                if let peer = result.first(where: { $0.name == target }) {
                    if !peer.role.isPointer {
                        reader.error("parameter '\(parameter.name)' is the size of '\(target)', which is not a pointer", at: parameter.location)
                    }
                } else {
                    reader.error("parameter '\(parameter.name)' size_of names '\(target)', which is not a parameter\(Spelling.didYouMean(target, among: result.map(\.name)))", at: parameter.location)
                }
            }
            if let target = parameter.countOf {
                if let peer = result.first(where: { $0.name == target }) {
                    if peer.role != .arrayIn && peer.role != .arrayOut {
                        reader.error("parameter '\(parameter.name)' counts '\(target)', which is not an array (role array-in or array-out)", at: parameter.location)
                    }
                } else {
                    reader.error("parameter '\(parameter.name)' count_of names '\(target)', which is not a parameter\(Spelling.didYouMean(target, among: result.map(\.name)))", at: parameter.location)
                }
            }
        }
        return result
    }

    func flagSets(_ node: Node, owner: String) -> [FlagSet]? {
        var seenSets: [String: Int] = [:]
        return list(node, what: "flag_sets") { item, index in
            guard let map = reader.mapping(item, what: "flag_sets[\(index)]") else { return nil }
            defer { map.finish(allowed: ["name", "kind", "reserved", "prose", "flags", "enum_tag", "swift_name"]) }
            let name = identifier(map.required("name"), what: "flag_sets[\(index)].name")
            if let name, let nameNode = map.optional("name") {
                if seenSets[name] != nil {
                    reader.error("duplicate flag set '\(name)'", at: nameNode)
                }
                seenSets[name] = index
            }
            let label = name.map { "flag set '\($0)'" } ?? "flag_sets[\(index)]"
            let kind = map.optional("kind").flatMap { enumCase($0, what: "\(label) kind", FlagSet.Kind.self) } ?? .bits
            let reserved = map.optional("reserved").flatMap { reader.bool($0, what: "\(label) reserved") } ?? false
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
                    guard let flagMap = reader.mapping(flagNode, what: "\(label) flags[\(flagIndex)]") else { return nil }
                    defer { flagMap.finish(allowed: ["name", "value", "overrides", "since", "prose", "uapi_header"]) }
                    let flagName = identifier(flagMap.required("name"), what: "\(label) flags[\(flagIndex)].name")
                    if let flagName, let flagNameNode = flagMap.optional("name") {
                        if let earlier = seenFlags[flagName] {
                            reader.error("duplicate flag '\(flagName)' in \(label) (also flags[\(earlier)])", at: flagNameNode)
                            return nil
                        }
                        seenFlags[flagName] = flagIndex
                        if flagName.contains(where: \.isLowercase) {
                            reader.error("flag '\(flagName)' is a C macro and must be upper case", at: flagNameNode)
                        }
                    }
                    let value = flagMap.required("value").flatMap { reader.integer($0, what: "flag \(flagName ?? "") value") }
                    var overrides: [String: Int64] = [:]
                    if let overridesNode = flagMap.optional("overrides"), let overridesMap = reader.mapping(overridesNode, what: "flag \(flagName ?? "") overrides") {
                        for entry in overridesMap.entries {
                            guard ABI.byName[entry.key] != nil else {
                                reader.error("unknown ABI '\(entry.key)' in flag overrides\(Spelling.didYouMean(entry.key, among: ABI.all.map(\.name)))", at: entry.keyNode)
                                continue
                            }
                            if let overrideValue = reader.integer(entry.value, what: "flag \(flagName ?? "") value on \(entry.key)") {
                                overrides[entry.key] = overrideValue
                            }
                        }
                    }
                    let since = flagMap.required("since").flatMap { node -> KernelRelease? in
                        if case .scalar(let scalar) = node, scalar.string == "proposed" { return .proposed }
                        return version(node, what: "flag \(flagName ?? "") since (a Linux release or proposed)").map(KernelRelease.released)
                    }
                    let flagProse = flagMap.required("prose").flatMap { reader.prose($0, what: "flag \(flagName ?? "") prose") }
                    let uapiHeader = flagMap.optional("uapi_header").flatMap { reader.line($0, what: "flag \(flagName ?? "") uapi_header") }
                    guard let flagName, let value, let since, let flagProse else { return nil }
                    if kind == .bits, value == 0 {
                        reader.error("flag '\(flagName)' has value 0; a bit flag needs at least one bit (0 is the absence of flags)", at: flagMap.required("value")!)
                    }
                    return Flag(name: flagName, value: value, overrides: overrides, since: since, prose: flagProse,
                                uapiHeader: uapiHeader, location: reader.location(of: flagNode))
                } ?? []
            }
            guard let name, let prose, let swiftName else { return nil }
            if reserved, !flags.isEmpty {
                reader.error("\(label) is reserved (every bit must be 0) but defines flags; drop 'reserved' or the flags", at: map.keyLocation("reserved")!)
            }
            if !reserved, flags.isEmpty {
                reader.error("\(label) defines no flags; if every bit must be 0, say 'reserved: true'", at: map.location)
            }
            if reserved, kind == .values {
                reader.error("\(label): only a bits set can be reserved", at: map.keyLocation("reserved")!)
            }
            // Bits must not overlap; values must be distinct (on every ABI).
            for abi in ABI.all {
                for (i, a) in flags.enumerated() {
                    for b in flags[(i + 1)...] {
                        let va = a.value(for: abi), vb = b.value(for: abi)
                        if kind == .bits, va & vb != 0 {
                            reader.error("flags '\(a.name)' (0x\(String(va, radix: 16))) and '\(b.name)' (0x\(String(vb, radix: 16))) share bits\(abi.name == "x86_64" ? "" : " on \(abi.name)")", at: b.location)
                        } else if kind == .values, va == vb {
                            reader.error("values '\(a.name)' and '\(b.name)' are both \(va)\(abi.name == "x86_64" ? "" : " on \(abi.name)")", at: b.location)
                        }
                    }
                }
                if reader.log.hasErrors { break }
            }
            return FlagSet(name: name, kind: kind, reserved: reserved, prose: prose, flags: flags, enumTag: enumTag,
                           swiftName: swiftName, owner: owner, location: reader.location(of: item))
        }
    }

    func structs(_ node: Node, owner: String) -> [StructSpec]? {
        var seen: Set<String> = []
        return list(node, what: "structs") { item, index in
            guard let map = reader.mapping(item, what: "structs[\(index)]") else { return nil }
            defer { map.finish(allowed: ["name", "prose", "size", "align", "packed", "fields", "uapi_header", "uapi_since", "swift_name"]) }
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
            let swiftName = map.required("swift_name").flatMap { identifier($0, what: "\(label) swift_name") }
            var seenFields: Set<String> = []
            let fields: [StructField] = map.required("fields").flatMap { fieldsNode in
                list(fieldsNode, what: "\(label) fields") { fieldNode, fieldIndex in
                    guard let fieldMap = reader.mapping(fieldNode, what: "\(label) fields[\(fieldIndex)]") else { return nil }
                    defer { fieldMap.finish(allowed: ["name", "type", "array_length", "offset", "prose"]) }
                    let fieldName = identifier(fieldMap.required("name"), what: "\(label) fields[\(fieldIndex)].name")
                    if let fieldName, let fieldNameNode = fieldMap.optional("name"), !seenFields.insert(fieldName).inserted {
                        reader.error("duplicate field '\(fieldName)' in \(label)", at: fieldNameNode)
                        return nil
                    }
                    let type = fieldMap.required("type").flatMap { cType($0, what: "\(label).\(fieldName ?? "?") type") }
                    let arrayLength = fieldMap.optional("array_length").flatMap { reader.integer($0, what: "\(label).\(fieldName ?? "?") array_length") }
                    let offset = fieldMap.required("offset").flatMap { reader.integer($0, what: "\(label).\(fieldName ?? "?") offset") }
                    let fieldProse = fieldMap.required("prose").flatMap { reader.prose($0, what: "\(label).\(fieldName ?? "?") prose") }
                    guard let fieldName, let type, let offset, let fieldProse else { return nil }
                    return StructField(name: fieldName, type: type, arrayLength: arrayLength.map(Int.init), offset: Int(offset),
                                       prose: fieldProse, location: reader.location(of: fieldNode))
                }
            } ?? []
            guard let name, let prose, let size, let align, let swiftName else { return nil }
            let spec = StructSpec(name: name, prose: prose, size: Int(size), alignment: Int(align), packed: packed,
                                  fields: fields, uapiHeader: uapiHeader, uapiSince: uapiSince, swiftName: swiftName,
                                  owner: owner, location: reader.location(of: item))
            checkLayout(spec, map: map)
            return spec
        }
    }

    /// The declared layout must be the one C gives the fields (on LP64); the
    /// validator later checks the same against the compiler and the UAPI headers.
    func checkLayout(_ spec: StructSpec, map: MappingView) {
        var offset = 0
        var alignment = 1
        for (index, field) in spec.fields.enumerated() {
            guard let elementSize = field.type.size(lp64: true) else { return }
            let fieldAlignment = spec.packed ? 1 : elementSize
            let aligned = (offset + fieldAlignment - 1) / fieldAlignment * fieldAlignment
            if field.offset != aligned {
                reader.error("struct \(spec.name): field '\(field.name)' is declared at offset \(field.offset), but its type puts it at \(aligned)", at: field.location)
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
            reader.error("struct \(spec.name): declared size \(spec.size), but its fields make \(size)", at: map.keyLocation("size") ?? spec.location)
        }
        if spec.alignment != alignment {
            reader.error("struct \(spec.name): declared align \(spec.alignment), but its fields make \(alignment)", at: map.keyLocation("align") ?? spec.location)
        }
    }

    /// `param: class`, `param: [class, group, ...]`, where an item may also be
    /// `{class: name, since: "6.15", until: "6.17"}` for version-dependent behaviour.
    func witness(_ node: Node, parameters: [Parameter], what: String) -> Witness? {
        guard let map = reader.mapping(node, what: what) else { return nil }
        var classes: [String: [WitnessClass]] = [:]
        for entry in map.entries {
            guard let parameter = parameters.first(where: { $0.name == entry.key }) else {
                reader.error("\(what) names '\(entry.key)', which is not a parameter\(Spelling.didYouMean(entry.key, among: parameters.map(\.name)))", at: entry.keyNode)
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
                if case .mapping = termNode, let termMap = reader.mapping(termNode, what: "\(what).\(entry.key) item") {
                    defer { termMap.finish(allowed: ["class", "since", "until"]) }
                    guard let classNode = termMap.required("class") else { continue }
                    nameNode = classNode
                    since = termMap.optional("since").flatMap { version($0, what: "\(what).\(entry.key) since") }
                    until = termMap.optional("until").flatMap { version($0, what: "\(what).\(entry.key) until") }
                    if since == nil && until == nil {
                        reader.error("\(what).\(entry.key): an item written as a mapping needs 'since' or 'until'; otherwise write the class name alone", at: termNode)
                    }
                    if let since, let until, until <= since {
                        reader.error("\(what).\(entry.key): until \(until) is not after since \(since)", at: termNode)
                    }
                } else {
                    nameNode = termNode
                }
                guard let term = reader.line(nameNode, what: "\(what).\(entry.key)") else { continue }
                guard let expanded = parameter.role.classes(named: term) else {
                    let known = parameter.role.argumentClasses + parameter.role.argumentGroups.keys.sorted()
                    reader.error("'\(term)' is not an argument class of role '\(parameter.role.rawValue)'\(Spelling.didYouMean(term, among: known)) (known: \(known.joined(separator: ", ")))", at: nameNode)
                    continue
                }
                let range = WitnessClass(name: term, since: since, until: until)
                if seenTerms[term, default: []].contains(where: { $0.overlaps(range) }) {
                    reader.error("\(what).\(entry.key) names '\(term)' twice for the same kernel versions", at: nameNode)
                }
                seenTerms[term, default: []].append(range)
                for name in expanded {
                    classes[entry.key, default: []].append(WitnessClass(name: name, since: since, until: until))
                }
            }
        }
        return Witness(classes: classes)
    }

    func race(_ node: Node, what: String) -> RaceSpec? {
        guard let map = reader.mapping(node, what: what) else { return nil }
        defer { map.finish(allowed: ["also", "reason"]) }
        let also = map.required("also").flatMap { node in
            list(node, what: "\(what).also") { item, _ in errnoName(item, what: "\(what).also") }
        }
        let reason = map.required("reason").flatMap { reader.prose($0, what: "\(what).reason") }
        guard let also, let reason else { return nil }
        if also.isEmpty { reader.error("\(what).also must name at least one errno", at: map.required("also")!) }
        return RaceSpec(alsoErrnos: also, reason: reason)
    }

    func errors(_ node: Node, parameters: [Parameter]) -> [ErrorSpec]? {
        var seen: [String: Int] = [:]
        return list(node, what: "errors") { item, index in
            guard let map = reader.mapping(item, what: "errors[\(index)]") else { return nil }
            defer { map.finish(allowed: ["errno", "condition", "witness", "untestable", "racy", "since", "until", "context"]) }
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
            case (nil, nil):
                reader.error("\(label) needs a 'witness' (the argument classes that produce it) or 'untestable' (why none can)", at: map.location)
            }
            let race = map.optional("racy").flatMap { self.race($0, what: "\(label) racy") }
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

    func success(_ node: Node, parameters: [Parameter]) -> SuccessSpec? {
        guard let map = reader.mapping(node, what: "success") else { return nil }
        defer { map.finish(allowed: ["witness", "racy"]) }
        let witness = map.optional("witness").flatMap { self.witness($0, parameters: parameters, what: "success witness") }
        let race = map.optional("racy").flatMap { self.race($0, what: "success racy") }
        return SuccessSpec(witness: witness, race: race)
    }

    func probe(_ node: Node, parameters: [Parameter]) -> Probe? {
        guard let map = reader.mapping(node, what: "probe") else { return nil }
        defer { map.finish(allowed: ["arguments", "expect"]) }
        var arguments: [String: Int64] = [:]
        if let argumentsNode = map.required("arguments"), let argumentsMap = reader.mapping(argumentsNode, what: "probe.arguments") {
            for entry in argumentsMap.entries {
                guard parameters.contains(where: { $0.name == entry.key }) else {
                    reader.error("probe.arguments names '\(entry.key)', which is not a parameter\(Spelling.didYouMean(entry.key, among: parameters.map(\.name)))", at: entry.keyNode)
                    continue
                }
                if let value = reader.integer(entry.value, what: "probe.arguments.\(entry.key)") {
                    arguments[entry.key] = value
                }
            }
            for parameter in parameters where arguments[parameter.name] == nil && !reader.log.hasErrors {
                reader.error("probe.arguments gives no value for parameter '\(parameter.name)'", at: argumentsNode)
            }
        }
        let expect = map.required("expect").flatMap { errnoName($0, what: "probe.expect") }
        guard let expect else { return nil }
        if expect == "ENOSYS" {
            reader.error("probe.expect cannot be ENOSYS: that is the answer of a kernel without the call", at: map.required("expect")!)
        }
        return Probe(arguments: arguments, expectedErrno: expect)
    }

    func tests(_ node: Node) -> TestPolicy? {
        guard let map = reader.mapping(node, what: "tests") else { return nil }
        defer { map.finish(allowed: ["isolation"]) }
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
            guard let map = reader.mapping(item, what: "references[\(index)]") else { return nil }
            defer { map.finish(allowed: ["message_id", "title"]) }
            let messageID = map.required("message_id").flatMap { node -> String? in
                guard let text = reader.line(node, what: "references[\(index)].message_id") else { return nil }
                guard text.wholeMatch(of: /[^\s<>@\/]+@[^\s<>@\/]+/) != nil else {
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
        guard let map = reader.mapping(node, what: "example") else { return nil }
        defer { map.finish(allowed: ["prose", "code"]) }
        let prose = map.optional("prose").flatMap { reader.prose($0, what: "example prose") } ?? .empty
        let code = map.required("code").flatMap { node -> String? in
            guard let text = reader.string(node, what: "example code") else { return nil }
            if !text.contains("main(") {
                reader.error("example code must be a complete program with main()", at: node)
                return nil
            }
            if text.contains("\t") {
                reader.error("example code must be indented with spaces, not tabs", at: node)
            }
            return text
        }
        guard let code else { return nil }
        return Example(prose: prose, code: code)
    }

    func swiftNaming(_ node: Node, parameters: [Parameter]) -> SwiftNaming? {
        guard let map = reader.mapping(node, what: "swift") else { return nil }
        defer { map.finish(allowed: ["name", "receiver", "labels", "availability"]) }
        let name = identifier(map.required("name"), what: "swift.name")
        let receiver = map.optional("receiver").flatMap { node -> String? in
            guard let text = reader.line(node, what: "swift.receiver") else { return nil }
            guard let parameter = parameters.first(where: { $0.name == text }) else {
                reader.error("swift.receiver names '\(text)', which is not a parameter\(Spelling.didYouMean(text, among: parameters.map(\.name)))", at: node)
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
                    reader.error("swift.labels names '\(entry.key)', which is not a parameter\(Spelling.didYouMean(entry.key, among: parameters.map(\.name)))", at: entry.keyNode)
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
        guard let name, let availability else { return nil }
        return SwiftNaming(name: name, receiver: receiver, labels: labels, availabilityName: availability)
    }
}
