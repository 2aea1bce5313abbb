import SyscallSpec

/// Swift bindings in the style of apple/swift-system (generated/swift, the
/// `SysShim` module): descriptors as `FileDescriptor`, paths as `FilePath`,
/// flag words as option sets, structs as value types, failures as
/// `throws(Errno)`. Every call goes through the C shim's `sysshim_NAME`, so it
/// works whatever the C library has, and a kernel without the call answers
/// `Errno.noFunction`.
///
/// One file per spec holds the flag sets and structs it declares (shared ones
/// live with their owner), its functions and its availability property;
/// `SysShim.swift` holds the `Kernel` namespace and the helpers the calls use
/// to reach C memory without allocating.
public struct SwiftEmitter: Emitter {
    public let name = "swift"
    public let ownedDirectories = ["generated/swift"]

    public init() {}

    static let supportFileName = "SysShim.swift"

    public func emit(_ catalogue: Catalogue) throws(EmitError) -> [GeneratedFile] {
        let problems = check(catalogue)
        if !problems.isEmpty { throw EmitError(problems) }
        // One source file per call, each from its spec and the catalogue
        // alone: rendered on every core, in the catalogue's order.
        let sources = catalogue.specs.concurrentMap { spec in
            GeneratedFile(path: "generated/swift/\(Self.fileName(spec))", contents: source(for: spec, catalogue))
        }
        return [GeneratedFile(path: "generated/swift/\(Self.supportFileName)", contents: supportFile(catalogue))] + sources
    }

    static func fileName(_ spec: SyscallSpec) -> String {
        Scaffold.upperCamelCase(spec.name) + ".swift"
    }

    // MARK: - Checks the loader cannot make

