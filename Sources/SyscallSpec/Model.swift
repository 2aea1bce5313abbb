/// The validated model of one system call, as loaded from `spec/<name>.yaml`.
/// Every emitter reads only this; see docs/spec.md for each field.
public struct SyscallSpec: Sendable {
    public var name: String
    public var summary: Prose
    /// The date of the last change to the call's documentation (YYYY-MM-DD); the
    /// man page's `.TH` date, so pages do not change with the clock.
    public var date: String
    /// The libc header that declares the call, e.g. `sys/mman.h`.
    public var header: String
    /// The feature-test macro the libc requires, e.g. `_GNU_SOURCE`.
    public var featureTestMacro: String?
    public var availability: Availability
    public var kernelConfig: [KernelConfigRequirement]
    public var numbers: SyscallNumbers
    public var returns: ReturnSpec
    public var parameters: [Parameter]
    public var flagSets: [FlagSet]
    public var structs: [StructSpec]
    public var errors: [ErrorSpec]
    /// When the call succeeds, in order (the first whose witness matches wins);
    /// most calls have one entry. Empty means "whenever no error matches".
    public var successes: [SuccessSpec]

    /// The first success case, or "success whenever no error matches".
    public var primarySuccess: SuccessSpec {
        successes.first ?? SuccessSpec(witness: nil, race: nil, returns: nil)
    }
    /// A call whose answer tells whether the running kernel has the system call.
    public var probe: Probe
    public var tests: TestPolicy
    public var description: Prose
    public var notes: Prose
    public var caveats: Prose
    public var bugs: Prose
    public var versions: Prose
    public var history: Prose
    public var seeAlso: [ManReference]
    public var references: [Reference]
    public var example: Example?
    public var swift: SwiftNaming
    /// The spec file's path as given to the loader (for "generated from" lines and diagnostics).
    public var sourcePath: String
    /// Where each field came from, for diagnostics that later stages report:
    /// top-level keys by name (`numbers`), and the values `numbers.common`,
    /// `numbers.overrides.<abi>`, `parameters.<name>.flag_set`,
    /// `flags.<FLAG>.value` and `flags.<FLAG>.overrides.<abi>`.
    public var locations: [String: SourceLocation]

    public func parameter(named name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// The spec file's path relative to the spec directory's parent, e.g. `spec/process_mrelease.yaml`.
    public var specFileName: String { "spec/\(name).yaml" }
}

public struct Availability: Sendable, Hashable {
    public var linux: Version
    /// The first glibc that wraps the call, or nil when none does.
    public var glibc: Version?
    /// The first musl that wraps the call, or nil when none does.
    public var musl: Version?
}

public struct KernelConfigRequirement: Sendable, Hashable {
    /// e.g. `CONFIG_MMU`.
    public var option: String
    /// What the call fails with on a kernel built without it.
    public var missingErrno: String
    public var prose: Prose
}

/// The call's number on every ABI the shim supports; nil where the kernel does
/// not wire the call up on that ABI (the wrapper then fails with ENOSYS).
public struct SyscallNumbers: Sendable, Hashable {
    /// The number shared by all tables (before each ABI's offset), if the spec gave one.
    public var common: Int?
    /// ABI name → number; a nil number means "not wired up there", a missing
    /// key means the spec does not know (the C header stops with #error).
    public var byABI: [String: Int?]

    public enum Entry: Sendable, Hashable {
        case number(Int)
        case notWired
        case unknown
    }

    public func entry(for abi: ABI) -> Entry {
        guard let value = byABI[abi.name] else { return .unknown }
        return value.map(Entry.number) ?? .notWired
    }

    /// Resolves a common number plus overrides into a full table.
    public static func resolve(common: Int?, overrides: [String: Int?]) -> SyscallNumbers {
        var table: [String: Int?] = [:]
        for abi in ABI.all {
            if let override = overrides[abi.name] {
                table[abi.name] = override
            } else if let common {
                table[abi.name] = common + abi.commonOffset
            }
        }
        return SyscallNumbers(common: common, byABI: table)
    }
}

public struct ReturnSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 0 on success.
        case zero
        /// A new file descriptor the caller owns.
        case descriptor
        /// A count of bytes or elements.
        case count
        /// Some other non-negative value.
        case value
    }

    public var type: CType
    public var kind: Kind
    public var prose: Prose
}

