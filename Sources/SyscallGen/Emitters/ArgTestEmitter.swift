import Foundation
import SyscallSpec

/// Argument tests run against the live kernel (generated/tests): per call a
/// standalone C program, `<name>_args.c`, and the run-time they share,
/// `argtest.h`. A program tries every combination of its parameters' argument
/// classes, then random ones, calls the shim's `sysshim_<name>` (so it runs on
/// any libc, and on kernels and libcs without the wrapper), and compares each
/// result with what the spec expects. Everything the program expects comes
/// from the spec's errors, success and probe; nothing about a call is written
/// here.
public struct ArgTestEmitter: Emitter {
    public let name = "argument-tests"
    public let ownedDirectories = ["generated/tests"]

    public init() {}

    public func emit(_ catalogue: Catalogue) throws(EmitError) -> [GeneratedFile] {
        var problems: [Diagnostic] = []
        for spec in catalogue.specs {
            problems += ArgTestOracle.completenessProblems(spec, catalogue)
            if spec.successes.count > 1 {
                problems.append(Diagnostic(at: spec.locations["success"] ?? .start(of: spec.sourcePath),
                    "the argument tests handle one success case so far; this spec lists \(spec.successes.count)"))
            }
            if spec.parameters.count > Self.maximumParameters {
                problems.append(Diagnostic(at: spec.locations["parameters"] ?? .start(of: spec.sourcePath),
                    "the argument tests support at most \(Self.maximumParameters) parameters (a system call has at most 6)"))
            }
        }
        if !problems.isEmpty { throw EmitError(problems) }
        var files = [GeneratedFile(path: "generated/tests/\(ArgTestRuntime.fileName)", contents: ArgTestRuntime.header)]
        for spec in catalogue.specs {
            files.append(GeneratedFile(path: "generated/tests/\(spec.name)_args.c", contents: program(spec, catalogue)))
        }
        return files
    }

    static let maximumParameters = 6

    // MARK: - Naming

    static func cName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    static func cString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func version(_ version: Version?) -> String {
        guard let version else { return "0" }
        return "ARGTEST_VERSION (\(version.major), \(version.minor), \(version.patch))"
    }

    /// `spec/<name>.yaml:line:column`, independent of how the spec directory was named on the command line.
    static func location(_ location: SourceLocation, in spec: SyscallSpec) -> String {
        "\(spec.specFileName):\(location.line):\(location.column)"
    }

    // MARK: - The domains' own test

    /// Every role's constructors and class tables, and a parameter of each role
    /// (`argtest_self_test_params`), for a test program that builds every class
    /// of every role and checks what it built and that its release undoes it.
    /// Value-classified roles come with a flag table mixing a flag every kernel
    /// has, a proposed one and one from a far future kernel.
    public static func domainSelfTestTables() -> String {
        let representatives: [(ParameterRole, String)] = [
            (.pidfd, "int"), (.fd, "int"), (.pid, "pid_t"), (.signal, "int"), (.flags, "unsigned int"),
            (.enumValue, "int"), (.path, "const char *"), (.bufferIn, "const void *"), (.bufferOut, "void *"),
            (.structIn, "const struct timespec *"), (.structOut, "struct timespec *"),
            (.structInOut, "struct timespec *"), (.arrayIn, "const struct iovec *"), (.arrayOut, "struct iovec *"),
            (.size, "size_t"), (.count, "unsigned int"), (.address, "void *"), (.length, "size_t"),
            (.integer, "int"), (.integer, "unsigned long"),
        ]
        precondition(Set(representatives.map(\.0)) == Set(ParameterRole.allCases), "a role has no representative")
        var text = domains(representatives.map(\.0))
        text += """
        static const struct argtest_flag argtest_self_test_flags[] = {
            { "EVERY_KERNEL", 0x1, ARGTEST_VERSION (1, 0, 0), 0 },
            { "PROPOSED", 0x2, 0, 1 },
            { "FAR_FUTURE", 0x4, ARGTEST_VERSION (999, 0, 0), 0 },
        };

        static const struct argtest_param argtest_self_test_params[] = {

        """
        for (index, (role, typeText)) in representatives.enumerated() {
            guard case .success(let type) = CType.parse(typeText) else { preconditionFailure("bad type \(typeText)") }
            let flags = role == .flags || role == .enumValue ? "argtest_self_test_flags, 3" : "NULL, 0"
            let sizeTarget = role == .size ? CType.parse("const struct timespec *").map { ($0, ParameterRole.structIn) } : nil
            text += parameterEntry(name: "\(cName(role.rawValue))_\(index)", role: role, type: type, flags: flags,
                                   sizeTarget: try? sizeTarget?.get())
        }
        text += "};\n"
        return text
    }

