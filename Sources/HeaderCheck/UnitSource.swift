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
    static func structType(_ record: StructSpec) -> String { "sysshim_check_struct_\(record.name)" }
    static func fieldType(_ record: StructSpec, _ index: Int) -> String { "sysshim_check_field_\(record.name)_\(index)" }
}

/// The paths the generated C shim uses, relative to its include directory.
enum ShimHeaders {
    static let umbrella = "sysshim.h"
    static func call(_ spec: SyscallSpec) -> String { "sysshim/\(spec.name).h" }
    static let shared = ["sysshim/cdefs.h", "sysshim/syscall.h"]
    static func replacement(_ libcHeader: String) -> String { "sysshim/replace/\(libcHeader)" }

    /// The C library headers the catalogue's calls belong to, sorted.
    static func libcHeaders(_ catalogue: Catalogue) -> [String] {
        Set(catalogue.specs.map(\.header)).sorted()
    }

    /// The kernel UAPI headers the catalogue's flags and structs name, sorted.
    static func uapiHeaders(_ catalogue: Catalogue) -> [String] {
        Set(catalogue.flagSets.values.flatMap(\.flags).compactMap(\.uapiHeader)
            + catalogue.structs.values.compactMap(\.uapiHeader)).sorted()
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
            return UnitSource(text: builder.text, probeLines: [:], lineOfProbe: [:], expectedErrors: [])
        }

        let shimIncludes = catalogue.specs.map { "#include \"\(ShimHeaders.call($0))\"" } + ["#include \"\(ShimHeaders.umbrella)\""]
        var libcIncludes = ShimHeaders.libcHeaders(catalogue).map { "#include <\($0)>" }
        if configuration.order != .alone, configuration.libc == .glibc || configuration.forcesShim {
            // A program may use the kernel's own headers beside the shim's (musl on
            // Debian has none); where this machine has them, they must coexist too.
            for header in ShimHeaders.uapiHeaders(catalogue) {
                libcIncludes += ["#if __has_include(<\(header)>)", "# include <\(header)>", "#endif"]
            }
        }
        switch configuration.order {
        case .alone: shimIncludes.forEach { builder.line($0) }
        case .shimFirst: (shimIncludes + libcIncludes).forEach { builder.line($0) }
        case .libcFirst: (libcIncludes + shimIncludes).forEach { builder.line($0) }
        case .replacement:
            // Twice: the replacement header's #include_next comes before its guard.
            (libcIncludes + ShimHeaders.libcHeaders(catalogue).map { "#include <\($0)>" }).forEach { builder.line($0) }
        }

        builder.line("")
        builder.line("#define SYSSHIM_CHECK_UNUSED __attribute__ ((__unused__))")
        builder.line("#if defined(__GLIBC__) && defined(__GLIBC_MINOR__)")
        builder.probe("static const long \(ProbeName.glibcVersion) SYSSHIM_CHECK_UNUSED = __GLIBC__ * 1000L + __GLIBC_MINOR__;",
                      name: ProbeName.glibcVersion, spec: nil, what: "the C library's version")
        builder.line("#endif")

        var expectedErrors: [String] = []
        for spec in catalogue.specs {
            builder.line("")
            builder.line("/* \(spec.name) */")
            builder.probe("__extension__ typedef \(spec.returns.type.declaration(named: ProbeName.returnType(spec)));",
                          name: ProbeName.returnType(spec), spec: spec.name, what: "the return type \(spec.returns.type)")
            for (index, parameter) in spec.parameters.enumerated() {
                builder.probe("__extension__ typedef \(parameter.type.declaration(named: ProbeName.argumentType(spec, index)));",
                              name: ProbeName.argumentType(spec, index), spec: spec.name,
                              what: "the type \(parameter.type) of parameter '\(parameter.name)'")
            }
            for symbol in [CShimEmitter.shimSymbol(spec), spec.name] {
                let probe = ProbeName.function(symbol)
                builder.probe("static __typeof__ (&\(symbol)) const \(probe) SYSSHIM_CHECK_UNUSED = &\(symbol);",
                              name: probe, spec: spec.name, what: "the declaration of \(symbol)")
            }
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

        for set in catalogue.flagSets.values.sorted(by: { $0.name < $1.name }) {
            for flag in set.flags {
                builder.probe("__extension__ static const long long \(ProbeName.flag(flag)) SYSSHIM_CHECK_UNUSED = (\(flag.name));",
                              name: ProbeName.flag(flag), spec: set.owner, what: "the flag \(flag.name)")
            }
        }

        for record in catalogue.structs.values.sorted(by: { $0.name < $1.name }) {
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
                builder.probe("__extension__ typedef \(declaration);", name: name, spec: record.owner,
                              what: "the type of struct \(record.name) field '\(field.name)'")
            }
        }
        return UnitSource(text: builder.text, probeLines: builder.probeLines, lineOfProbe: builder.lineOfProbe,
                          expectedErrors: expectedErrors)
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}