public struct Parameter: Sendable, Hashable {
    public var name: String
    public var type: CType
    public var role: ParameterRole
    public var prose: Prose
    /// For `flags` and `enum` roles: the flag set the value comes from.
    public var flagSet: String?
    /// For `size`: the struct or buffer parameter whose size this is.
    public var sizeOf: String?
    /// For `count`: the array parameter whose length this is.
    public var countOf: String?
    /// For pointers: whether NULL is a meaningful argument.
    public var nullable: Bool
    /// For input pointers: false where the C library's prototype has no
    /// `const` although the kernel only reads (glibc's `siginfo_t *info` of
    /// pidfd_send_signal), so the shim's prototype stays compatible.
    public var libcConst: Bool
    public var location: SourceLocation

    /// The C parameter name in the implementation namespace, as glibc spells
    /// prototypes so that user macros cannot break them.
    public var reservedName: String { "__\(name)" }
}

public struct FlagSet: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Bits that combine with `|`.
        case bits
        /// Exactly one of the values.
        case values
    }

    public var name: String
    public var kind: Kind
    /// No flag is defined yet: every bit must be 0 ("reserved, must be 0").
    public var reserved: Bool
    public var prose: Prose
    public var flags: [Flag]
    /// For `values` sets: the C enum tag (`enum landlock_rule_type`), if there is one.
    public var enumTag: String?
    /// At most one of the flags may be set at a time.
    public var exclusive: Bool
    /// The Swift type generated for the set, e.g. `ProcessMemoryReleaseOptions`.
    public var swiftName: String
    /// The spec that declares the set (others may share it).
    public var owner: String
    public var location: SourceLocation

    /// Flags the given kernel has, for classifying test words.
    public func supportedMask(on kernel: Version, abi: ABI = .host) -> UInt64 {
        flags.filter { $0.since.isAvailable(on: kernel) }
            .reduce(0) { $0 | UInt64(bitPattern: $1.value(for: abi)) }
    }
}

public struct Flag: Sendable, Hashable {
    public var name: String
    /// The value on most ABIs.
    public var value: Int64
    /// ABIs where the value differs (the `O_*`-based pidfd flags do).
    public var overrides: [String: Int64]
    public var since: KernelRelease
    public var prose: Prose
    /// The UAPI header that defines the same constant, for the validator's comparison.
    public var uapiHeader: String?
    /// The member name in the Swift option set, when the derived one will not do.
    public var swiftName: String?
    /// For a constant the C library defines (`O_CLOEXEC`, `MADV_COLD`,
    /// `CLOCK_MONOTONIC`): the header that defines it. The shim then uses the
    /// library's definition instead of defining its own.
    public var systemHeader: String?
    public var location: SourceLocation
    /// For a system constant the C library declares only under a feature-test
    /// macro (glibc's `O_PATH` needs `_GNU_SOURCE`): that macro. Swift's C
    /// library module defines none, so the Swift bindings use the spec's value.
    public var featureTestMacro: String? = nil

    /// Whether the C library, not the shim, defines the constant.
    public var isSystem: Bool { systemHeader != nil }

    public func value(for abi: ABI) -> Int64 {
        overrides[abi.name] ?? value
    }
}

public struct StructSpec: Sendable, Hashable {
    public var name: String
    public var prose: Prose
    public var size: Int
    public var alignment: Int
    public var packed: Bool
    public var fields: [StructField]
    /// The UAPI header defining the struct and the first kernel headers that have it.
    public var uapiHeader: String?
    public var uapiSince: Version?
    /// For a struct the C library declares (`struct iovec`): its header. The
    /// shim declares nothing then; the spec still carries the layout (checked
    /// by the validator) and the instances the tests build.
    public var systemHeader: String?
    /// For structs that grow with the kernel (extensible structs with a size
    /// argument): the size of the first version. Sizes below it are invalid.
    public var minimumSize: Int?
    /// Named contents the argument tests build (`valid`, `unknown-flags`, ...);
    /// each name is an argument class of parameters pointing to this struct.
    public var instances: [StructInstance]
    /// The Swift value type generated for the struct.
    public var swiftName: String
    public var owner: String
    public var location: SourceLocation

