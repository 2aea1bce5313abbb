import SyscallSpec

/// How the generated argument tests produce arguments for one parameter role:
/// for each argument class of the role (Roles.swift), a C constructor. Every
/// spec that uses the role shares the domain; the argument-test emitter writes
/// the constructors of the roles a spec uses into its program.
///
/// Cleanup is uniform by design: a constructor registers every resource it
/// makes with its fixture (descriptors, a child, a mapping, temporary paths),
/// and one release function of the run-time (argtest.h) undoes them in reverse
/// order on every path — after the case, when a shared fixture changed state,
/// at exit, and from the time-limit and interrupt handlers.
public struct ArgumentDomain: Sendable {
    public enum Kind: Sendable, Hashable {
        /// Each class has a constructor; random cases pick a class.
        case named
        /// A flag word, classified by value as zero, known or unknown on the running kernel.
        case flagBits
        /// One of a set of values, classified the same way.
        case flagValues
        /// An integer, classified by value (zero, one, minus-one, min, max, positive, negative).
        case integer
    }

    public var role: ParameterRole
    public var kind: Kind
    /// For `.named`: one recipe per class of the role, in the role's order.
    public var recipes: [ClassRecipe]

    /// The C name of the runtime's domain kind.
    var cKind: String {
        switch kind {
        case .named: "ARGTEST_NAMED"
        case .flagBits: "ARGTEST_FLAG_BITS"
        case .flagValues: "ARGTEST_FLAG_VALUES"
        case .integer: "ARGTEST_INTEGER"
        }
    }
}

/// How one argument class is built.
public struct ClassRecipe: Sendable, Hashable {
    public enum Lifetime: String, Sendable, Hashable {
        /// Built once and reused while it stays in the state the class names
        /// (checked before each use; rebuilt when a call changed it).
        case shared = "ARGTEST_SHARED"
        /// Built for each case and released after it: the state is consumed
        /// (a child just sent SIGKILL dies), or must be fresh (memory the kernel writes).
        case perCase = "ARGTEST_PER_CASE"
    }

    public var name: String
    public var lifetime: Lifetime
    /// The class names the caller itself (a pidfd of the calling process, its
    /// pid): when the call runs in a child (isolation, unprivileged context),
    /// that child builds it.
    public var callerRelative: Bool
    /// The constructor's body, in C. In scope: `param` (`const struct
    /// argtest_param *`: the parameter's type width, object size, flags) and
    /// `f` (`struct argtest_fixture *` to fill: `f->value`, resources, a detail
    /// for reports). It returns ARGTEST_BUILT, ARGTEST_UNAVAILABLE (this system
    /// cannot have it: the case is skipped) or ARGTEST_SETUP_FAILED.
    public var constructor: String
    /// What the class is, for readers of the generated program and of docs.
    public var summary: String

    public init(_ name: String, _ lifetime: Lifetime = .shared, callerRelative: Bool = false,
                summary: String, constructor: String) {
        self.name = name
        self.lifetime = lifetime
        self.callerRelative = callerRelative
        self.summary = summary
        self.constructor = constructor
    }

    /// A class whose argument is a fixed value and holds no resource.
    static func constant(_ name: String, _ expression: String, summary: String) -> ClassRecipe {
        ClassRecipe(name, summary: summary, constructor: "(void) param;\nreturn argtest_constant (f, \(expression));")
    }
}

/// Every role's domain.
public enum ArgumentDomains {
    public static func domain(for role: ParameterRole) -> ArgumentDomain {
        switch role {
        case .pidfd: DescriptorDomains.pidfd
        case .fd: DescriptorDomains.fd
        case .remoteFd: DescriptorDomains.remoteFd
        case .numaNode: ProcessDomains.numaNode
        case .pid: ProcessDomains.pid
        case .signal: ProcessDomains.signal
        case .flags: ArgumentDomain(role: .flags, kind: .flagBits, recipes: [])
        case .enumValue: ArgumentDomain(role: .enumValue, kind: .flagValues, recipes: [])
        case .integer: ArgumentDomain(role: .integer, kind: .integer, recipes: [])
        case .path: MemoryDomains.path
        case .bufferIn, .bufferOut, .structIn, .structOut, .structInOut, .arrayIn, .arrayOut:
            MemoryDomains.object(role)
        case .address: MemoryDomains.address
        case .length: MemoryDomains.length
        case .size: NumberDomains.size
        case .count: NumberDomains.count
        }
    }