    // MARK: - The program

    func program(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = CShimEmitter.generatedBanner(spec.specFileName)
        text += header(spec)
        text += """
        #define _GNU_SOURCE 1
        #include <sysshim.h>
        #include "\(ArgTestRuntime.fileName)"


        """
        text += Self.domains(spec.parameters.map(\.role))
        text += flagTables(spec, catalogue)
        text += parameterTable(spec, catalogue)
        let oracle = oracleTables(spec)
        text += oracle.text
        text += callWrappers(spec)
        text += specDescription(spec, success: oracle.success)
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
            "on this kernel's version; otherwise success. Run it with --help for options",
            "(--seed, --count, --quiet, --stats, --timeout, --assume-kernel).",
            "Exit status: 0 passed, 1 a result differed from the spec, 77 the kernel",
            "lacks the call, 2 usage, 99 the tests could not run.",
            "",
            "Build from the top of the sysshim tree, with the library (make shim-lib):",
            "  cc -Igenerated/c/include -Igenerated/tests \(file) build/lib/libsysshim.a",
            "or without it, the wrappers compiled in:",
            "  cc -DSYSSHIM_INLINE -Igenerated/c/include -Igenerated/tests \(file)",
        ]) + "\n"
    }

    /// The roles' constructors (each role once) and their class tables.
    static func domains(_ roles: [ParameterRole]) -> String {
        var text = ""
        var emitted: Set<ParameterRole> = []
        for role in roles where emitted.insert(role).inserted {
            let domain = ArgumentDomains.domain(for: role)
            let roleName = Self.cName(role.rawValue)
            text += "/* Argument classes of role \(role.rawValue) (Sources/SyscallGen/ArgumentDomains). */\n"
            text += "static const char *const argtest_class_names_\(roleName)[] = {\n"
            for name in role.argumentClasses { text += "    \(Self.cString(name)),\n" }
            text += "};\n\n"
            guard domain.kind == .named else { continue }
            for recipe in domain.recipes {
                text += "/* \(recipe.name): \(CCommentRenderer.escape(recipe.summary)). */\n"
                text += "static int\nargtest_build_\(roleName)_\(Self.cName(recipe.name)) (const struct argtest_param *param, struct argtest_fixture *f)\n{\n"
                for line in recipe.constructor.split(separator: "\n", omittingEmptySubsequences: false) {
                    text += line.isEmpty ? "\n" : "    \(line)\n"
                }
                text += "}\n\n"
            }
            text += "static const struct argtest_class argtest_classes_\(roleName)[] = {\n"
            for recipe in domain.recipes {
                text += "    { \(Self.cString(recipe.name)), \(recipe.lifetime.rawValue), \(recipe.callerRelative ? 1 : 0), argtest_build_\(roleName)_\(Self.cName(recipe.name)) },\n"
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
            text += "/* Flag set \(set.name) (\(set.owner).yaml); a flag counts as known only on kernels that have it. */\n"
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

    /// The size of what a pointer parameter points to: its type, or a buffer of
    /// ARGTEST_BUFFER_SIZE bytes for `void *` and `char *`.
    static func objectSize(of type: CType) -> String {
        guard let pointee = type.pointee?.unqualified else { return "0" }
        switch pointee {
        case .void: return "ARGTEST_BUFFER_SIZE"
        case .scalar(let scalar) where scalar.sizeLP64 == 1: return "ARGTEST_BUFFER_SIZE"
        default: return "sizeof (\(pointee.declaration(named: nil)))"
        }
    }

    func parameterTable(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = "static const struct argtest_param argtest_params[] = {\n"
        if spec.parameters.isEmpty {
            // C has no empty arrays; a call without parameters gets one unused entry.
            text += "    { NULL, NULL, 0, 0, 0, NULL, NULL, 0, NULL, 0, 0, 0 },\n"
        }
        for parameter in spec.parameters {
            let set = catalogue.flagSet(for: parameter)
            let flags = set.map { $0.flags.isEmpty ? "NULL, 0" : "argtest_flags_\($0.name), \($0.flags.count)" } ?? "NULL, 0"
            var sizeTarget: (type: CType, role: ParameterRole)?
            if parameter.role == .size, let target = parameter.sizeOf.flatMap(spec.parameter(named:)) {
                sizeTarget = (target.type, target.role)
            }
            text += Self.parameterEntry(name: parameter.name, role: parameter.role, type: parameter.type,
                                        flags: flags, sizeTarget: sizeTarget)
        }
        text += "};\n\n"
        return text
    }

    /// One entry of the parameter table. `sizeTarget` is what a `size` parameter gives the size of.
    static func parameterEntry(name: String, role: ParameterRole, type: CType, flags: String,
                               sizeTarget: (type: CType, role: ParameterRole)?) -> String {
        let domain = ArgumentDomains.domain(for: role)
        let roleName = cName(role.rawValue)
        let typeKind: String
        if type.isPointer {
            typeKind = "ARGTEST_POINTER"
        } else if let scalar = type.scalar, !scalar.isSigned {
            typeKind = "ARGTEST_UNSIGNED"
        } else {
            typeKind = "ARGTEST_SIGNED"
        }
        let classes = domain.kind == .named ? "argtest_classes_\(roleName)" : "NULL"
        var objectSize = "0", elementCount = "0"
        switch role {
        case .bufferIn, .bufferOut, .structIn, .structOut, .structInOut:
            objectSize = Self.objectSize(of: type)
        case .arrayIn, .arrayOut:
            objectSize = Self.objectSize(of: type)
            elementCount = "ARGTEST_ARRAY_LENGTH"
        case .size:
            if let sizeTarget {
                objectSize = Self.objectSize(of: sizeTarget.type)
                if sizeTarget.role == .arrayIn || sizeTarget.role == .arrayOut { objectSize += " * ARGTEST_ARRAY_LENGTH" }
            }
        case .count:
            elementCount = "ARGTEST_ARRAY_LENGTH"
        default:
            break
        }
        return "    { \(cString(name)), \(cString(role.rawValue)), \(domain.cKind), \(typeKind),\n"
            + "      sizeof (\(type.unqualified.declaration(named: nil))) * CHAR_BIT, argtest_class_names_\(roleName), \(classes), \(role.argumentClasses.count),\n"
            + "      \(flags), \(objectSize), \(elementCount) },\n"
    }

    func terms(_ witness: Witness, _ spec: SyscallSpec) -> [String] {
        var terms: [String] = []
        for (index, parameter) in spec.parameters.enumerated() {
            for item in witness.classes[parameter.name] ?? [] {
                guard let classIndex = parameter.role.argumentClasses.firstIndex(of: item.name) else { continue }
                terms.append("{ \(index), \(classIndex), \(Self.version(item.since)), \(Self.version(item.until)) }, /* \(parameter.name) \(item.name) */")
            }
        }
        return terms
    }

    /// The spec's errors in order, then its success, as data the run-time's oracle walks.
    func oracleTables(_ spec: SyscallSpec) -> (text: String, success: String) {
        var text = "/* The oracle: \(spec.specFileName)'s errors in the kernel's check order; the first whose\n   witness matches the arguments' classes on the running kernel is expected. */\n"
        var entries: [String] = []
        func outcome(what: String, location: String, errno: String?, since: Version?, until: Version?,
                     context: CallerContext, witness: Witness?, race: RaceSpec?, symbol: String) -> String {
            var text = ""
            let termLines = witness.map { terms($0, spec) } ?? []
            if !termLines.isEmpty {
                text += "static const struct argtest_term argtest_terms_\(symbol)[] = {\n"
                for line in termLines { text += "    \(line)\n" }
                text += "};\n"
            }
            let also = race?.alsoErrnos ?? []
            if !also.isEmpty {
                text += "static const int argtest_also_\(symbol)[] = { \(also.joined(separator: ", ")) };\n"
                text += "static const char *const argtest_also_names_\(symbol)[] = { \(also.map(Self.cString).joined(separator: ", ")) };\n"
            }
            let contextName = context == .unprivileged ? "ARGTEST_CONTEXT_UNPRIVILEGED" : "ARGTEST_CONTEXT_ANY"
            let termsRef = termLines.isEmpty ? "NULL, 0" : "argtest_terms_\(symbol), \(termLines.count)"
            let alsoRef = also.isEmpty ? "NULL, NULL, 0" : "argtest_also_\(symbol), argtest_also_names_\(symbol), \(also.count)"
            entries.append("    { \(Self.cString(what)), \(Self.cString(location)), \(errno ?? "0"), \(Self.cString(errno ?? "")), \(Self.version(since)), \(Self.version(until)),\n      \(contextName), \(witness == nil ? 0 : 1), \(termsRef), \(alsoRef) }")
            return text
        }
        for (index, error) in spec.errors.enumerated() {
            let what = "errors[\(index)] \(error.errno)"
            guard let witness = error.witness else {
                text += "/* Not checked: \(what) is untestable. */\n"
                continue
            }
            text += outcome(what: what, location: Self.location(error.location, in: spec), errno: error.errno,
                            since: error.since, until: error.until, context: error.context, witness: witness,
                            race: error.race, symbol: "error_\(index)")
        }
        let errorEntries = entries
        entries = []
        let successLocation = spec.locations["success"].map { Self.location($0, in: spec) } ?? spec.specFileName
        text += outcome(what: "success", location: successLocation, errno: nil, since: nil, until: nil,
                        context: .any, witness: spec.primarySuccess.witness, race: spec.primarySuccess.race, symbol: "success")
        // C has no empty arrays: a call whose every error is untestable gets one unused entry.
        text += "\nstatic const struct argtest_outcome argtest_errors[] = {\n"
        text += errorEntries.isEmpty ? "    { NULL, NULL, 0, NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0 }\n" : errorEntries.joined(separator: ",\n") + "\n"
        text += "};\n\n"
        text += "#define ARGTEST_NERRORS \(errorEntries.count)\n\n"
        return (text, entries[0].trimmingCharacters(in: .whitespaces))
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

    func specDescription(_ spec: SyscallSpec, success: String) -> String {
        let probeText = "\(spec.name)(\(spec.parameters.map { String(spec.probe.arguments[$0.name] ?? 0) }.joined(separator: ", ")))"
        let returnKind = switch spec.returns.kind {
        case .zero: "ARGTEST_RETURNS_ZERO"
        case .descriptor: "ARGTEST_RETURNS_DESCRIPTOR"
        case .count: "ARGTEST_RETURNS_COUNT"
        case .value: "ARGTEST_RETURNS_VALUE"
        }
        let unprivileged = spec.errors.contains { $0.witness != nil && $0.context == .unprivileged }
        return """
        static const struct argtest_spec argtest_spec = {
            \(Self.cString(spec.name)), \(Self.cString(spec.specFileName)),
            argtest_params, \(spec.parameters.count),
            argtest_errors, ARGTEST_NERRORS,
            \(success),
            \(returnKind), \(spec.tests.isolation == .child ? "ARGTEST_ISOLATION_CHILD" : "ARGTEST_ISOLATION_PROCESS"), \(unprivileged ? 1 : 0),
            \(Self.version(spec.availability.linux)),
            argtest_call, argtest_probe, \(Self.cString(probeText)), \(spec.probe.expectedErrno), \(Self.cString(spec.probe.expectedErrno))
        };


        """
    }
}
