import Foundation
import Testing
import TestSupport
import Yams
@testable import SyscallSpec

/// spec/schema.json must describe what the loader accepts: every spec validates
/// against it with a real JSON Schema validator (Python's jsonschema), broken
/// specs fail it at the right path, and its fields and enumerations are the
/// loader's own.
@Suite struct SchemaTests {
    static let schemaURL = TestSupport.specDirectory.appendingPathComponent("schema.json")

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: schemaURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func definition(_ name: String, in schema: [String: Any]) throws -> [String: Any] {
        if name == "root" { return schema }
        let definitions = try #require(schema["$defs"] as? [String: Any])
        return try #require(definitions[name] as? [String: Any], "no $defs/\(name) in schema.json")
    }

    // MARK: - YAML to JSON, and the validator

    /// The value YAML gives a spec, as JSON would hold it (what an editor's
    /// YAML language server validates).
    static func jsonValue(ofYAML text: String) throws -> Any {
        try jsonCompatible(try #require(try Yams.load(yaml: text)))
    }

    private static func jsonCompatible(_ value: Any) throws -> Any {
        switch value {
        case let mapping as [AnyHashable: Any]:
            var result: [String: Any] = [:]
            for (key, item) in mapping {
                result[try #require(key.base as? String, "non-string key \(key)")] = try jsonCompatible(item)
            }
            return result
        case let list as [Any]:
            return try list.map(jsonCompatible)
        case is String, is Int, is Double, is Bool, is NSNull:
            return value
        default:
            Issue.record("YAML value \(value) (\(type(of: value))) has no JSON form")
            return NSNull()
        }
    }

    /// Validates each document against spec/schema.json (after checking the
    /// schema itself against the draft 2020-12 metaschema); returns each
    /// document's errors as "/json/path: message", sorted.
    static func validate(_ documents: [Any]) throws -> [[String]] {
        let scratch = try TestSupport.temporaryDirectory("schema")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let documentsURL = scratch.appendingPathComponent("documents.json")
        try JSONSerialization.data(withJSONObject: documents).write(to: documentsURL)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            report = []
            for document in json.load(open(sys.argv[2])):
                errors = validator.iter_errors(document)
                report.append(sorted("/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in errors))
            print(json.dumps(report))
            """
        let result = try TestSupport.run("python3", ["-c", script, schemaURL.path, documentsURL.path])
        try #require(result.status == 0, "python3 jsonschema failed: \(result)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]]
        return try #require(report)
    }

    static func specFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: TestSupport.specDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    // MARK: - Specs against the schema

    @Test func everySpecInSpecDirectoryValidates() throws {
        let files = try Self.specFiles()
        try #require(!files.isEmpty)
        let documents = try files.map { try Self.jsonValue(ofYAML: String(contentsOf: $0, encoding: .utf8)) }
        let report = try Self.validate(documents)
        for (file, errors) in zip(files, report) {
            #expect(errors.isEmpty, "\(file.lastPathComponent) fails spec/schema.json:\n\(errors.joined(separator: "\n"))")
        }
    }

    @Test func everySpecPointsEditorsAtTheSchema() throws {
        for file in try Self.specFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema=schema.json\n"), "\(file.lastPathComponent)")
        }
    }

    @Test func theScaffoldOfSysshimNewValidates() throws {
        let scratch = try TestSupport.temporaryDirectory("schema-new")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try TestSupport.sysshim(["new", "pidfd_getfd", "--spec-dir", scratch.path])
        try #require(result.status == 0, "\(result)")
        let text = try String(contentsOf: scratch.appendingPathComponent("pidfd_getfd.yaml"), encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=schema.json\n"))
        let report = try Self.validate([Self.jsonValue(ofYAML: text)])
        #expect(report == [[]])
    }

    @Test func brokenSpecsFailTheSchemaAtTheirPath() throws {
        let original = try String(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"), encoding: .utf8)
        func broken(_ old: String, _ new: String) throws -> Any {
            try #require(original.components(separatedBy: old).count == 2, "'\(old)' is not unique")
            return try Self.jsonValue(ofYAML: original.replacingOccurrences(of: old, with: new))
        }
        let report = try Self.validate([
            broken("summary: release", "sumary: release"),
            broken("  common: 448\n", "  common: \"448\"\n"),
            broken("    role: pidfd\n", "    role: pidf\n"),
            broken("  linux: \"5.15\"\n", "  linux: 5.15\n"),
            broken("  - errno: ESRCH\n", "  - errno: ESRHC\n"),
        ])
        try #require(report.count == 5)
        #expect(report[0].contains("/: Additional properties are not allowed ('sumary' was unexpected)"), "\(report[0])")
        #expect(report[0].contains("/: 'summary' is a required property"), "\(report[0])")
        #expect(report[1] == ["/numbers/common: '448' is not of type 'integer'"])
        #expect(report[2].count == 1 && report[2][0].hasPrefix("/parameters/0/role: 'pidf' is not one of ['pidfd', 'fd',"), "\(report[2])")
        #expect(report[3] == ["/availability/linux: 5.15 is not of type 'string'"])
        #expect(report[4].count == 1 && report[4][0].hasPrefix("/errors/3/errno: 'ESRHC' is not one of"), "\(report[4])")
    }

    // MARK: - Loader and schema agree

    /// The schema definition a mapping of a spec is validated against, from
    /// its path in the document; nil for mappings whose keys are data
    /// (witnesses, number and flag overrides, probe arguments, Swift labels).
    static func definitionName(at path: [String]) -> String? {
        let listItems = ["kernel_config": "kernelConfig", "parameters": "parameter", "flag_sets": "flagSet",
                         "structs": "struct", "errors": "error", "references": "reference"]
        let single = ["availability", "numbers", "returns", "success", "probe", "tests", "example", "swift"]
        if path.last == "racy" { return "race" }
        switch path.count {
        case 0: return "root"
        case 1: return single.contains(path[0]) ? path[0] : nil
        case 2: return listItems[path[0]]
        default:
            if path.count == 4, path[0] == "flag_sets", path[2] == "flags" { return "flag" }
            if path.count == 4, path[0] == "structs", path[2] == "fields" { return "structField" }
            if path.contains("witness"), Int(path.last!) != nil { return "witnessClass" }
            return nil
        }
    }

    /// Every mapping of the tree with its path and definition, in document order.
    static func mappings(in node: Node, path: [String] = []) -> [(path: [String], definition: String)] {
        var result: [(path: [String], definition: String)] = []
        switch node {
        case .mapping(let mapping):
            if let definition = definitionName(at: path) { result.append((path, definition)) }
            for (key, value) in mapping { result += mappings(in: value, path: path + [key.string ?? "?"]) }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() { result += mappings(in: item, path: path + [String(index)]) }
        default:
            break
        }
        return result
    }

    static func node(_ root: Node, at path: [String]) -> Node? {
        var node = root
        for component in path {
            if let mapping = node.mapping {
                guard let next = mapping.first(where: { $0.key.string == component })?.value else { return nil }
                node = next
            } else if let sequence = node.sequence, let index = Int(component), index < sequence.count {
                node = sequence[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// The tree with `change` applied to the mapping at `path`.
    static func modifying(_ node: Node, at path: ArraySlice<String>, _ change: (Node.Mapping) -> Node.Mapping) -> Node {
        switch node {
        case .mapping(let mapping):
            if path.isEmpty { return .mapping(change(mapping)) }
            let pairs = mapping.map { pair in
                (pair.key, pair.key.string == path.first ? modifying(pair.value, at: path.dropFirst(), change) : pair.value)
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style))
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in
                String(index) == path.first ? modifying(item, at: path.dropFirst(), change) : item
            }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style))
        default:
            return node
        }
    }

    /// For every mapping of process_mrelease.yaml: drop each key in turn, and
    /// add an unknown key. The loader (one file, before catalogue checks) and
    /// the schema must both accept or both refuse each variant.
    @Test func loaderAndSchemaAgreeOnEveryDroppedOrAddedKey() throws {
        let url = TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml")
        let root = try #require(try Yams.compose(yaml: String(contentsOf: url, encoding: .utf8)))
        var variants: [(label: String, yaml: String)] = []
        let found = Self.mappings(in: root)
        try #require(Set(found.map(\.definition)).isSuperset(of: ["root", "parameter", "error", "witnessClass", "race", "swift"]))
        for (path, _) in found {
            let mapping = try #require(Self.node(root, at: path)?.mapping, "\(path)")
            let keys = mapping.keys.compactMap(\.string)
            for key in keys {
                let dropped = Self.modifying(root, at: path[...]) { mapping in
                    Node.Mapping(mapping.filter { $0.key.string != key }.map { ($0.key, $0.value) }, mapping.tag, mapping.style)
                }
                variants.append(("drop \((path + [key]).joined(separator: "."))", try Yams.serialize(node: dropped)))
            }
            let added = Self.modifying(root, at: path[...]) { mapping in
                Node.Mapping(mapping.map { ($0.key, $0.value) } + [(Node("unknown_field"), Node("1"))], mapping.tag, mapping.style)
            }
            variants.append(("add \((path + ["unknown_field"]).joined(separator: "."))", try Yams.serialize(node: added)))
        }
        try #require(variants.count > 100, "only \(variants.count) variants")

        let report = try Self.validate(variants.map { try Self.jsonValue(ofYAML: $0.yaml) })
        var accepted = 0
        for (variant, schemaErrors) in zip(variants, report) {
            let loaded = SpecLoader.load(data: Data(variant.yaml.utf8), path: "spec/process_mrelease.yaml")
            let loaderErrors: [String]
            switch loaded {
            case .success: loaderErrors = []
            case .failure(let error): loaderErrors = error.diagnostics.map(\.description)
            }
            if loaderErrors.isEmpty { accepted += 1 }
            #expect(loaderErrors.isEmpty == schemaErrors.isEmpty,
                    "\(variant.label): loader \(loaderErrors.isEmpty ? "accepts" : "refuses"), schema \(schemaErrors.isEmpty ? "accepts" : "refuses")\nloader: \(loaderErrors)\nschema: \(schemaErrors)")
        }
        // Optional fields exist, so some variants must load: the comparison is not all-refusals.
        #expect(accepted >= 10, "only \(accepted) variants load")
    }

    // MARK: - Schema and model do not drift

    @Test func schemaListsExactlyTheFieldsTheLoaderAccepts() throws {
        let schema = try Self.schema()
        for (name, fields) in SpecFields.byDefinition {
            let definition = try Self.definition(name, in: schema)
            let properties = try #require(definition["properties"] as? [String: Any], "\(name) has no properties")
            #expect(Set(properties.keys) == Set(fields), "\(name): schema \(properties.keys.sorted()) vs loader \(fields.sorted())")
            #expect(definition["additionalProperties"] as? Bool == false, "\(name) must set additionalProperties: false")
            for (field, value) in properties {
                let property = try #require(value as? [String: Any])
                #expect(property["description"] is String, "\(name).\(field) has no description for editors")
            }
        }
        // Every closed object of the schema is one the loader has a field list for.
        let definitions = try #require(schema["$defs"] as? [String: Any])
        for (name, value) in definitions {
            guard let definition = value as? [String: Any], definition["properties"] != nil else { continue }
            #expect(SpecFields.byDefinition[name] != nil, "$defs/\(name) has properties but the loader has no field list for it")
        }
    }

    @Test func schemaEnumerationsAreTheModels() throws {
        let schema = try Self.schema()
        func strings(_ value: Any?) -> Set<String> { Set((value as? [Any] ?? []).compactMap { $0 as? String }) }
        func property(_ definition: String, _ field: String) throws -> [String: Any] {
            let properties = try #require(try Self.definition(definition, in: schema)["properties"] as? [String: Any])
            return try #require(properties[field] as? [String: Any], "\(definition).\(field)")
        }

        #expect(strings(try property("parameter", "role")["enum"]) == Set(ParameterRole.allCases.map(\.rawValue)))
        #expect(strings(try property("returns", "kind")["enum"]) == Set(ReturnSpec.Kind.allCases.map(\.rawValue)))
        #expect(strings(try property("flagSet", "kind")["enum"]) == Set(FlagSet.Kind.allCases.map(\.rawValue)))
        #expect(strings(try property("tests", "isolation")["enum"]) == Set(TestPolicy.Isolation.allCases.map(\.rawValue)))
        #expect(strings(try property("error", "context")["enum"]) == Set(CallerContext.allCases.map(\.rawValue)))

        let errnos = Set(KernelErrno.all.map(\.name)).union(KernelErrno.aliases.keys)
        #expect(strings(try Self.definition("errno", in: schema)["enum"]) == errnos)

        let abis = Set(ABI.all.map(\.name))
        let overrides = try property("numbers", "overrides")
        #expect(strings((overrides["propertyNames"] as? [String: Any])?["enum"]) == abis)
        let flagOverrides = try property("flag", "overrides")
        #expect(strings((flagOverrides["propertyNames"] as? [String: Any])?["enum"]) == abis)

        var classes: Set<String> = []
        for role in ParameterRole.allCases {
            classes.formUnion(role.argumentClasses)
            classes.formUnion(role.argumentGroups.keys)
        }
        #expect(strings(try Self.definition("argumentClass", in: schema)["enum"]) == classes)

        let identifier = try Self.definition("identifier", in: schema)
        let reserved = strings((identifier["not"] as? [String: Any])?["enum"])
        #expect(reserved == Identifier.cKeywords.union(Identifier.swiftKeywords))
    }

    /// The schema's C type pattern and CType.parse accept the same spellings.
    @Test func cTypePatternAgreesWithTheParser() throws {
        let pattern = try #require(try Self.definition("cType", in: Self.schema())["pattern"] as? String)
        let expression = try NSRegularExpression(pattern: pattern)
        func matches(_ text: String) -> Bool {
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        var spellings = ["void", "struct open_how", "enum landlock_rule_type", "unsigned itn", "unsigned", "struct",
                         "char * const", "const", "int int", "struct 9lives", "long double", "int **", "  int  *  "]
        for base in ScalarType.all.map(\.spelling) + SystemRecordType.all.map(\.spelling) + ["void", "struct clone_args"] {
            spellings += [base, "const \(base)", "\(base) *", "const \(base) *", "\(base) const *", "\(base)*", "\(base) **"]
        }
        for spelling in spellings {
            let parsed: Bool
            if case .success = CType.parse(spelling) { parsed = true } else { parsed = false }
            #expect(matches(spelling) == parsed, "'\(spelling)': parser \(parsed ? "accepts" : "refuses"), schema pattern \(parsed ? "refuses" : "accepts")")
        }
    }
}