    public func instance(named name: String) -> StructInstance? {
        instances.first { $0.name == name }
    }

    public func field(named name: String) -> StructField? {
        fields.first { $0.name == name }
    }
}

/// A named content of a struct: the `valid` instance (or all zeros) with the
/// named fields replaced.
public struct StructInstance: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case integer(Int64)
        /// Constants OR-ed together (flag names of a catalogue flag set, or
        /// system constants such as O_RDONLY).
        case constants([String])
    }
    public var name: String
    public var values: [(field: String, value: Value)]
    public var location: SourceLocation

    public static func == (lhs: StructInstance, rhs: StructInstance) -> Bool {
        lhs.name == rhs.name && lhs.location == rhs.location
            && lhs.values.map(\.field) == rhs.values.map(\.field) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
    }
}

public struct StructField: Sendable, Hashable {
    public var name: String
    public var type: CType
    /// Array length for fields such as `char str[]` (0 = flexible array member).
    public var arrayLength: Int?
    public var offset: Int
    public var prose: Prose
    /// The flag set whose constants the field holds, if any.
    public var flagSet: String?
    /// For a struct that grew: the first kernel whose struct has this field.
    /// Older kernel headers define the struct without it.
    public var since: Version?
    public var location: SourceLocation
}

/// The argument classes under which a result occurs: for each named parameter,
/// the classes that produce it (parameters not named match any class).
public struct Witness: Sendable, Hashable {
    /// Parameter name → the classes it matches (groups already expanded).
    public var classes: [String: [WitnessClass]]

    /// Whether an argument of class `name` for `parameter` matches on `kernel`.
    /// A flag term (`with-FLAG`) needs the word itself: it matches no bare class.
    public func matches(parameter: String, argumentClass name: String, kernel: Version) -> Bool {
        matches(parameter: parameter, argument: ClassifiedArgument(name), kernel: kernel)
    }

    /// Whether an argument, as the oracle classified it, matches for `parameter` on `kernel`.
    public func matches(parameter: String, argument: ClassifiedArgument, kernel: Version) -> Bool {
        guard let accepted = classes[parameter] else { return true }
        return accepted.contains { $0.accepts(argument, kernel: kernel) }
    }

    /// The flags that the flag terms of `parameter` name.
    public func flagsNamed(for parameter: String) -> [String] {
        (classes[parameter] ?? []).compactMap(\.flagTerm?.flag)
    }
}

/// One argument class of a witness, optionally limited to kernel versions
/// (for behaviour that changed between releases).
public struct WitnessClass: Sendable, Hashable {
    /// The class, or for a flag term the term as written (`with-PIDFD_THREAD`).
    public var name: String
    /// Where the class is named in the spec (classes named by a struct's
    /// instances are checked once the catalogue is loaded).
    public var location: SourceLocation
    /// Kernel versions where the class gives this result: [since, until).
    public var since: Version?
    public var until: Version?
    /// For a `flags` parameter: the term names a flag of its set instead of a class.
    public var flagTerm: FlagTerm? = nil

    public init(name: String, location: SourceLocation, since: Version? = nil, until: Version? = nil, flagTerm: FlagTerm? = nil) {
        self.name = name
        self.location = location
        self.since = since
        self.until = until
        self.flagTerm = flagTerm
    }

    public func holds(on kernel: Version) -> Bool {
        if let since, kernel < since { return false }
        if let until, kernel >= until { return false }
        return true
    }

