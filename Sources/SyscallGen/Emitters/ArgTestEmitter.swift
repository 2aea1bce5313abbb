import Foundation
import SyscallSpec

/// Argument tests run against the live kernel (generated/tests): per call a
/// standalone C program, `<name>_args.c`, and the run-time they share,
/// `argtest.h`. A program tries every combination of its parameters' argument
/// classes, then random ones, calls the shim's `sysshim_<name>` (so it runs on
/// any libc, and on kernels and libcs without the wrapper), and compares each
/// result with what the spec expects. Everything the program expects comes
/// from the spec's errors, success cases and probe; nothing about a call is
/// written here.
public struct ArgTestEmitter: Emitter {
    public let name = "argument-tests"
    public let ownedDirectories = ["generated/tests"]

    public init() {}

    public func emit(_ catalogue: Catalogue) throws(EmitError) -> [GeneratedFile] {
        var problems: [Diagnostic] = []
        for spec in catalogue.specs {
            problems += ArgTestOracle.completenessProblems(spec, catalogue)
            problems += Self.instanceProblems(spec, catalogue)
            problems += Self.isolationProblems(spec)
            problems += Self.flagTermProblems(spec, catalogue)
            if spec.parameters.count > Self.maximumParameters {
                problems.append(Diagnostic(at: spec.locations["parameters"] ?? .start(of: spec.sourcePath),
                    "the argument tests support at most \(Self.maximumParameters) parameters (a system call has at most 6)"))
            }
        }
        if !problems.isEmpty { throw EmitError(problems) }
        // Each program depends only on its spec and the catalogue: render them
        // on every core (concurrentMap keeps the catalogue's order).
        let programs = catalogue.specs.concurrentMap { spec in
            GeneratedFile(path: "generated/tests/\(spec.name)_args.c", contents: program(spec, catalogue))
        }
        return [GeneratedFile(path: "generated/tests/\(ArgTestRuntime.fileName)", contents: Self.runtimeHeader)] + programs
    }

    static let maximumParameters = 6

    // MARK: - Naming

