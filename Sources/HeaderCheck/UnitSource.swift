import SyscallGen
import SyscallSpec

/// The main file of one translation unit: the includes a configuration calls
/// for, then probes — declarations whose types and constant values libclang
/// reports back (a function pointer initialised from each wrapper, a typedef of
/// each type the spec names, a constant initialised from each macro).
struct UnitSource {
    var text: String
    /// What each probe line of the main file checks, for diagnostics located there.
    var probeLines: [Int: ProbeOrigin]
    /// The line of each probe declaration, by its name.
    var lineOfProbe: [String: Int]
    /// Specs whose number block must stop with `#error` in this configuration.
    var expectedErrors: [String]
    /// The specs whose declarations the unit sees, by name (replacement headers
    /// declare only the calls of C library headers and what those need).
    var visibleSpecs: Set<String>
    /// Specs whose prototypes name POSIX types, in a unit where the C library
    /// hides them (strict ISO C): their declarations must be absent.
    var hiddenPrototypes: [String]
}

struct ProbeOrigin {
    var spec: String?
    var what: String
}

enum ProbeName {
    static let glibcVersion = "sysshim_check_glibc"
    static func returnType(_ spec: SyscallSpec) -> String { "sysshim_check_ret_\(spec.name)" }
    static func argumentType(_ spec: SyscallSpec, _ index: Int) -> String { "sysshim_check_arg_\(spec.name)_\(index)" }
    static func function(_ symbol: String) -> String { "sysshim_check_fn_\(symbol)" }
    static func number(_ spec: SyscallSpec) -> String { "sysshim_check_nr_\(spec.name)" }
    static func libcHas(_ spec: SyscallSpec) -> String { "sysshim_check_has_\(spec.name)" }
    static func flag(_ flag: Flag) -> String { "sysshim_check_flag_\(flag.name)" }
    static func macro(_ spec: SyscallSpec) -> String { "sysshim_check_macro_\(spec.name)" }
    static func call(_ spec: SyscallSpec) -> String { "sysshim_check_call_\(spec.name)" }
    static func tag(_ spec: SyscallSpec) -> String { "sysshim_check_tag_\(spec.name)" }
    static let linuxVersion = "sysshim_check_linux"
    static func structType(_ record: StructSpec) -> String { "sysshim_check_struct_\(record.name)" }
    static func fieldType(_ record: StructSpec, _ index: Int) -> String { "sysshim_check_field_\(record.name)_\(index)" }
}

/// The paths the generated C shim uses, relative to its include directory.
enum ShimHeaders {
    static let umbrella = "sysshim.h"
    static func call(_ spec: SyscallSpec) -> String { "sysshim/\(spec.name).h" }
    static let shared = ["sysshim/cdefs.h", "sysshim/syscall.h"]
    static func replacement(_ libcHeader: String) -> String { "sysshim/replace/\(libcHeader)" }

    /// The C library headers the catalogue's calls belong to, sorted (those
    /// the replacement directory stands in for).
    static func libcHeaders(_ catalogue: Catalogue) -> [String] {
        Set(catalogue.specs.map(\.header).filter { !CShimEmitter.isKernelHeader($0) }).sorted()
    }

    /// The kernel UAPI headers the catalogue names (a call's own `header` where
    /// no C library declares it, its flags' and structs' `uapi_header`), sorted.
    static func uapiHeaders(_ catalogue: Catalogue) -> [String] {
        Set(catalogue.flagSets.values.flatMap(\.flags).compactMap(\.uapiHeader)
            + catalogue.structs.values.compactMap(\.uapiHeader)
            + catalogue.specs.map(\.header).filter(CShimEmitter.isKernelHeader)).sorted()
    }
}

extension Catalogue {
    /// The specs whose headers a spec's header includes: the owners of the
    /// flag sets and structs it uses but does not declare.
    func owners(usedBy spec: SyscallSpec) -> Set<String> {
        var types = spec.parameters.map(\.type) + [spec.returns.type]
        types += spec.structs.flatMap { $0.fields.map(\.type) }
        var owners = Set(types.compactMap { type in (type.pointee?.structTag ?? type.structTag).flatMap { structs[$0]?.owner } })
        let sets = spec.parameters.compactMap(\.flagSet) + spec.structs.flatMap { $0.fields.compactMap(\.flagSet) }
        owners.formUnion(sets.compactMap { flagSets[$0]?.owner })
        owners.remove(spec.name)
        return owners
    }

    /// The specs a unit sees. The replacement headers declare the calls of C
    /// library headers only: a call that names a kernel header (<linux/landlock.h>)
    /// is declared by <sysshim.h> alone. Each included header brings the
    /// headers of the specs it depends on.
    func specsVisible(in configuration: Configuration) -> Set<String> {
        guard configuration.order == .replacement else { return Set(specs.map(\.name)) }
        var visible = Set(specs.filter { !CShimEmitter.isKernelHeader($0.header) }.map(\.name))
        var pending = Array(visible)
        while let name = pending.popLast() {
            guard let spec = spec(named: name) else { continue }
            for owner in owners(usedBy: spec) where visible.insert(owner).inserted { pending.append(owner) }
        }
        return visible
    }

