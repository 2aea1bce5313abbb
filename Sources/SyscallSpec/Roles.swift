/// What a parameter means to the kernel, beyond its C type. The role picks the
/// argument classes the generated tests try, the Swift type of the binding, and
/// which other spec fields the parameter needs (a flag set, a struct, a peer).
public enum ParameterRole: String, CaseIterable, Sendable, Hashable {
    case pidfd
    case fd
    case pid
    case signal
    case flags
    /// One of a set of named values (advice, clock, rule type).
    case enumValue = "enum"
    case path
    case bufferIn = "buffer-in"
    case bufferOut = "buffer-out"
    case structIn = "struct-in"
    case structOut = "struct-out"
    case structInOut = "struct-inout"
    case arrayIn = "array-in"
    case arrayOut = "array-out"
    /// A byte size tied to a struct or buffer parameter (`size_of`).
    case size
    /// An element count tied to an array parameter (`count_of`).
    case count
    case address
    case length
    case integer
    /// A descriptor number in another process's table (pidfd_getfd's
    /// `targetfd`): meaningful only in the process a sibling pidfd names.
    case remoteFd = "remote-fd"
    /// A NUMA node number.
    case numaNode = "numa-node"

    /// The argument classes the generated tests construct for this role, in
    /// the order they are tried. Witnesses name these or a group of them.
    public var argumentClasses: [String] { Self.tables[self]!.classes }

    /// Named unions of classes, so a witness can say `negative` instead of
    /// listing every negative value.
    public var argumentGroups: [String: [String]] { Self.tables[self]!.groups }

    /// Each role's classes and groups, built once: the loader asks for them
    /// for every witness term and the emitters for every parameter, and the
    /// literals below would otherwise be built into a new array and
    /// dictionary at each of those calls.
    private static let tables: [ParameterRole: (classes: [String], groups: [String: [String]])] =
        Dictionary(uniqueKeysWithValues: allCases.map { ($0, ($0.declaredClasses, $0.declaredGroups)) })

    private var declaredClasses: [String] {
        switch self {
        case .pidfd:
            // legacy-self-process-sentinel is -20000, the value PIDFD_SELF_THREAD_GROUP
            // had in Linux 6.15 and 6.16 before it became -10001 in 6.17.
            ["minus-one", "at-fdcwd", "int-min", "fd-max", "closed", "regular-file", "pipe", "directory",
             "proc-pid-dir", "self-thread-sentinel", "self-process-sentinel", "legacy-self-process-sentinel",
             "self", "live-child", "stopped-child", "killed-child", "zombie-child", "reaped-child",
             "nonblock-child", "other-user-process", "nondumpable-child", "pgrp-leader-child"]
        case .fd:
            ["minus-one", "at-fdcwd", "int-min", "fd-max", "closed", "regular-file", "pipe", "directory",
             "proc-pid-dir", "pidfd", "o-path", "memfd", "socket", "eventfd", "nsfs", "landlock-ruleset"]
        case .pid:
            ["self", "live-child", "zombie-child", "reaped-child", "zero", "minus-one", "int-min", "int-max",
             "non-leader-thread", "other-user-process"]
        case .signal:
            ["zero", "sigkill", "sigterm", "sigcont", "minus-one", "too-large"]
        case .flags:
            // Values are classified by what they contain, not constructed by name.
            // several-known: two or more known flags together (for exclusive sets).
            ["zero", "known", "several-known", "unknown"]
        case .enumValue:
            ["zero", "known", "unknown"]
        case .path:
            ["null", "unmapped", "empty", "nonexistent", "regular-file", "directory", "symlink", "absolute", "too-long"]
        case .bufferIn, .bufferOut, .structIn, .structOut, .structInOut, .arrayIn, .arrayOut:
            // Parameters pointing to a catalogue struct also have its instances as classes.
            ["null", "unmapped", "read-only", "valid"]
        case .size:
            ["zero", "too-small", "exact", "too-large", "nonzero-tail", "over-page", "huge"]
        case .count:
            ["zero", "one", "matching", "huge"]
        case .address:
            ["null", "mapped", "mapped-bind", "mapped-interleave", "unaligned", "unmapped"]
        case .length:
            ["zero", "page", "unaligned", "wraps-to-zero", "overflowing"]
        case .integer:
            // Random values are classified by what they are: every value falls in one class.
            ["zero", "one", "minus-one", "min", "max", "positive", "negative"]
        case .remoteFd:
            ["open-in-target", "not-open-in-target", "negative", "fd-max"]
        case .numaNode:
            ["online-node", "nonexistent-node"]
        }
    }

