import SyscallSpec

/// A C or C++ dialect the headers promise to support.
struct LanguageStandard: Hashable, Sendable {
    /// The value of `-std=`.
    var name: String

    var isCPlusPlus: Bool { name.hasPrefix("c++") || name.hasPrefix("gnu++") }
    /// C89 and C++ have no flexible array members (clang's -pedantic says so).
    var hasFlexibleArrays: Bool { !isCPlusPlus && name != "gnu89" && name != "c89" }
    /// `-std=c99` and the like, where the compiler defines __STRICT_ANSI__ and a
    /// C library shows only ISO C unless a feature-test macro asks for more.
    var isStrictISOC: Bool { !isCPlusPlus && !name.hasPrefix("gnu") }

    static let all: [LanguageStandard] =
        ["gnu89", "c99", "c11", "c17", "c2x", "c++11", "c++17", "c++20"].map(LanguageStandard.init)
    /// The dialects of the checks that need only one (self-containment, UAPI).
    static let referenceC = LanguageStandard(name: "gnu11")
    static let referenceCPlusPlus = LanguageStandard(name: "c++17")
}

/// Where a configuration's system headers come from.
enum Platform: Hashable, Sendable {
    /// This machine's own headers: glibc, glibc with the shim's path forced, or musl's.
    case host(HostLibc)
    /// A foreign target (`--target=`) with in-memory stub headers: only the
    /// compiler's predefined macros and builtin headers are real.
    case foreign(ABI, triple: String)
    /// An ABI libclang cannot target: a real target of the same data model whose
    /// architecture macros are replaced by the ones that ABI's compilers predefine.
    /// With no ABI: an architecture the shim does not know.
    case simulated(ABI?, SimulatedABI)

    var abi: ABI? {
        switch self {
        case .host: ABI.host
        case .foreign(let abi, _): abi
        case .simulated(let abi, _): abi
        }
    }

    var usesStubs: Bool {
        if case .host = self { return false }
        return true
    }
}

enum HostLibc: String, Hashable, Sendable, CaseIterable {
    /// glibc as installed: the headers defer to glibc's own wrappers where it has them.
    case glibc
    /// glibc with SYSSHIM_FORCE_SHIM: the shim's own path on a libc that has the calls.
    case glibcForcedShim = "glibc-forced-shim"
    /// musl's headers as Debian's musl-tools installs them (what musl-gcc uses).
    case musl
}

/// The order in which a translation unit includes the shim and the C library's headers.
enum IncludeOrder: String, Hashable, Sendable {
    /// The shim's headers only.
    case alone
    case shimFirst = "shim-first"
    case libcFirst = "libc-first"
    /// Only the C library's header, which the replacement directory (first on the
    /// include path) intercepts, as a program written for a newer glibc does.
    case replacement
}

/// How ABIs that libclang cannot target are imitated; see docs/validation.md.
struct SimulatedABI: Hashable, Sendable {
    /// A target of the same data model that libclang supports.
    var baseTriple: String
    /// The base target's architecture macros, removed.
    var undefine: [String]
    /// The macros the simulated ABI's compilers predefine (GCC's), as `NAME` or `NAME=VALUE`.
    var define: [String]

    static let x86_64Macros = ["__x86_64__", "__x86_64", "__amd64__", "__amd64"]
    static let i386Macros = ["__i386__", "__i386", "i386"]

    static func lp64(_ define: [String]) -> SimulatedABI {
        SimulatedABI(baseTriple: "x86_64-linux-gnu", undefine: x86_64Macros, define: define)
    }

    static func ilp32(_ define: [String]) -> SimulatedABI {
        SimulatedABI(baseTriple: "i386-linux-gnu", undefine: i386Macros, define: define)
    }

    /// By ABI name (ABI.swift), for every ABI without a `clangTarget` and for
    /// those whose target this libclang may lack.
    static let byABI: [String: SimulatedABI] = [
        "arm-oabi": SimulatedABI(baseTriple: "armv7a-linux-gnueabihf", undefine: ["__ARM_EABI__"], define: []),
        "loongarch64": .lp64(["__loongarch__", "__loongarch64", "__loongarch_grlen=64"]),
        "s390": .ilp32(["__s390__"]),
        "alpha": .lp64(["__alpha__", "__alpha"]),
        "parisc": .ilp32(["__hppa__", "__hppa"]),
        "ia64": .lp64(["__ia64__", "__ia64"]),
        "m68k": .ilp32(["__m68k__", "__mc68000__"]),
        "sh": .ilp32(["__sh__", "__SH4__"]),
        "microblaze": .ilp32(["__microblaze__"]),
        "xtensa": .ilp32(["__xtensa__"]),
        "csky": .ilp32(["__csky__"]),
        "openrisc": .ilp32(["__or1k__"]),
        "arc": .ilp32(["__arc__"]),
        "hexagon": .ilp32(["__hexagon__"]),
        "nios2": .ilp32(["__nios2__"]),
    ]