    /// Whether a spec's prototype names a type only POSIX shows (clockid_t, siginfo_t).
    func prototypeNeedsPOSIX(_ spec: SyscallSpec) -> Bool {
        spec.returns.type.requiresPOSIX || spec.parameters.contains { $0.type.requiresPOSIX }
    }
}

struct UnitSourceBuilder {
    var lines: [String] = []
    var probeLines: [Int: ProbeOrigin] = [:]
    var lineOfProbe: [String: Int] = [:]

    mutating func line(_ text: String) { lines.append(text) }

    mutating func probe(_ text: String, name: String?, spec: String?, what: String) {
        lines.append(text)
        probeLines[lines.count] = ProbeOrigin(spec: spec, what: what)
        if let name { lineOfProbe[name] = lines.count }
    }

    static func source(for configuration: Configuration, catalogue: Catalogue) -> UnitSource {
        var builder = UnitSourceBuilder()
        builder.line("/* sysshim validate: \(configuration.name) */")
        if configuration.gnuSource {
            builder.line("#ifndef _GNU_SOURCE")
            builder.line("# define _GNU_SOURCE 1")
            builder.line("#endif")
        }
        if configuration.forcesShim { builder.line("#define SYSSHIM_FORCE_SHIM 1") }
        if configuration.inlineWrappers { builder.line("#define SYSSHIM_INLINE 1") }

        if let single = configuration.singleHeader {
            builder.line("#include \"\(single)\"")
            // ISO C wants a declaration in every unit, and cdefs.h has none of its own.
            builder.line("typedef int sysshim_check_not_empty;")
            return UnitSource(text: builder.text, probeLines: [:], lineOfProbe: [:], expectedErrors: [],
                              visibleSpecs: [], hiddenPrototypes: [])
        }

        let shimIncludes = catalogue.specs.map { "#include \"\(ShimHeaders.call($0))\"" } + ["#include \"\(ShimHeaders.umbrella)\""]
        // The C library's headers where it has them (musl has no <sys/pidfd.h>), and
        // the kernel's own, which a program may use beside the shim's (musl on
        // Debian has none); where this machine has them, they must coexist.
        let hasInclude = { (header: String) in ["#if __has_include(<\(header)>)", "# include <\(header)>", "#endif"] }
        let libcIncludes = (ShimHeaders.libcHeaders(catalogue) + ShimHeaders.uapiHeaders(catalogue)).flatMap(hasInclude)
        switch configuration.order {
        case .alone: shimIncludes.forEach { builder.line($0) }
        case .shimFirst: (shimIncludes + libcIncludes).forEach { builder.line($0) }
        case .libcFirst: (libcIncludes + shimIncludes).forEach { builder.line($0) }
        case .replacement:
            // Twice: the replacement header's #include_next comes before its guard.
            (libcIncludes + ShimHeaders.libcHeaders(catalogue).flatMap(hasInclude)).forEach { builder.line($0) }
        }

        builder.line("")
        builder.line("#define SYSSHIM_CHECK_UNUSED __attribute__ ((__unused__))")
        builder.line("#if defined(__GLIBC__) && defined(__GLIBC_MINOR__)")
        builder.probe("static const long \(ProbeName.glibcVersion) SYSSHIM_CHECK_UNUSED = __GLIBC__ * 1000L + __GLIBC_MINOR__;",
                      name: ProbeName.glibcVersion, spec: nil, what: "the C library's version")
        builder.line("#endif")
        builder.line("#ifdef LINUX_VERSION_CODE")
        builder.probe("static const long \(ProbeName.linuxVersion) SYSSHIM_CHECK_UNUSED = LINUX_VERSION_CODE;",
                      name: ProbeName.linuxVersion, spec: nil, what: "the kernel headers' version")
        builder.line("#endif")

        let visible = catalogue.specsVisible(in: configuration)
        var expectedErrors: [String] = []
        var hiddenPrototypes: [String] = []
        for spec in catalogue.specs where visible.contains(spec.name) {
            builder.line("")
            builder.line("/* \(spec.name) */")
            let macroProbe = "static const int \(ProbeName.macro(spec)) SYSSHIM_CHECK_UNUSED = "
            if catalogue.prototypeNeedsPOSIX(spec) && !configuration.posixVisible {
                // Nothing of the prototype may be declared: the validator looks for
                // the functions among the unit's declarations, and for the macro here.
                hiddenPrototypes.append(spec.name)
                builder.line("/* Its prototype names POSIX types, which strict ISO C without feature-test macros hides. */")
                builder.line("#ifdef \(spec.name)")
                builder.probe(macroProbe + "1;", name: ProbeName.macro(spec), spec: spec.name, what: "the macro \(spec.name)")
                builder.line("#endif")
            } else {
                builder.probe("__extension__ typedef \(spec.returns.type.declaration(named: ProbeName.returnType(spec)));",
                              name: ProbeName.returnType(spec), spec: spec.name, what: "the return type \(spec.returns.type)")
                for (index, parameter) in spec.parameters.enumerated() {
                    builder.probe("__extension__ typedef \(parameter.type.declaration(named: ProbeName.argumentType(spec, index)));",
                                  name: ProbeName.argumentType(spec, index), spec: spec.name,
                                  what: "the type \(parameter.type) of parameter '\(parameter.name)'")
                }
                for shim in [CShimEmitter.shimSymbol(spec), CShimEmitter.rawSymbol(spec)] {
                    builder.probe("static __typeof__ (&\(shim)) const \(ProbeName.function(shim)) SYSSHIM_CHECK_UNUSED = &\(shim);",
                                  name: ProbeName.function(shim), spec: spec.name, what: "the declaration of \(shim)")
                }
                // Where the name is a function-like macro (SYSSHIM_INLINE), it has no
                // address; the macro probe says which it is.
                builder.line("#ifdef \(spec.name)")
                builder.probe(macroProbe + "1;", name: ProbeName.macro(spec), spec: spec.name, what: "the macro \(spec.name)")
                builder.line("#else")
                builder.probe("static __typeof__ (&\(spec.name)) const \(ProbeName.function(spec.name)) SYSSHIM_CHECK_UNUSED = &\(spec.name);",
                              name: ProbeName.function(spec.name), spec: spec.name, what: "the declaration of \(spec.name)")
                builder.line("#endif")
                // A call, never evaluated: which function, and so which symbol, it reaches.
                let arguments = spec.parameters.indices.map { "(\(ProbeName.argumentType(spec, $0))) 0" }.joined(separator: ", ")
                builder.probe("static const unsigned long \(ProbeName.call(spec)) SYSSHIM_CHECK_UNUSED = sizeof (\(spec.name) (\(arguments)));",
                              name: ProbeName.call(spec), spec: spec.name, what: "a call of \(spec.name)")
            }
            // A struct named like the call (struct statmount) must keep its name.
            builder.probe("typedef struct \(spec.name) \(ProbeName.tag(spec));",
                          name: ProbeName.tag(spec), spec: spec.name, what: "the struct tag \(spec.name)")
            builder.probe("static const int \(ProbeName.libcHas(spec)) SYSSHIM_CHECK_UNUSED = (\(CShimEmitter.libcHasMacro(spec)));",
                          name: ProbeName.libcHas(spec), spec: spec.name, what: CShimEmitter.libcHasMacro(spec))
            let expectsNumber: Bool
            if let abi = configuration.platform.abi {
                if case .unknown = spec.numbers.entry(for: abi) { expectsNumber = false } else { expectsNumber = true }
            } else {
                expectsNumber = false
            }
            if expectsNumber {
                builder.probe("__extension__ static const long long \(ProbeName.number(spec)) SYSSHIM_CHECK_UNUSED = (\(CShimEmitter.numberMacro(spec)));",
                              name: ProbeName.number(spec), spec: spec.name, what: CShimEmitter.numberMacro(spec))
            } else {
                expectedErrors.append(spec.name)
            }
        }

        // A C library constant may belong to several flag sets (O_CLOEXEC): probed once.
        var probedFlags: Set<String> = []
        for set in catalogue.flagSets.values.sorted(by: { $0.name < $1.name }) where visible.contains(set.owner) {
            for flag in set.flags where probedFlags.insert(flag.name).inserted {
                // The C library's constants exist where it shows them (not O_CLOEXEC
                // in strict ISO C); where it does, they must have the spec's value.
                if flag.isSystem { builder.line("#ifdef \(flag.name)") }
                builder.probe("__extension__ static const long long \(ProbeName.flag(flag)) SYSSHIM_CHECK_UNUSED = (\(flag.name));",
                              name: ProbeName.flag(flag), spec: set.owner, what: "the flag \(flag.name)")
                if flag.isSystem { builder.line("#endif") }
            }
        }

        for record in catalogue.structs.values.sorted(by: { $0.name < $1.name }) where visible.contains(record.owner) {
            builder.probe("typedef struct \(record.name) \(ProbeName.structType(record));",
                          name: ProbeName.structType(record), spec: record.owner, what: "struct \(record.name)")
            for (index, field) in record.fields.enumerated() {
                let name = ProbeName.fieldType(record, index)
                var declaration = field.type.declaration(named: name)
                if let length = field.arrayLength {
                    // A flexible array's type needs C99; earlier dialects check the rest.
                    if length == 0 && !configuration.standard.hasFlexibleArrays { continue }
                    declaration += length == 0 ? "[]" : "[\(length)]"
                }
                if field.type.requiresPOSIX && !configuration.posixVisible { continue }
                builder.probe("__extension__ typedef \(declaration);", name: name, spec: record.owner,
                              what: "the type of struct \(record.name) field '\(field.name)'")
            }
        }
        return UnitSource(text: builder.text, probeLines: builder.probeLines, lineOfProbe: builder.lineOfProbe,
                          expectedErrors: expectedErrors, visibleSpecs: visible, hiddenPrototypes: hiddenPrototypes)
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}