    private var declaredGroups: [String: [String]] {
        switch self {
        case .pidfd:
            [
                "negative": ["minus-one", "at-fdcwd", "int-min"],
                "not-open": ["minus-one", "at-fdcwd", "int-min", "fd-max", "closed"],
                "not-pidfd": ["regular-file", "pipe", "directory", "proc-pid-dir"],
                "self-sentinel": ["self-thread-sentinel", "self-process-sentinel", "legacy-self-process-sentinel"],
                "running": ["self", "live-child", "stopped-child", "nonblock-child", "other-user-process",
                            "nondumpable-child", "pgrp-leader-child"],
                "exited": ["zombie-child", "reaped-child"],
            ]
        case .fd:
            [
                "negative": ["minus-one", "at-fdcwd", "int-min"],
                "not-open": ["minus-one", "at-fdcwd", "int-min", "fd-max", "closed"],
            ]
        case .pid:
            ["negative": ["minus-one", "int-min"], "no-such-process": ["reaped-child", "int-max"]]
        case .signal:
            ["invalid": ["minus-one", "too-large"]]
        case .flags:
            ["nonzero": ["known", "several-known", "unknown"]]
        case .enumValue:
            ["nonzero": ["known", "unknown"]]
        case .bufferIn, .bufferOut, .structIn, .structOut, .structInOut, .arrayIn, .arrayOut, .path:
            ["bad-address": ["null", "unmapped"]]
        default:
            [:]
        }
    }

    /// Classes named by a witness term (a class or a group), or nil if unknown.
    public func classes(named term: String) -> [String]? {
        if argumentClasses.contains(term) { return [term] }
        return argumentGroups[term]
    }

    public var isPointer: Bool {
        switch self {
        case .path, .bufferIn, .bufferOut, .structIn, .structOut, .structInOut, .arrayIn, .arrayOut: true
        default: false
        }
    }

    /// Roles whose argument classes include the named instances of the struct
    /// they point to (for arrays: of the element struct).
    public var takesStructInstances: Bool {
        self == .structIn || self == .structInOut || self == .arrayIn
    }

    /// Roles whose pointee is a catalogue struct.
    public var isStruct: Bool {
        self == .structIn || self == .structOut || self == .structInOut
    }

    /// Whether the kernel writes through the pointer.
    public var isOutput: Bool {
        self == .bufferOut || self == .structOut || self == .structInOut || self == .arrayOut
    }
}

/// The caller's situation a witness may require, beyond the arguments.
public enum CallerContext: String, CaseIterable, Sendable, Hashable {
    /// Whatever the test runner is (often root in CI).
    case any
    /// A child that became uid/gid 65534 (so it holds no capability) and
    /// stayed dumpable, so processes it starts are its own to inspect.
    case unprivileged
    /// As `unprivileged`, and with no_new_privs set.
    case noNewPrivs = "no-new-privs"
    /// The caller's RLIMIT_NOFILE lowered to its lowest free descriptor
    /// number, so that any new descriptor fails with EMFILE (for calls that
    /// return descriptors). Otherwise the runner's own privileges.
    case fdLimit = "fd-limit"

    /// Whether a caller in this context holds no privileges (uid/gid 65534,
    /// no capability): classes that name "another user" depend on it.
    public var isUnprivileged: Bool { self == .unprivileged || self == .noNewPrivs }
}