    /// Names that collide in Swift, and structs the bindings cannot lay out.
    func check(_ catalogue: Catalogue) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var typeOwners: [String: SourceLocation] = [:]
        func claim(_ name: String, at location: SourceLocation) {
            if let earlier = typeOwners[name] {
                problems.append(Diagnostic(at: location, "Swift type name '\(name)' is already used (at \(earlier))"))
            } else if Self.reservedTypeNames.contains(name) {
                problems.append(Diagnostic(at: location, "Swift type name '\(name)' is the name of a type the bindings use; choose another"))
            }
            typeOwners[name] = location
        }
        var files: [String: String] = [Self.supportFileName: "the shared support file"]
        for spec in catalogue.specs {
            if let other = files[Self.fileName(spec)] {
                problems.append(Diagnostic(at: .start(of: spec.sourcePath),
                    "the Swift file for \(spec.name), \(Self.fileName(spec)), is also \(other)'s"))
            }
            files[Self.fileName(spec)] = spec.name
            for set in spec.flagSets { claim(set.swiftName, at: set.location) }
            for record in spec.structs {
                claim(record.swiftName, at: record.location)
                problems += structProblems(record)
            }
            problems += callProblems(spec, catalogue)
        }
        return problems
    }

    /// Types the generated code names besides its own.
    static let reservedTypeNames: Set<String> = [
        "Kernel", "FileDescriptor", "FilePath", "Errno", "CInterop", "SysShim", "Result", "Int", "UInt",
    ]

    func structProblems(_ record: StructSpec) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        guard record.systemHeader == nil else { return [] }
        for field in record.fields where !Self.isHidden(field) {
            switch field.type.unqualified {
            case .scalar(let scalar) where scalar.sizeILP32 == scalar.sizeLP64:
                continue
            case .enumeration:
                continue
            default:
                problems.append(Diagnostic(at: field.location,
                    "field '\(record.name).\(field.name)' has type \(field.type), whose size or layout differs between ABIs; "
                    + "the Swift bindings lay out a struct from its spec and support fixed-width integer fields "
                    + "(a struct the C library declares, with system_header, may have others)"))
            }
        }
        return problems
    }

    // MARK: - Names

    /// swift-system's names for errno values on Linux; others are spelled `Errno(rawValue: ENAME)`.
    static let errnoNames: [String: String] = [
        "EPERM": "notPermitted", "ENOENT": "noSuchFileOrDirectory", "ESRCH": "noSuchProcess",
        "EINTR": "interrupted", "EIO": "ioError", "ENXIO": "noSuchAddressOrDevice", "E2BIG": "argListTooLong",
        "ENOEXEC": "execFormatError", "EBADF": "badFileDescriptor", "ECHILD": "noChildProcess",
        "EDEADLK": "deadlock", "ENOMEM": "noMemory", "EACCES": "permissionDenied", "EFAULT": "badAddress",
        "ENOTBLK": "notBlockDevice", "EBUSY": "resourceBusy", "EEXIST": "fileExists", "EXDEV": "improperLink",
        "ENODEV": "operationNotSupportedByDevice", "ENOTDIR": "notDirectory", "EISDIR": "isDirectory",
        "EINVAL": "invalidArgument", "ENFILE": "tooManyOpenFilesInSystem", "EMFILE": "tooManyOpenFiles",
        "ENOTTY": "inappropriateIOCTLForDevice", "ETXTBSY": "textFileBusy", "EFBIG": "fileTooLarge",
        "ENOSPC": "noSpace", "ESPIPE": "illegalSeek", "EROFS": "readOnlyFileSystem", "EMLINK": "tooManyLinks",
        "EPIPE": "brokenPipe", "EDOM": "outOfDomain", "ERANGE": "outOfRange",
        "EAGAIN": "resourceTemporarilyUnavailable", "EINPROGRESS": "nowInProgress", "EALREADY": "alreadyInProcess",
        "ENOTSOCK": "notSocket", "EMSGSIZE": "messageTooLong", "ENAMETOOLONG": "fileNameTooLong",
        "ELOOP": "tooManySymbolicLinkLevels", "ENOTEMPTY": "directoryNotEmpty", "EUSERS": "tooManyUsers",
        "EDQUOT": "diskQuotaExceeded", "ESTALE": "staleNFSFileHandle", "ENOLCK": "noLocks", "ENOSYS": "noFunction",
        "EOVERFLOW": "overflow", "ECANCELED": "canceled", "EIDRM": "identifierRemoved", "ENOMSG": "noMessage",
        "EILSEQ": "illegalByteSequence", "EBADMSG": "badMessage", "ENODATA": "noData", "EPROTO": "protocolError",
        "ETIME": "timeout", "EOPNOTSUPP": "notSupportedOnSocket", "ETIMEDOUT": "timedOut",
        "ENOTRECOVERABLE": "notRecoverable", "EOWNERDEAD": "previousOwnerDied",
    ]

    static func errnoReference(_ name: String) -> String {
        let canonical = KernelErrno.aliases[name] ?? name
        if let swiftName = errnoNames[canonical] { return "``SystemPackage/Errno/\(swiftName)``" }
        return "`Errno(rawValue: \(canonical))`"
    }

    /// `under_scored` words → `lowerCamelCase`, escaped where Swift reserves the word.
    static func lowerCamel(_ words: [String]) -> String {
        let name = words.enumerated().map { index, word in
            index == 0 ? word.lowercased() : word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }.joined()
        return Identifier.swiftKeywords.contains(name) ? "`\(name)`" : name
    }

    static func words(_ name: String) -> [String] {
        name.split(separator: "_").map(String.init)
    }

    /// The words all the names start with, kept short enough that every name
    /// keeps at least one word that does not start with a digit.
    static func sharedPrefix(_ names: [[String]]) -> Int {
        guard names.count > 1 else { return 0 }
        var index = 0
        while names.allSatisfy({ $0.count > index + 1 && $0[index] == names[0][index] }) { index += 1 }
        while index > 0, names.contains(where: { $0[index].first?.isNumber == true }) { index -= 1 }
        return index
    }

    /// `PIDFD_NONBLOCK` in a set whose flags share `PIDFD_` → `nonblock`.
    static func memberName(_ flag: Flag, in set: FlagSet) -> String {
        memberName(flag, in: set, sharedPrefix: memberPrefix(of: set))
    }

    /// The words every flag name of a set of more than one flag shares (nil
    /// for a set of one): computed once per set for `memberName`.
    static func memberPrefix(of set: FlagSet) -> Int? {
        set.flags.count > 1 ? sharedPrefix(set.flags.map { words($0.name) }) : nil
    }

    static func memberName(_ flag: Flag, in set: FlagSet, sharedPrefix setPrefix: Int?) -> String {
        if let swiftName = flag.swiftName { return swiftName }
        let flagWords = words(flag.name)
        var prefix = 0
        if let setPrefix {
            prefix = setPrefix
        } else {
            // One flag: drop the words it shares with the set's name
            // (PROCESS_MRELEASE_REAP_KILL in process_mrelease_flags → REAP_KILL).
            let setWords = words(set.name.uppercased())
            while prefix + 1 < flagWords.count, prefix < setWords.count, flagWords[prefix] == setWords[prefix] { prefix += 1 }
            while prefix > 0, flagWords[prefix].first?.isNumber == true { prefix -= 1 }
        }
        return lowerCamel(Array(flagWords.dropFirst(prefix)))
    }

    /// Fields the bindings do not expose: reserved ones (`__reserved`, `__spare2`),
    /// which stay 0, and a flexible array member, which is not part of the value.
    static func isHidden(_ field: StructField) -> Bool {
        field.name.hasPrefix("__") || field.arrayLength == 0
    }

    /// Swift property names of a struct's exposed fields: the C names without
    /// the words they all share (`nr_cache`, `nr_dirty` → `cache`, `dirty`).
    static func fieldNames(_ record: StructSpec) -> [String: String] {
        let fields = record.fields.filter { !isHidden($0) }
        let prefix = sharedPrefix(fields.map { words($0.name) })
        var names: [String: String] = [:]
        for field in fields {
            names[field.name] = lowerCamel(Array(words(field.name).dropFirst(prefix)))
        }
        return names
    }

    /// The Swift name of a C parameter inside the function (its label may
    /// differ). A name that is also a C type the body names (process_madvise's
    /// `iovec`) or the body's own `result` takes the label instead, or a suffix.
    static func parameterName(_ parameter: Parameter, in spec: SyscallSpec) -> String {
        let name = lowerCamel(words(parameter.name))
        guard bodyNames(spec).contains(name) else { return name }
        if let label = spec.swift.labels[parameter.name], label != "_", !bodyNames(spec).contains(label),
           !spec.parameters.contains(where: { lowerCamel(words($0.name)) == label }) {
            return label
        }
        return name + "Value"
    }

    /// Identifiers a function body uses besides its parameters.
    static func bodyNames(_ spec: SyscallSpec) -> Set<String> {
        var names: Set<String> = ["result", "self"]
        for parameter in spec.parameters {
            var type = parameter.type
            while let pointee = type.pointee { type = pointee }
            switch type.unqualified {
            case .record(let tag), .enumeration(let tag): names.insert(tag)
            case .systemRecord(let record): names.insert(importedName(of: record))
            case .scalar(let scalar): names.insert(scalar.swiftType)
            default: break
            }
        }
        return names
    }

    /// The Swift argument label for a C parameter.
    static func label(_ parameter: Parameter, in spec: SyscallSpec) -> String {
        if let label = spec.swift.labels[parameter.name] { return label }
        return lowerCamel(words(parameter.name))
    }

    // MARK: - Types

    /// How C's integer types are spelled by the importer, by what they are in Swift.
    static let canonicalIntegers: [String: String] = [
        "CChar": "Int8", "CInt": "Int32", "CUnsignedInt": "UInt32", "CLong": "Int", "CUnsignedLong": "UInt",
        "CLongLong": "Int64", "CUnsignedLongLong": "UInt64", "pid_t": "Int32", "uid_t": "UInt32",
        "mode_t": "UInt32", "clockid_t": "Int32",
    ]

    static func canonical(_ swiftType: String) -> String {
        canonicalIntegers[swiftType] ?? swiftType
    }

    /// `struct timespec` → `timespec`; `siginfo_t` stays.
    static func importedName(of record: SystemRecordType) -> String {
        record.spelling.hasPrefix("struct ") ? String(record.spelling.dropFirst("struct ".count)) : record.spelling
    }

    /// The Swift type the C importer gives a C type (pointers without `Optional`).
    static func importedType(_ type: CType) -> String {
        switch type.unqualified {
        case .void: return "Void"
        case .scalar(let scalar): return scalar.swiftType
        case .record(let tag), .enumeration(let tag): return tag
        case .systemRecord(let record): return importedName(of: record)
        case .pointer(let pointee):
            let isConst = pointee.isConstQualified
            if case .void = pointee.unqualified { return isConst ? "UnsafeRawPointer" : "UnsafeMutableRawPointer" }
            let element = importedType(pointee)
            return isConst ? "UnsafePointer<\(element)>" : "UnsafeMutablePointer<\(element)>"
        case .const(let inner): return importedType(inner)
        }
    }

    /// The Swift value type standing for what a struct or array parameter points to:
    /// a catalogue struct's generated type, a C library struct as imported, or a scalar.
    static func valueType(of pointee: CType, _ catalogue: Catalogue) -> String {
        if let tag = pointee.structTag, let record = catalogue.structs[tag] { return record.swiftName }
        return importedType(pointee)
    }

    /// `expression` (an integer of Swift type `from`) as Swift type `to`, the
    /// way C converts: bits kept, wrapped where the width differs.
    static func convert(_ expression: String, from: String, to: String) -> String {
        canonical(from) == canonical(to) ? expression : "\(to)(truncatingIfNeeded: \(expression))"
    }

    /// An `Int` that must be representable (a count, a size) as the C type.
    static func convertInt(_ expression: String, to scalar: ScalarType) -> String {
        switch canonical(scalar.swiftType) {
        case "Int": return expression
        case "UInt": return "UInt(bitPattern: \(expression))"
        default: return "\(scalar.swiftType)(\(expression))"
        }
    }

    /// A raw pointer expression as the C parameter's pointer type.
    /// - Parameters:
    ///   - mutable: whether `expression` is an `UnsafeMutableRawPointer`.
    ///   - optional: whether `expression` is optional.
    static func cPointer(_ expression: String, mutable: Bool, optional: Bool, to type: CType) -> String {
        guard let pointee = type.pointee else {
            // An integer register that holds an address (`unsigned long start`).
            let bits = "UInt(bitPattern: \(expression))"
            return type.scalar.map { convert(bits, from: "UInt", to: $0.swiftType) } ?? bits
        }
        let wantsMutable = !pointee.isConstQualified
        var raw = expression
        if wantsMutable && !mutable {
            raw = "UnsafeMutableRawPointer(mutating: \(expression))"
        } else if !wantsMutable && mutable {
            raw = "UnsafeRawPointer(\(expression))"
        }
        if case .void = pointee.unqualified { return raw }
        return "\(raw)\(optional ? "?" : "").assumingMemoryBound(to: \(importedType(pointee)).self)"
    }

    /// A declaration on one line, or with one parameter a line when that is too long.
    static func declaration(_ head: String, _ parameters: [String], _ tail: String) -> String {
        let line = head + parameters.joined(separator: ", ") + tail
        guard line.count > 111, !parameters.isEmpty else { return line }
        let indent = String(head.prefix { $0 == " " })
        return head + "\n" + parameters.map { indent + "    " + $0 }.joined(separator: ",\n") + "\n" + indent + tail
    }

    // MARK: - Files

    func source(for spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = "// Generated by sysshim from \(spec.specFileName); do not edit.\n\n"
        text += Self.imports
        for set in spec.flagSets {
            text += flagSetType(set, catalogue)
        }
        for record in spec.structs {
            text += structType(record, catalogue)
        }
        text += functions(spec, catalogue)
        text += availability(spec, catalogue)
        return text
    }
}