    /// The catalogue struct a pointer parameter points to (for arrays: its
    /// element type), if the catalogue declares it.
    public static func pointee(of parameter: Parameter, in catalogue: Catalogue) -> StructSpec? {
        parameter.type.pointee?.structTag.flatMap { catalogue.structs[$0] }
    }

    /// The struct instances that are classes of their own for a parameter (a
    /// struct's `valid` instance is the role's class `valid`).
    public static func instanceClasses(of parameter: Parameter, in catalogue: Catalogue) -> [StructInstance] {
        guard parameter.role.takesStructInstances, let record = pointee(of: parameter, in: catalogue) else { return [] }
        return record.instances.filter { $0.name != "valid" }
    }

    /// Every argument class of a parameter, in the order of the generated
    /// tables: its role's, then the instances of the struct it points to.
    public static func classes(of parameter: Parameter, in catalogue: Catalogue) -> [String] {
        parameter.role.argumentClasses + instanceClasses(of: parameter, in: catalogue).map(\.name)
    }

    /// The classes a parameter's arguments can fall in on a kernel of the
    /// given version (the generator's completeness check uses it).
    public static func possibleClasses(of parameter: Parameter, in catalogue: Catalogue, on kernel: Version) -> [String] {
        var seen: Set<String> = []
        return possibleArguments(of: parameter, in: catalogue, on: kernel, naming: []).map(\.argumentClass)
            .filter { seen.insert($0).inserted }
    }

    /// Every distinct argument a parameter can be given on a kernel of the
    /// given version, as the oracle tells them apart: one per class, and for
    /// a flag word one per class and truth of the flag terms about `flags`
    /// (the flags the spec's witnesses name for it).
    public static func possibleArguments(of parameter: Parameter, in catalogue: Catalogue, on kernel: Version,
                                         naming flags: Set<String>) -> [ClassifiedArgument] {
        let domain = domain(for: parameter.role)
        switch domain.kind {
        case .named:
            return classes(of: parameter, in: catalogue).map { ClassifiedArgument($0) }
        case .flagBits:
            return FlagWords(parameter, catalogue.flagSet(for: parameter), kernel: kernel, naming: flags).possibleArguments()
        case .flagValues:
            let flags = catalogue.flagSet(for: parameter)?.flags ?? []
            var classes: [String] = []
            if !flags.contains(where: { $0.value(for: .host) == 0 }) { classes.append("zero") }
            if flags.contains(where: { $0.since.isAvailable(on: kernel) }) { classes.append("known") }
            classes.append("unknown")
            return classes.map { ClassifiedArgument($0) }
        case .integer:
            let signed = parameter.type.scalar?.isSigned ?? true
            return parameter.role.argumentClasses.filter { signed || !["minus-one", "min", "negative"].contains($0) }
                .map { ClassifiedArgument($0) }
        }
    }

    /// The most patterns of the bits that flag terms of one parameter name
    /// the oracle enumerates (FlagWords.patternCount): 12 single-bit flags,
    /// a fraction of a second of search (specs name one to four flags).
    static let maximumFlagTermPatterns = 4_096.0
}

/// The flag words of a `flags` parameter as the oracle tells them apart on
/// one kernel: their class (zero, known, several-known, unknown, as the
/// run-time's argtest_classify_flags decides it) and which flag terms about
/// the named flags they satisfy. Every word of the parameter's width is one
/// of the arguments `possibleArguments()` lists, and each listed one is some
/// word's, without trying all 2^width words: only the bits of the named flags
/// are enumerated (by groups of bits that belong to the same flags); for the
/// other bits it is enough to know whether a word can hold an unsupported one,
/// and how few and how many supported flags it can complete.
struct FlagWords {
    var mask: UInt64
    var exclusive: Bool
    /// The set's nonzero flags on this ABI, and whether the kernel has each.
    var flags: [(value: UInt64, supported: Bool)]
    /// The flags the terms name: name and value (0 possible for a system constant).
    var named: [(name: String, value: UInt64)]

    init(_ parameter: Parameter, _ set: FlagSet?, kernel: Version, naming names: Set<String>, abi: ABI = .host) {
        let width = (parameter.type.scalar?.size(lp64: abi.isLP64) ?? 8) * 8
        mask = width >= 64 ? ~0 : (UInt64(1) << width) - 1
        exclusive = set?.exclusive ?? false
        let all = set?.flags ?? []
        let mask = mask
        flags = all.map { (UInt64(bitPattern: $0.value(for: abi)) & mask, $0.since.isAvailable(on: kernel)) }.filter { $0.0 != 0 }
        named = all.filter { names.contains($0.name) }.map { ($0.name, UInt64(bitPattern: $0.value(for: abi)) & mask) }
    }