    /// Whether the argument is of this class (or satisfies this flag term) on `kernel`.
    public func accepts(_ argument: ClassifiedArgument, kernel: Version) -> Bool {
        guard holds(on: kernel) else { return false }
        if let flagTerm { return argument.flagTerms.contains(flagTerm) }
        return argument.argumentClass == name
    }

    /// Whether some kernel version lies in both ranges.
    public func overlaps(_ other: WitnessClass) -> Bool {
        let start = [since, other.since].compactMap { $0 }.max()
        let end = [until, other.until].compactMap { $0 }.min()
        guard let start, let end else { return true }
        return start < end
    }
}

/// A witness term of a `flags` parameter that looks at the flags a word holds
/// rather than at its class: `FLAG` (the word is exactly that flag),
/// `with-FLAG` (it has every bit of the flag, and maybe others) and
/// `without-FLAG` (it lacks some bit of the flag). Terms look at bits only;
/// whether the running kernel knows the flag is what `known` and `unknown` say.
public struct FlagTerm: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Relation: String, Sendable, Hashable, CaseIterable, Comparable {
        case exactly
        case with
        case without

        public static func < (lhs: Relation, rhs: Relation) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var relation: Relation
    /// The flag's name (a macro of the parameter's flag set).
    public var flag: String

    public init(_ relation: Relation, _ flag: String) {
        self.relation = relation
        self.flag = flag
    }

    /// The term as a spec writes it.
    public var description: String {
        relation == .exactly ? flag : "\(relation.rawValue)-\(flag)"
    }

    /// `FLAG`, `with-FLAG` or `without-FLAG` where FLAG is a macro name; nil for anything else.
    public static func parse(_ text: String) -> FlagTerm? {
        for relation in [Relation.with, .without] {
            let prefix = relation.rawValue + "-"
            if text.hasPrefix(prefix), TextPatterns.isMacroName(String(text.dropFirst(prefix.count))) {
                return FlagTerm(relation, String(text.dropFirst(prefix.count)))
            }
        }
        return TextPatterns.isMacroName(text) ? FlagTerm(.exactly, text) : nil
    }

    /// Whether a word (as the parameter's type holds it) satisfies the term,
    /// for the flag's value on the ABI in question.
    public func holds(word: UInt64, flagValue: UInt64) -> Bool {
        switch relation {
        case .exactly: word == flagValue
        case .with: word & flagValue == flagValue
        case .without: word & flagValue != flagValue
        }
    }

    public static func < (lhs: FlagTerm, rhs: FlagTerm) -> Bool {
        (lhs.flag, lhs.relation) < (rhs.flag, rhs.relation)
    }
}

/// An argument as the oracle sees it: its class and, for a flag word, the
/// flag terms it satisfies (of those the spec's witnesses name).
public struct ClassifiedArgument: Sendable, Hashable, CustomStringConvertible {
    public var argumentClass: String
    public var flagTerms: Set<FlagTerm>

    public init(_ argumentClass: String, flagTerms: Set<FlagTerm> = []) {
        self.argumentClass = argumentClass
        self.flagTerms = flagTerms
    }

    /// `known`, or `known: with-PIDFD_THREAD` for a word the flag terms tell apart:
    /// per flag named, the exact term if it holds, else the with- or without- term.
    public var description: String {
        let byFlag = Dictionary(grouping: flagTerms, by: \.flag)
        let shown = byFlag.keys.sorted().map { flag -> String in
            let terms = byFlag[flag]!
            return (terms.first { $0.relation == .exactly } ?? terms.min()!).description
        }
        return shown.isEmpty ? argumentClass : "\(argumentClass): \(shown.joined(separator: ", "))"
    }
}

/// Outcomes that may replace the expected one because of a race the test cannot close.
public struct RaceSpec: Sendable, Hashable {
    public var alsoErrnos: [String]
    /// The classes under which the race can happen (a child just sent SIGKILL),
    /// within those of the entry; nil: whenever the entry applies.
    public var witness: Witness? = nil
    public var reason: Prose

    public init(alsoErrnos: [String], witness: Witness? = nil, reason: Prose) {
        self.alsoErrnos = alsoErrnos
        self.witness = witness
        self.reason = reason
    }
}

