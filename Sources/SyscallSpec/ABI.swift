/// A Linux system-call ABI: one syscall table of the kernel.
///
/// Numbers of calls added since Linux 5.1 (number 424, `pidfd_send_signal`) are
/// the same on every table up to a fixed offset per ABI, which is what lets a
/// spec give one `common` number instead of a full table.
public struct ABI: Sendable, Hashable, Identifiable {
    /// The key used in specs, e.g. `x86_64`, `mips-n32`.
    public let name: String
    /// A preprocessor condition that is true exactly when compiling for this ABI,
    /// using only macros the compiler itself predefines.
    public let cCondition: String
    /// What the kernel adds to the common number on this table.
    public let commonOffset: Int
    /// A clang `--target=` triple selecting this ABI, where clang supports one.
    public let clangTarget: String?
    /// Data model: whether `long` and pointers are 64 bits wide.
    public let isLP64: Bool

    public var id: String { name }

    /// The first number that all tables share up to their offset.
    public static let firstCommonNumber = 424

    /// Every ABI the shim knows, in the order the generated `#if` chains test them.
    public static let all: [ABI] = [
        ABI(name: "x86_64", cCondition: "defined(__x86_64__) && !defined(__ILP32__)",
            commonOffset: 0, clangTarget: "x86_64-linux-gnu", isLP64: true),
        ABI(name: "x32", cCondition: "defined(__x86_64__) && defined(__ILP32__)",
            commonOffset: 0x4000_0000, clangTarget: "x86_64-linux-gnux32", isLP64: false),
        ABI(name: "i386", cCondition: "defined(__i386__)",
            commonOffset: 0, clangTarget: "i386-linux-gnu", isLP64: false),
        ABI(name: "aarch64", cCondition: "defined(__aarch64__) && !defined(__ILP32__)",
            commonOffset: 0, clangTarget: "aarch64-linux-gnu", isLP64: true),
        // Thumb code always uses the EABI numbering, whatever the ABI.
        ABI(name: "arm-eabi", cCondition: "defined(__arm__) && (defined(__ARM_EABI__) || defined(__thumb__))",
            commonOffset: 0, clangTarget: "armv7a-linux-gnueabihf", isLP64: false),
        ABI(name: "arm-oabi", cCondition: "defined(__arm__) && !defined(__ARM_EABI__) && !defined(__thumb__)",
            commonOffset: 0x90_0000, clangTarget: nil, isLP64: false),
        ABI(name: "riscv64", cCondition: "defined(__riscv) && __riscv_xlen == 64",
            commonOffset: 0, clangTarget: "riscv64-linux-gnu", isLP64: true),
        ABI(name: "riscv32", cCondition: "defined(__riscv) && __riscv_xlen == 32",
            commonOffset: 0, clangTarget: "riscv32-linux-gnu", isLP64: false),
        ABI(name: "loongarch64", cCondition: "defined(__loongarch__) && __loongarch_grlen == 64",
            commonOffset: 0, clangTarget: "loongarch64-linux-gnu", isLP64: true),
        ABI(name: "powerpc64", cCondition: "defined(__powerpc64__)",
            commonOffset: 0, clangTarget: "powerpc64le-linux-gnu", isLP64: true),
        ABI(name: "powerpc", cCondition: "defined(__powerpc__) && !defined(__powerpc64__)",
            commonOffset: 0, clangTarget: "powerpc-linux-gnu", isLP64: false),
        ABI(name: "s390x", cCondition: "defined(__s390x__)",
            commonOffset: 0, clangTarget: "s390x-linux-gnu", isLP64: true),
        ABI(name: "s390", cCondition: "defined(__s390__) && !defined(__s390x__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "mips-o32", cCondition: "defined(__mips__) && _MIPS_SIM == _ABIO32",
            commonOffset: 4000, clangTarget: "mips-linux-gnu", isLP64: false),
        ABI(name: "mips-n64", cCondition: "defined(__mips__) && _MIPS_SIM == _ABI64",
            commonOffset: 5000, clangTarget: "mips64-linux-gnuabi64", isLP64: true),
        ABI(name: "mips-n32", cCondition: "defined(__mips__) && _MIPS_SIM == _ABIN32",
            commonOffset: 6000, clangTarget: "mips64-linux-gnuabin32", isLP64: false),
        ABI(name: "alpha", cCondition: "defined(__alpha__)",
            commonOffset: 110, clangTarget: nil, isLP64: true),
        ABI(name: "sparc64", cCondition: "defined(__sparc__) && defined(__arch64__)",
            commonOffset: 0, clangTarget: "sparcv9-linux-gnu", isLP64: true),
        ABI(name: "sparc", cCondition: "defined(__sparc__) && !defined(__arch64__)",
            commonOffset: 0, clangTarget: "sparc-linux-gnu", isLP64: false),
        ABI(name: "parisc", cCondition: "defined(__hppa__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "ia64", cCondition: "defined(__ia64__)",
            commonOffset: 1024, clangTarget: nil, isLP64: true),
        ABI(name: "m68k", cCondition: "defined(__m68k__)",
            commonOffset: 0, clangTarget: "m68k-linux-gnu", isLP64: false),
        ABI(name: "sh", cCondition: "defined(__sh__) || defined(__SH4__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "microblaze", cCondition: "defined(__microblaze__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "xtensa", cCondition: "defined(__xtensa__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "csky", cCondition: "defined(__csky__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "openrisc", cCondition: "defined(__or1k__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "arc", cCondition: "defined(__arc__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
        ABI(name: "hexagon", cCondition: "defined(__hexagon__)",
            commonOffset: 0, clangTarget: "hexagon-linux-musl", isLP64: false),
        ABI(name: "nios2", cCondition: "defined(__nios2__)",
            commonOffset: 0, clangTarget: nil, isLP64: false),
    ]

    public static let byName: [String: ABI] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The ABI this generator itself runs on, for checks that compare against the host.
    public static var host: ABI {
        #if arch(x86_64)
        return byName["x86_64"]!
        #elseif arch(arm64)
        return byName["aarch64"]!
        #elseif arch(i386)
        return byName["i386"]!
        #elseif arch(arm)
        return byName["arm-eabi"]!
        #elseif arch(powerpc64) || arch(powerpc64le)
        return byName["powerpc64"]!
        #elseif arch(s390x)
        return byName["s390x"]!
        #elseif arch(riscv64)
        return byName["riscv64"]!
        #else
        return byName["x86_64"]!
        #endif
    }
}