    var supportedMask: UInt64 { flags.filter(\.supported).reduce(0) { $0 | $1.value } }

    /// Supported flags a word holds whole.
    func supportedFlags(in word: UInt64) -> Int {
        flags.filter { $0.supported && word & $0.value == $0.value }.count
    }

    /// The class of a word, as argtest_classify_flags gives it.
    func argumentClass(of word: UInt64) -> String {
        if word == 0 { return "zero" }
        if word & ~supportedMask != 0 { return "unknown" }
        return exclusive && supportedFlags(in: word) >= 2 ? "several-known" : "known"
    }

    /// The terms about the named flags that a word satisfies; `alone` is false
    /// when the word also has bits beyond the named flags' (so it is none of them exactly).
    func terms(of word: UInt64, alone: Bool) -> Set<FlagTerm> {
        var terms: Set<FlagTerm> = []
        for (name, value) in named {
            if alone && word == value { terms.insert(FlagTerm(.exactly, name)) }
            terms.insert(FlagTerm(word & value == value ? .with : .without, name))
        }
        return terms
    }

    /// One word as the oracle sees it.
    func argument(of word: UInt64) -> ClassifiedArgument {
        ClassifiedArgument(argumentClass(of: word & mask), flagTerms: terms(of: word & mask, alone: true))
    }

    /// The named flags' bits, in groups of bits that the same flags share.
    func namedBitGroups() -> [UInt64] {
        let namedBits = named.reduce(UInt64(0)) { $0 | $1.value }
        var groups: [UInt64] = []
        var groupOfMembership: [[Int]: Int] = [:]
        for bit in 0..<64 where namedBits & (UInt64(1) << bit) != 0 {
            let membership = flags.indices.filter { flags[$0].value & (UInt64(1) << bit) != 0 }
            if let index = groupOfMembership[membership] {
                groups[index] |= UInt64(1) << bit
            } else {
                groupOfMembership[membership] = groups.count
                groups.append(UInt64(1) << bit)
            }
        }
        return groups
    }

    /// How many patterns namedBitPatterns() lists.
    var patternCount: Double {
        namedBitGroups().reduce(1.0) { $0 * ($1.nonzeroBitCount > 1 ? 3 : 2) }
    }

    /// The patterns the named flags' bits can take: each group of bits that
    /// the same flags share is clear, set, or (for a group of several bits)
    /// partly set, which completes none of its flags.
    func namedBitPatterns() -> [UInt64] {
        var patterns: [UInt64] = [0]
        for group in namedBitGroups() {
            let lowest = group & (~group &+ 1)
            let choices = group == lowest ? [0, group] : [0, group, lowest]
            patterns = patterns.flatMap { pattern in choices.map { pattern | $0 } }
        }
        return patterns
    }

    func possibleArguments() -> [ClassifiedArgument] {
        let namedBits = named.reduce(UInt64(0)) { $0 | $1.value }
        let rest = mask & ~namedBits
        let supported = supportedMask
        let restUnsupported = rest & ~supported != 0
        let restSupported = rest & supported
        var arguments: Set<ClassifiedArgument> = []
        for pattern in namedBitPatterns() {
            // The word is the pattern alone.
            arguments.insert(ClassifiedArgument(argumentClass(of: pattern), flagTerms: terms(of: pattern, alone: true)))
            guard rest != 0 else { continue }
            // The pattern and some other bits: which classes such words can have.
            let terms = terms(of: pattern, alone: false)
            var classes: [String] = []
            if pattern & ~supported != 0 {
                classes.append("unknown")
            } else {
                if restUnsupported { classes.append("unknown") }
                if restSupported != 0 {
                    if !exclusive {
                        classes.append("known")
                    } else {
                        // Adding bits only completes more flags: one bit gives the fewest, all of them the most.
                        let fewest = (0..<64).filter { restSupported & (UInt64(1) << $0) != 0 }
                            .map { supportedFlags(in: pattern | (UInt64(1) << $0)) }.min()!
                        if fewest < 2 { classes.append("known") }
                        if supportedFlags(in: pattern | restSupported) >= 2 { classes.append("several-known") }
                    }
                }
            }
            for name in classes { arguments.insert(ClassifiedArgument(name, flagTerms: terms)) }
        }
        // In the role's class order, then by what they hold (each description made once).
        let order = ParameterRole.flags.argumentClasses
        return arguments.map { (order.firstIndex(of: $0.argumentClass)!, $0.description, $0) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}