    static func cName(_ text: String) -> String {
        // Names are almost always printable ASCII, where a letter or digit is
        // one byte; anything else (a multi-byte letter, or CR LF, which is one
        // Character) goes through Character classification.
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }
        return String(unsafeUninitializedCapacity: utf8.count, initializingUTF8With: { buffer -> Int in
            var count = 0
            for byte in utf8 {
                let isAlphanumeric = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                buffer[count] = isAlphanumeric ? byte : UInt8(ascii: "_")
                count += 1
            }
            return count
        })
    }

    static func cString(_ text: String) -> String {
        // Called for every name in every table: escape on bytes, and not at
        // all in the usual case of nothing to escape.
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else {
            return "\"\(text)\""
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(utf8.count * 2 + 2)
        for byte in utf8 {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func version(_ version: Version?) -> String {
        guard let version else { return "0" }
        return "ARGTEST_VERSION (\(version.major), \(version.minor), \(version.patch))"
    }

    /// `spec/<name>.yaml:line:column`, independent of how the spec directory was named on the command line.
    static func location(_ location: SourceLocation, in spec: SyscallSpec) -> String {
        "\(spec.specFileName):\(location.line):\(location.column)"
    }

    static func contextName(_ context: CallerContext) -> String {
        switch context {
        case .any: "ARGTEST_CONTEXT_ANY"
        case .unprivileged: "ARGTEST_CONTEXT_UNPRIVILEGED"
        case .noNewPrivs: "ARGTEST_CONTEXT_NO_NEW_PRIVS"
        case .fdLimit: "ARGTEST_CONTEXT_FD_LIMIT"
        }
    }

    static func returnKindName(_ kind: ReturnSpec.Kind) -> String {
        switch kind {
        case .zero: "ARGTEST_RETURNS_ZERO"
        case .descriptor: "ARGTEST_RETURNS_DESCRIPTOR"
        case .count: "ARGTEST_RETURNS_COUNT"
        case .value: "ARGTEST_RETURNS_VALUE"
        }
    }

    // MARK: - Struct instances

    /// The structs whose instances a spec's program builds: those its
    /// instance-taking parameters point to.
    static func instanceStructs(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [StructSpec] {
        var seen: Set<String> = []
        return spec.parameters.compactMap { parameter -> StructSpec? in
            guard parameter.role.takesStructInstances, let record = ArgumentDomains.pointee(of: parameter, in: catalogue),
                  !record.instances.isEmpty, seen.insert(record.name).inserted else { return nil }
            return record
        }
    }

    /// Instance values the tests cannot write: a field that is an array or a struct.
    static func instanceProblems(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for record in instanceStructs(spec, catalogue) {
            for instance in record.instances {
                for (fieldName, _) in instance.values {
                    guard let field = record.field(named: fieldName) else { continue }
                    var isEnum = false
                    if case .enumeration = field.type.unqualified { isEnum = true }
                    if field.arrayLength != nil || (field.type.scalar == nil && !field.type.isPointer && !isEnum) {
                        problems.append(Diagnostic(at: instance.location,
                            "struct \(record.name) instance '\(instance.name)' sets '\(fieldName)', which is \(field.arrayLength != nil ? "an array" : "not an integer, enum or pointer"); the argument tests can only set scalar fields"))
                    }
                }
            }
        }
        return problems
    }

    /// A call that sends signals, given a class naming the caller itself (a
    /// pidfd or pid of `self`), would signal the test program: such a spec
    /// must run each case in a child (`tests.isolation: child`).
    static func isolationProblems(_ spec: SyscallSpec) -> [Diagnostic] {
        guard spec.tests.isolation == .process, spec.parameters.contains(where: { $0.role == .signal }) else { return [] }
        for parameter in spec.parameters {
            guard let recipe = ArgumentDomains.domain(for: parameter.role).recipes.first(where: \.callerRelative) else { continue }
            return [Diagnostic(at: spec.locations["tests"] ?? spec.locations["parameters"] ?? .start(of: spec.sourcePath),
                "the call sends signals and parameter '\(parameter.name)' has class '\(recipe.name)', the caller itself: the argument tests would signal their own process; set 'tests: {isolation: child}'")]
        }
        return []
    }

    /// Flag terms that name so many bits that the oracle would enumerate too
    /// many patterns of them (FlagWords).
    static func flagTermProblems(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [Diagnostic] {
        spec.parameters.compactMap { parameter -> Diagnostic? in
            let named = ArgTestOracle.namedFlags(of: parameter, in: spec)
            guard !named.isEmpty else { return nil }
            let words = FlagWords(parameter, catalogue.flagSet(for: parameter), kernel: spec.availability.linux, naming: named)
            guard words.patternCount > ArgumentDomains.maximumFlagTermPatterns else { return nil }
            return Diagnostic(at: spec.locations["errors"] ?? parameter.location,
                "the witnesses name \(named.count) flags of parameter '\(parameter.name)' in flag terms, whose bits make \(Int(words.patternCount)) patterns; the argument tests' oracle tells apart at most \(Int(ArgumentDomains.maximumFlagTermPatterns)) (12 single-bit flags)")
        }
    }

    static func fillFunction(_ record: StructSpec, _ instance: StructInstance) -> String {
        "argtest_fill_\(cName(record.name))_\(cName(instance.name))"
    }

    /// A function writing an instance's field values into an object (other
    /// bytes as they are: zeros, or the valid instance under element 0).
    /// Fields every version of the struct has are written by name; a field a
    /// later kernel added at the spec's offset, since this system's headers may
    /// declare an older, shorter struct.
    static func fillFunctionDefinition(_ record: StructSpec, _ instance: StructInstance) -> String {
        var text = "/* struct \(record.name) instance \(instance.name) (\(record.owner).yaml:\(instance.location.line)); other fields 0. */\n"
        text += "static void\n\(fillFunction(record, instance)) (void *object)\n{\n"
        if instance.values.isEmpty { text += "    (void) object;\n" }
        for (fieldName, value) in instance.values {
            guard let field = record.field(named: fieldName) else { continue }
            let type = field.type.unqualified.declaration(named: nil)
            let expression: String
            switch value {
            case .integer(let number): expression = number < 0 ? "(\(number)LL)" : "\(number)ULL"
            case .constants(let names): expression = names.joined(separator: " | ")
            }
            let converted = field.type.isPointer ? "(\(type)) (uintptr_t) (\(expression))" : "(\(type)) (\(expression))"
            if field.since == nil {
                text += "    ((struct \(record.name) *) object)->\(field.name) = \(converted);\n"
            } else {
                text += "    {\n        \(type) value = \(converted);\n"
                text += "        memcpy ((char *) object + \(field.offset), &value, sizeof value); /* \(field.name), since Linux \(field.since!) */\n    }\n"
            }
        }
        return text + "}\n\n"
    }

    /// C library headers the program's constants need: those of system flags
    /// the spec's flag sets hold, and of constants its struct instances name.
    static func systemHeaders(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [String] {
        var headers: Set<String> = []
        for parameter in spec.parameters {
            headers.formUnion(catalogue.flagSet(for: parameter)?.flags.compactMap(\.systemHeader) ?? [])
            if let record = ArgumentDomains.pointee(of: parameter, in: catalogue), let header = record.systemHeader {
                headers.insert(header)
            }
        }
        for record in instanceStructs(spec, catalogue) {
            for instance in record.instances {
                for case (_, .constants(let names)) in instance.values {
                    headers.formUnion(names.compactMap { catalogue.flag(named: $0)?.systemHeader })
                }
            }
        }
        return headers.sorted()
    }

    // MARK: - The domains' own test

    /// Every role's constructors and class tables, and a parameter of each role
    /// (`argtest_self_test_params`), for a test program that builds every class
    /// of every role and checks what it built and that its release undoes it.
    /// Value-classified roles come with a flag table mixing a flag every kernel
    /// has, a proposed one and one from a far future kernel; the flags
    /// parameter's set is exclusive, so that two flags together are a class.
    /// The struct-in parameter's size is the size parameter's object, so that
    /// its objects have room for every size class.
    public static func domainSelfTestTables() -> String {
        let representatives: [(ParameterRole, String)] = [
            (.pidfd, "int"), (.fd, "int"), (.pid, "pid_t"), (.signal, "int"), (.flags, "unsigned int"),
            (.enumValue, "int"), (.path, "const char *"), (.bufferIn, "const void *"), (.bufferOut, "void *"),
            (.structIn, "const struct timespec *"), (.structOut, "struct timespec *"),
            (.structInOut, "struct timespec *"), (.arrayIn, "const struct iovec *"), (.arrayOut, "struct iovec *"),
            (.size, "size_t"), (.count, "unsigned int"), (.address, "void *"), (.length, "size_t"),
            (.integer, "int"), (.integer, "unsigned long"), (.remoteFd, "int"), (.numaNode, "unsigned long"),
        ]
        precondition(Set(representatives.map(\.0)) == Set(ParameterRole.allCases), "a role has no representative")
        let structIn = representatives.firstIndex { $0.0 == .structIn }!
        let size = representatives.firstIndex { $0.0 == .size }!
        var text = """
        static const struct argtest_flag argtest_self_test_flags[] = {
            { "EVERY_KERNEL", 0x1, ARGTEST_VERSION (1, 0, 0), 0 },
            { "PROPOSED", 0x2, 0, 1 },
            { "FAR_FUTURE", 0x4, ARGTEST_VERSION (999, 0, 0), 0 },
            { "ALSO_EVERY_KERNEL", 0x8, ARGTEST_VERSION (1, 0, 0), 0 },
        };

        static const struct argtest_param argtest_self_test_params[] = {

        """
        for (index, (role, typeText)) in representatives.enumerated() {
            guard case .success(let type) = CType.parse(typeText) else { preconditionFailure("bad type \(typeText)") }
            var layout = ParameterLayout(name: "\(cName(role.rawValue))_\(index)", role: role, type: type)
            if role == .flags || role == .enumValue {
                layout.flags = role == .flags ? "argtest_self_test_flags, 4" : "argtest_self_test_flags, 3"
                layout.exclusive = role == .flags
            }
            switch role {
            case .bufferIn, .bufferOut, .structIn, .structOut, .structInOut:
                layout.objectSize = objectSize(of: type, nil)
            case .arrayIn, .arrayOut:
                layout.objectSize = objectSize(of: type, nil)
                layout.elementCount = "ARGTEST_ARRAY_LENGTH"
            case .size:
                layout.objectSize = "sizeof (struct timespec)"
                layout.minSize = "sizeof (struct timespec)"
                layout.peer = structIn
            case .count:
                layout.elementCount = "ARGTEST_ARRAY_LENGTH"
            default:
                break
            }
            if index == structIn { layout.sizedBy = size }
            text += layout.entry
        }
        text += "};\n"
        return text
    }

    // MARK: - The program

    func program(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = CShimEmitter.generatedBanner(spec.specFileName)
        text += header(spec)
        text += "#define _GNU_SOURCE 1\n#include <sysshim.h>\n"
        for header in Self.systemHeaders(spec, catalogue) { text += "#include <\(header)>\n" }
        text += "#include \"\(ArgTestRuntime.fileName)\"\n\n\n"
        text += instanceTables(spec, catalogue)
        text += flagTables(spec, catalogue)
        text += parameterTable(spec, catalogue)
        text += oracleTables(spec, catalogue)
        text += callWrappers(spec)
        text += specDescription(spec)
        text += """
        int
        main (int argc, char **argv)
        {
            return argtest_main (&argtest_spec, argc, argv);
        }

        """
        return text
    }

    func header(_ spec: SyscallSpec) -> String {
        let file = "generated/tests/\(spec.name)_args.c"
        return CCommentRenderer.block([
            "\(spec.name)_args - argument tests of \(spec.name)(2) against the running kernel",
            "",
            "Tries every combination of the argument classes of its parameters, then",
            "random combinations, calls \(CShimEmitter.shimSymbol(spec))() with each, and compares the",
            "result with what \(spec.specFileName) expects: the first error, in the",
            "order the kernel checks them, whose witness matches the arguments' classes",
            "on this kernel's version; otherwise the first success case that matches.",
            "Run it with --help for options",
            "(--seed, --count, --quiet, --stats, --timeout, --assume-kernel).",
            "Exit status: 0 passed, 1 a result differed from the spec, 77 the kernel",
            "lacks the call (or has it switched off), 2 usage, 99 the tests could not run.",
            "",
            "Build from the top of the sysshim tree, with the library (make shim-lib):",
            "  cc -Igenerated/c/include -Igenerated/tests \(file) build/lib/libsysshim.a",
            "or without it, the wrappers compiled in:",
            "  cc -DSYSSHIM_INLINE -Igenerated/c/include -Igenerated/tests \(file)",
        ]) + "\n"
    }

    /// generated/tests/argtest.h: the run-time, then every role's constructors
    /// and class tables. They depend on the role alone, so every program shares
    /// them instead of carrying its own copy; a program uses those of its
    /// parameters' roles (the rest are static and marked unused).
    public static let runtimeHeader: String = {
        let runtime = ArgTestRuntime.header
        let end = "#endif /* SYSSHIM_ARGTEST_H */"
        precondition(runtime.hasSuffix(end), "argtest.h no longer ends with its include guard's #endif")
        var text = String(runtime.dropLast(end.count))
        text += "/* ------------------------------------------------------------------ */\n"
        text += "/* The argument classes of every role.                                 */\n\n"
        for role in ParameterRole.allCases { text += roleTables(role) }
        return text + end
    }()

    /// The rows of each role's class table, which a parameter with instance
    /// classes repeats in its own table before its instances.
    static let roleClassEntries: [ParameterRole: String] = Dictionary(uniqueKeysWithValues: ParameterRole.allCases.map { role in
        (role, classEntries(ArgumentDomains.domain(for: role).recipes, roleName: cName(role.rawValue)))
    })

    /// One role's class names, constructors and class table.
    static func roleTables(_ role: ParameterRole) -> String {
        var text = ""
        let domain = ArgumentDomains.domain(for: role)
        let roleName = Self.cName(role.rawValue)
        text += "/* Argument classes of role \(role.rawValue) (Sources/SyscallGen/ArgumentDomains). */\n"
        text += "ARGTEST_ROLE_TABLE const char *const argtest_class_names_\(roleName)[] = {\n"
        for name in role.argumentClasses { text += "    \(Self.cString(name)),\n" }
        text += "};\n\n"
        guard domain.kind == .named else { return text }
        for recipe in domain.recipes {
            text += "/* \(recipe.name): \(CCommentRenderer.escape(recipe.summary)). */\n"
            text += "ARGTEST_API int\nargtest_build_\(roleName)_\(Self.cName(recipe.name)) (const struct argtest_param *param, struct argtest_fixture *f)\n{\n"
            for line in recipe.constructor.split(separator: "\n", omittingEmptySubsequences: false) {
                text += line.isEmpty ? "\n" : "    \(line)\n"
            }
            text += "}\n\n"
        }
        text += "ARGTEST_ROLE_TABLE const struct argtest_class argtest_classes_\(roleName)[] = {\n"
        text += classEntries(domain.recipes, roleName: roleName)
        text += "};\n\n"
        return text
    }

    static func classEntries(_ recipes: [ClassRecipe], roleName: String) -> String {
        recipes.map {
            "    { \(Self.cString($0.name)), \($0.lifetime.rawValue), \($0.callerRelative ? 1 : 0), argtest_build_\(roleName)_\(Self.cName($0.name)) },\n"
        }.joined()
    }

    /// The fill functions of every instance the program builds, and, for each
    /// parameter with instance classes, its own class tables: the role's
    /// classes, then one per instance (built fresh for each case).
    func instanceTables(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = ""
        for record in Self.instanceStructs(spec, catalogue) {
            for instance in record.instances { text += Self.fillFunctionDefinition(record, instance) }
        }
        for parameter in spec.parameters {
            let instances = ArgumentDomains.instanceClasses(of: parameter, in: catalogue)
            guard !instances.isEmpty, let record = ArgumentDomains.pointee(of: parameter, in: catalogue) else { continue }
            let name = Self.cName(parameter.name)
            text += "/* Argument classes of parameter \(parameter.name): those of role \(parameter.role.rawValue), then the instances of struct \(record.name). */\n"
            text += "static const char *const argtest_class_names_param_\(name)[] = {\n"
            for className in ArgumentDomains.classes(of: parameter, in: catalogue) { text += "    \(Self.cString(className)),\n" }
            text += "};\n\n"
            for instance in instances {
                text += "/* \(instance.name): struct \(record.name)'s instance\(parameter.role == .arrayIn ? " in element 0, the valid instance (or zeros) in the others" : ""). */\n"
                text += "static int\nargtest_build_param_\(name)_\(Self.cName(instance.name)) (const struct argtest_param *param, struct argtest_fixture *f)\n{\n"
                text += "    return argtest_object (param, f, \(Self.fillFunction(record, instance)), 0);\n}\n\n"
            }
            text += "static const struct argtest_class argtest_classes_param_\(name)[] = {\n"
            text += Self.roleClassEntries[parameter.role]!
            for instance in instances {
                text += "    { \(Self.cString(instance.name)), ARGTEST_PER_CASE, 0, argtest_build_param_\(name)_\(Self.cName(instance.name)) },\n"
            }
            text += "};\n\n"
        }
        return text
    }

    func flagTables(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = ""
        var emitted: Set<String> = []
        for parameter in spec.parameters {
            guard let set = catalogue.flagSet(for: parameter), !set.flags.isEmpty, emitted.insert(set.name).inserted else { continue }
            text += "/* Flag set \(set.name) (\(set.owner).yaml); a flag counts as known only on kernels that have it"
            text += set.flags.contains(where: \.isSystem) ? "; values of system constants come from the C library's headers. */\n" : ". */\n"
            text += "static const struct argtest_flag argtest_flags_\(set.name)[] = {\n"
            for flag in set.flags {
                switch flag.since {
                case .released(let version):
                    text += "    { \(Self.cString(flag.name)), (unsigned long long) (\(flag.name)), \(Self.version(version)), 0 },\n"
                case .proposed:
                    text += "    { \(Self.cString(flag.name)), (unsigned long long) (\(flag.name)), 0, 1 },\n"
                }
            }
            text += "};\n\n"
        }
        return text
    }

    /// The size of what a pointer parameter points to: the spec's size for a
    /// struct the kernel's headers declare (this system's may declare an
    /// older, smaller version), the C library's for its own types, and a
    /// buffer of ARGTEST_BUFFER_SIZE bytes for `void *` and `char *`.
    static func objectSize(of type: CType, _ catalogue: Catalogue?) -> String {
        guard let pointee = type.pointee?.unqualified else { return "0" }
        if let tag = pointee.structTag, let record = catalogue?.structs[tag], record.systemHeader == nil,
           case .record = pointee {
            return "(size_t) \(record.size)"
        }
        switch pointee {
        case .void: return "ARGTEST_BUFFER_SIZE"
        case .scalar(let scalar) where scalar.sizeLP64 == 1: return "ARGTEST_BUFFER_SIZE"
        default: return "sizeof (\(pointee.declaration(named: nil)))"
        }
    }

    /// One row of the parameter table.
    struct ParameterLayout {
        var name: String
        var role: ParameterRole
        var type: CType
        var flags = "NULL, 0"
        var exclusive = false
        var objectSize = "0"
        var minSize = "0"
        var elementCount = "0"
        var sizedBy = -1
        var peer = -1
        var fillValid = "NULL"
        /// The suffix of the class tables' names: the role's, or `param_<name>` for a parameter with instance classes.
        var tables: String
        var classCount: Int

        init(name: String, role: ParameterRole, type: CType) {
            self.name = name
            self.role = role
            self.type = type
            tables = ArgTestEmitter.cName(role.rawValue)
            classCount = role.argumentClasses.count
        }

        var entry: String {
            let domain = ArgumentDomains.domain(for: role)
            let typeKind: String
            if type.isPointer {
                typeKind = "ARGTEST_POINTER"
            } else if let scalar = type.scalar, !scalar.isSigned {
                typeKind = "ARGTEST_UNSIGNED"
            } else {
                typeKind = "ARGTEST_SIGNED"
            }
            let classes = domain.kind == .named ? "argtest_classes_\(tables)" : "NULL"
            return "    { \(cString(name)), \(cString(role.rawValue)), \(domain.cKind), \(typeKind),\n"
                + "      sizeof (\(type.unqualified.declaration(named: nil))) * CHAR_BIT, argtest_class_names_\(tables), \(classes), \(classCount),\n"
                + "      \(flags), \(exclusive ? 1 : 0), \(objectSize), \(minSize), \(elementCount), \(sizedBy), \(peer), \(fillValid) },\n"
        }
    }

    func parameterTable(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = "static const struct argtest_param argtest_params[] = {\n"
        if spec.parameters.isEmpty {
            // C has no empty arrays; a call without parameters gets one unused entry.
            text += "    { NULL, NULL, 0, 0, 0, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, -1, -1, NULL },\n"
        }
        func index(of name: String?) -> Int {
            name.flatMap { name in spec.parameters.firstIndex { $0.name == name } } ?? -1
        }
        for parameter in spec.parameters {
            var layout = ParameterLayout(name: parameter.name, role: parameter.role, type: parameter.type)
            if let set = catalogue.flagSet(for: parameter), !set.flags.isEmpty {
                layout.flags = "argtest_flags_\(set.name), \(set.flags.count)"
                layout.exclusive = set.exclusive
            }
            if !ArgumentDomains.instanceClasses(of: parameter, in: catalogue).isEmpty {
                layout.tables = "param_\(Self.cName(parameter.name))"
                layout.classCount = ArgumentDomains.classes(of: parameter, in: catalogue).count
            }
            switch parameter.role {
            case .bufferIn, .bufferOut, .structIn, .structOut, .structInOut, .arrayIn, .arrayOut:
                layout.objectSize = Self.objectSize(of: parameter.type, catalogue)
                if parameter.role == .arrayIn || parameter.role == .arrayOut { layout.elementCount = "ARGTEST_ARRAY_LENGTH" }
                layout.sizedBy = spec.parameters.firstIndex { $0.role == .size && $0.sizeOf == parameter.name } ?? -1
                if parameter.role.takesStructInstances, let record = ArgumentDomains.pointee(of: parameter, in: catalogue),
                   let valid = record.instance(named: "valid") {
                    layout.fillValid = Self.fillFunction(record, valid)
                }
            case .size:
                if let target = parameter.sizeOf.flatMap(spec.parameter(named:)) {
                    layout.objectSize = Self.objectSize(of: target.type, catalogue)
                    if target.role == .arrayIn || target.role == .arrayOut { layout.objectSize += " * ARGTEST_ARRAY_LENGTH" }
                    layout.minSize = ArgumentDomains.pointee(of: target, in: catalogue)?.minimumSize.map { "(size_t) \($0)" }
                        ?? layout.objectSize
                    layout.peer = index(of: target.name)
                }
            case .count:
                layout.elementCount = "ARGTEST_ARRAY_LENGTH"
                layout.peer = index(of: parameter.countOf)
            case .remoteFd:
                layout.peer = spec.parameters.firstIndex { $0.role == .pidfd } ?? -1
            default:
                break
            }
            text += layout.entry
        }
        text += "};\n\n"
        return text
    }

    static func termKindName(_ relation: FlagTerm.Relation?) -> String {
        switch relation {
        case nil: "ARGTEST_TERM_CLASS"
        case .exactly: "ARGTEST_TERM_FLAG_EXACTLY"
        case .with: "ARGTEST_TERM_FLAG_WITH"
        case .without: "ARGTEST_TERM_FLAG_WITHOUT"
        }
    }

    /// Where a parameter's witness terms point in the generated tables: a
    /// class's row in its class table, a flag's in its flag table. Built once
    /// per parameter, not once per witness, since a spec has many witnesses.
    struct TermNumbers {
        var classes: [String: Int] = [:]
        var flags: [String: Int] = [:]

        init(_ parameter: Parameter, _ catalogue: Catalogue) {
            // The first row of a name, as a search from the table's start would find.
            for (number, name) in ArgumentDomains.classes(of: parameter, in: catalogue).enumerated() where classes[name] == nil {
                classes[name] = number
            }
            for (number, flag) in (catalogue.flagSet(for: parameter)?.flags ?? []).enumerated() where flags[flag.name] == nil {
                flags[flag.name] = number
            }
        }
    }

    /// A witness as rows of (parameter, kind, class number or flag number, kernels).
    func terms(_ witness: Witness, _ spec: SyscallSpec, _ numbers: [TermNumbers]) -> [String] {
        var terms: [String] = []
        for (index, parameter) in spec.parameters.enumerated() {
            for item in witness.classes[parameter.name] ?? [] {
                let number: Int?
                if let term = item.flagTerm {
                    number = numbers[index].flags[term.flag]
                } else {
                    number = numbers[index].classes[item.name]
                }
                guard let number else { continue }
                terms.append("{ \(index), \(Self.termKindName(item.flagTerm?.relation)), \(number), \(Self.version(item.since)), \(Self.version(item.until)) }, /* \(parameter.name) \(item.name) */")
            }
        }
        return terms
    }

    /// The spec's errors in order, then its success cases, as data the run-time's oracle walks.
    func oracleTables(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = "/* The oracle: \(spec.specFileName)'s errors in the kernel's check order; the first whose\n   witness matches the arguments' classes on the running kernel is expected. */\n"
        let termNumbers = spec.parameters.map { TermNumbers($0, catalogue) }
        func outcome(what: String, location: String, errno: String?, since: Version?, until: Version?,
                     context: CallerContext, witness: Witness?, race: RaceSpec?, returns: ReturnSpec.Kind,
                     symbol: String) -> String {
            func table(_ name: String, _ lines: [String]) -> String {
                guard !lines.isEmpty else { return "NULL, 0" }
                text += "static const struct argtest_term \(name)[] = {\n"
                for line in lines { text += "    \(line)\n" }
                text += "};\n"
                return "\(name), \(lines.count)"
            }
            let termsRef = table("argtest_terms_\(symbol)", witness.map { terms($0, spec, termNumbers) } ?? [])
            let also = race?.alsoErrnos ?? []
            if !also.isEmpty {
                text += "static const int argtest_also_\(symbol)[] = { \(also.joined(separator: ", ")) };\n"
                text += "static const char *const argtest_also_names_\(symbol)[] = { \(also.map(Self.cString).joined(separator: ", ")) };\n"
            }
            let alsoRef = also.isEmpty ? "NULL, NULL, 0" : "argtest_also_\(symbol), argtest_also_names_\(symbol), \(also.count)"
            // The classes the race is limited to (none: whenever the entry applies).
            let raceRef = table("argtest_race_terms_\(symbol)", race?.witness.map { terms($0, spec, termNumbers) } ?? [])
            return "    { \(Self.cString(what)), \(Self.cString(location)), \(errno ?? "0"), \(Self.cString(errno ?? "")), \(Self.version(since)), \(Self.version(until)),\n      \(Self.contextName(context)), \(witness == nil ? 0 : 1), \(termsRef), \(alsoRef), \(raceRef), \(Self.returnKindName(returns)) }"
        }
        var errorEntries: [String] = []
        for (index, error) in spec.errors.enumerated() {
            let what = "errors[\(index)] \(error.errno)"
            guard let witness = error.witness else {
                text += "/* Not checked: \(what) is untestable. */\n"
                continue
            }
            errorEntries.append(outcome(what: what, location: Self.location(error.location, in: spec), errno: error.errno,
                                        since: error.since, until: error.until, context: error.context, witness: witness,
                                        race: error.race, returns: spec.returns.kind, symbol: "error_\(index)"))
        }
        let successLocation = spec.locations["success"].map { Self.location($0, in: spec) } ?? spec.specFileName
        let cases = ArgTestOracle.successCases(spec)
        var successEntries: [String] = []
        for (index, success) in cases.enumerated() {
            successEntries.append(outcome(what: spec.successes.count > 1 ? "success[\(index)]" : "success", location: successLocation,
                                          errno: nil, since: nil, until: nil, context: .any, witness: success.witness,
                                          race: success.race, returns: success.returns ?? spec.returns.kind,
                                          symbol: "success_\(index)"))
        }
        // C has no empty arrays: a call whose every error is untestable gets one unused entry.
        text += "\nstatic const struct argtest_outcome argtest_errors[] = {\n"
        text += errorEntries.isEmpty ? "    { NULL, NULL, 0, NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, NULL, 0, 0 }\n" : errorEntries.joined(separator: ",\n") + "\n"
        text += "};\n\n"
        text += "#define ARGTEST_NERRORS \(errorEntries.count)\n\n"
        text += "static const struct argtest_outcome argtest_successes[] = {\n" + successEntries.joined(separator: ",\n") + "\n};\n\n"
        return text
    }

    /// The argument as the parameter's C type.
    static func argument(_ parameter: Parameter, _ word: String) -> String {
        let type = parameter.type.declaration(named: nil)
        if parameter.type.isPointer { return "(\(type)) \(word).p" }
        if let scalar = parameter.type.scalar, !scalar.isSigned { return "(\(type)) \(word).u" }
        return "(\(type)) \(word).i"
    }

    static func probeArgument(_ parameter: Parameter, _ value: Int64) -> String {
        let type = parameter.type.declaration(named: nil)
        if parameter.type.isPointer { return "(\(type)) (uintptr_t) \(value)" }
        return "(\(type)) \(value)LL"
    }

    func callWrappers(_ spec: SyscallSpec) -> String {
        let symbol = CShimEmitter.shimSymbol(spec)
        let arguments = spec.parameters.enumerated().map { Self.argument($1, "args[\($0)]") }
        let probeArguments = spec.parameters.map { Self.probeArgument($0, spec.probe.arguments[$0.name] ?? 0) }
        return """
        /* The call under test, through the shim's own wrapper. */
        static long long
        argtest_call (const argtest_word *args)
        {
        \(spec.parameters.isEmpty ? "    (void) args;\n" : "")    return (long long) \(symbol) (\(arguments.joined(separator: ", ")));
        }

        /* The probe: a kernel that has the call answers \(spec.probe.expectedErrno); one without it, ENOSYS. */
        static long long
        argtest_probe (void)
        {
            return (long long) \(symbol) (\(probeArguments.joined(separator: ", ")));
        }


        """
    }

    func specDescription(_ spec: SyscallSpec) -> String {
        let probeText = "\(spec.name)(\(spec.parameters.map { String(spec.probe.arguments[$0.name] ?? 0) }.joined(separator: ", ")))"
        let contexts = ArgTestOracle.contexts(spec)
        var text = "/* The contexts every combination runs in. */\n"
        text += "static const int argtest_contexts[] = { \(contexts.map(Self.contextName).joined(separator: ", ")) };\n\n"
        let disabled = spec.probe.disabled
        if !disabled.isEmpty {
            text += "/* Answers of the probe meaning the call is there but switched off: the tests skip. */\n"
            text += "static const struct argtest_disabled argtest_disabled[] = {\n"
            for answer in disabled {
                text += "    { \(answer.errno), \(Self.cString(answer.errno)), \(Self.cString(answer.reason.plainText)) },\n"
            }
            text += "};\n\n"
        }
        text += """
        static const struct argtest_spec argtest_spec = {
            \(Self.cString(spec.name)), \(Self.cString(spec.specFileName)), \(CShimEmitter.numberMacro(spec)),
            argtest_params, \(spec.parameters.count),
            argtest_errors, ARGTEST_NERRORS,
            argtest_successes, \(ArgTestOracle.successCases(spec).count),
            \(spec.tests.isolation == .child ? "ARGTEST_ISOLATION_CHILD" : "ARGTEST_ISOLATION_PROCESS"),
            argtest_contexts, \(contexts.count),
            \(Self.version(spec.availability.linux)),
            argtest_call, argtest_probe, \(Self.cString(probeText)), \(spec.probe.expectedErrno), \(Self.cString(spec.probe.expectedErrno)),
            \(disabled.isEmpty ? "NULL" : "argtest_disabled"), \(disabled.count)
        };


        """
        return text
    }
}
