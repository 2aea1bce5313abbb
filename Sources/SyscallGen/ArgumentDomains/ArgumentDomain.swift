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
        let domain = domain(for: parameter.role)
        switch domain.kind {
        case .named:
            return classes(of: parameter, in: catalogue)
        case .flagBits, .flagValues:
            let flagSet = catalogue.flagSet(for: parameter)
            let flags = flagSet?.flags ?? []
            var classes: [String] = []
            let zeroIsAValue = domain.kind == .flagValues && flags.contains { $0.value(for: .host) == 0 }
            if !zeroIsAValue { classes.append("zero") }
            let available = flags.filter { $0.since.isAvailable(on: kernel) }
            if !available.isEmpty { classes.append("known") }
            // Two known flags of an exclusive set together; in other sets they are just known.
            if domain.kind == .flagBits, flagSet?.exclusive == true, available.filter({ $0.value(for: .host) != 0 }).count >= 2 {
                classes.append("several-known")
            }
            classes.append("unknown")
            return classes
        case .integer:
            let signed = parameter.type.scalar?.isSigned ?? true
            return parameter.role.argumentClasses.filter { signed || !["minus-one", "min", "negative"].contains($0) }
        }
    }
}