    /// An architecture outside every table: no architecture macro at all.
    static let unknownArchitecture = SimulatedABI.lp64([])
}

/// ABIs whose real target must work: the check fails rather than falling back
/// to simulation when this libclang cannot parse for them.
let requiredForeignABIs: Set<String> = ["aarch64", "riscv64", "i386", "x32", "mips-o32", "mips-n64", "s390x", "powerpc64"]

/// One way of compiling the headers: a platform, a dialect, an include order and
/// the macros a user may define first.
struct Configuration: Hashable, Sendable {
    var platform: Platform
    var standard: LanguageStandard
    var order: IncludeOrder
    var gnuSource: Bool
    /// SYSSHIM_INLINE: the header-only wrappers, whose bodies are then compiled too.
    var inlineWrappers: Bool = false
    /// A compiler that is not GNU C (`-U__GNUC__`): no assembler names, so the
    /// name is a function-like macro for the shim's wrapper, as in header-only mode.
    var nonGNU: Bool = false
    /// Only the one header, for the self-containment and include-guard checks.
    var singleHeader: String? = nil

    var libc: HostLibc? {
        if case .host(let libc) = platform { return libc }
        return nil
    }

    var forcesShim: Bool { libc == .glibcForcedShim }

    /// Whether the C library shows POSIX declarations (clockid_t, siginfo_t):
    /// everywhere except strict ISO C without a feature-test macro. glibc,
    /// musl and the stub headers all follow this rule.
    var posixVisible: Bool { !standard.isStrictISOC || gnuSource }

    /// Short, human: `x86_64 glibc c11 libc-first _GNU_SOURCE`.
    var name: String {
        var words: [String] = []
        switch platform {
        case .host(let libc): words += ["host", libc.rawValue]
        case .foreign(let abi, let triple): words += [abi.name, "(\(triple), stub headers)"]
        case .simulated(let abi, let simulated):
            words += [abi?.name ?? "unknown-architecture", "(simulated on \(simulated.baseTriple))"]
        }
        words.append(standard.name)
        if let singleHeader { words.append("only \(singleHeader)") } else { words.append(order.rawValue) }
        if gnuSource && !standard.isCPlusPlus { words.append("_GNU_SOURCE") }
        if inlineWrappers { words.append("SYSSHIM_INLINE") }
        if nonGNU { words.append("without __GNUC__") }
        return words.joined(separator: " ")
    }

    /// Every configuration of a full validation run, in a stable order.
    static func all(catalogue: Catalogue, targetable: (ABI) -> Bool) -> [Configuration] {
        var result: [Configuration] = []
        for libc in HostLibc.allCases {
            for standard in LanguageStandard.all {
                // C++ compilers predefine _GNU_SOURCE: "without" is the same unit.
                let gnuChoices = standard.isCPlusPlus ? [true] : [false, true]
                for order in [IncludeOrder.alone, .shimFirst, .libcFirst] {
                    for gnuSource in gnuChoices {
                        result.append(Configuration(platform: .host(libc), standard: standard, order: order, gnuSource: gnuSource))
                    }
                }
                // glibc declares the calls only under _GNU_SOURCE, and so does the replacement.
                result.append(Configuration(platform: .host(libc), standard: standard, order: .replacement, gnuSource: true))
                result.append(Configuration(platform: .host(libc), standard: standard, order: .alone, gnuSource: true,
                                            inlineWrappers: true))
            }
            for standard in [LanguageStandard.referenceC, .referenceCPlusPlus] {
                for order in [IncludeOrder.alone, .libcFirst] {
                    result.append(Configuration(platform: .host(libc), standard: standard, order: order, gnuSource: true, nonGNU: true))
                }
            }
        }
        for abi in ABI.all {
            if let triple = abi.clangTarget, targetable(abi) || SimulatedABI.byABI[abi.name] == nil {
                for standard in LanguageStandard.all {
                    for inline in [false, true] {
                        result.append(Configuration(platform: .foreign(abi, triple: triple), standard: standard,
                                                    order: .alone, gnuSource: false, inlineWrappers: inline))
                    }
                }
            } else if let simulated = SimulatedABI.byABI[abi.name] {
                for standard in [LanguageStandard.referenceC, .referenceCPlusPlus] {
                    result.append(Configuration(platform: .simulated(abi, simulated), standard: standard,
                                                order: .alone, gnuSource: false))
                }
            }
        }
        result.append(Configuration(platform: .simulated(nil, .unknownArchitecture), standard: .referenceC,
                                    order: .alone, gnuSource: false))
        return result
    }
}