public struct ErrorSpec: Sendable, Hashable {
    public var errno: String
    public var condition: Prose
    /// Kernel versions where the entry applies: [since, until).
    public var since: Version?
    public var until: Version?
    public var context: CallerContext
    public enum Testability: Sendable, Hashable {
        case witness(Witness)
        /// Cannot be provoked on demand; the reason says why.
        case untestable(Prose)
    }
    public var testability: Testability
    public var race: RaceSpec?
    public var location: SourceLocation

    public var witness: Witness? {
        if case .witness(let witness) = testability { return witness }
        return nil
    }

    public func applies(on kernel: Version) -> Bool {
        if let since, kernel < since { return false }
        if let until, kernel >= until { return false }
        return true
    }
}

public struct SuccessSpec: Sendable, Hashable {
    /// When success is expected; nil means "whenever no error's witness matches".
    public var witness: Witness?
    public var race: RaceSpec?
    /// What a success returns in this case, when it differs from `returns.kind`
    /// (landlock_create_ruleset returns a version number, not a descriptor,
    /// for a version query).
    public var returns: ReturnSpec.Kind?
}

public struct Probe: Sendable, Hashable {
    /// Argument values by parameter name (pointers as integers, 0 for NULL).
    public var arguments: [String: Int64]
    /// The errno a kernel that has the call answers with.
    public var expectedErrno: String
    /// Answers that mean the kernel has the call but it is switched off
    /// (Landlock left out of the boot LSM list: EOPNOTSUPP); tests skip then.
    public var disabled: [DisabledAnswer]
}

public struct DisabledAnswer: Sendable, Hashable {
    public var errno: String
    public var reason: Prose
}

public struct TestPolicy: Sendable, Hashable {
    public enum Isolation: String, Sendable, Hashable, CaseIterable {
        /// Cases run in the test process itself.
        case process
        /// Each case runs in a forked child, for calls that change the caller for good.
        case child
    }
    public var isolation: Isolation
}

public struct ManReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var name: String
    public var section: String

    public var description: String { "\(name)(\(section))" }

    /// man-pages order: by section, then name.
    public static func < (lhs: ManReference, rhs: ManReference) -> Bool {
        (lhs.section, lhs.name) < (rhs.section, rhs.name)
    }

    public static func parse(_ text: String) -> ManReference? {
        guard text.hasSuffix(")"), let open = text.firstIndex(of: "(") else { return nil }
        let name = String(text[..<open])
        let section = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        guard !name.isEmpty,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "0123456789_.+-".unicodeScalars.contains($0)) }),
              let first = section.first, first.isASCII, ("1"..."9").contains(first),
              section.dropFirst().allSatisfy({ $0.isASCII && $0.isLowercase }), section.count <= 4
        else { return nil }
        return ManReference(name: name, section: section)
    }
}

/// A mailing-list message, cited by its Message-ID.
public struct Reference: Sendable, Hashable {
    public var messageID: String
    public var title: String

    public var url: String { "https://lkml.kernel.org/r/\(messageID)" }
}

public struct Example: Sendable, Hashable {
    public var prose: Prose
    /// A complete C program; the tests compile and run it.
    public var code: String
}

/// How the call appears in the Swift bindings.
public struct SwiftNaming: Sendable, Hashable {
    /// Base name of the Swift function or method, e.g. `releaseMemory`.
    public var name: String
    /// The parameter that becomes `self` (an instance method of `FileDescriptor`), if any.
    public var receiver: String?
    /// Argument labels by C parameter name, where they differ from the defaults.
    public var labels: [String: String]
    /// Name of the static property telling whether the running kernel has the call.
    public var availabilityName: String
    /// For a call whose success cases return different kinds: the name of the
    /// function for each kind other than `returns.kind` (a Landlock version
    /// query returns a value, not a descriptor), so no function hands back a
    /// descriptor that is not one.
    public var variants: [ReturnSpec.Kind: String] = [:]
}
