import SyscallSpec

/// Swift bindings in the style of apple/swift-system (generated/swift, the
/// `SysShim` module): descriptors as `FileDescriptor`, flag words as option
/// sets, failures as `throws(Errno)`. Every call goes through the C shim's
/// `sysshim_NAME`, so it works whatever the C library has, and a kernel
/// without the call answers `Errno.noFunction`.
public struct SwiftEmitter: Emitter {
    public let name = "swift"
    public let ownedDirectories = ["generated/swift"]

    public init() {}

    public func emit(_ catalogue: Catalogue) throws(EmitError) -> [GeneratedFile] {
        var problems: [Diagnostic] = []
        var files: [GeneratedFile] = []
        var typeOwners: [String: SourceLocation] = [:]
        for spec in catalogue.specs {
            for set in spec.flagSets {
                if let earlier = typeOwners[set.swiftName] {
                    problems.append(Diagnostic(at: set.location, "Swift type name '\(set.swiftName)' is already used (at \(earlier))"))
                }
                typeOwners[set.swiftName] = set.location
            }
            for parameter in spec.parameters where !Self.supportedRoles.contains(parameter.role) {
                problems.append(Diagnostic(at: parameter.location,
                    "the Swift emitter has no mapping for role '\(parameter.role.rawValue)' yet"))
            }
            if problems.isEmpty {
                files.append(GeneratedFile(path: "generated/swift/\(Scaffold.upperCamelCase(spec.name)).swift",
                                           contents: source(for: spec, catalogue)))
            }
        }
        if !problems.isEmpty { throw EmitError(problems) }
        return files
    }

    static let supportedRoles: Set<ParameterRole> = [.pidfd, .fd, .flags, .enumValue, .pid, .signal, .integer, .length, .address]

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

    /// `PIDFD_NONBLOCK` in a set whose flags share `PIDFD_` → `nonblock`.
    static func memberName(_ flag: Flag, in set: FlagSet) -> String {
        if let swiftName = flag.swiftName { return swiftName }
        let names = set.flags.map(\.name)
        var prefix = ""
        if names.count > 1 {
            let words = names.map { $0.split(separator: "_").map(String.init) }
            var index = 0
            while words.allSatisfy({ $0.count > index + 1 && $0[index] == words[0][index] }) { index += 1 }
            prefix = words[0].prefix(index).map { $0 + "_" }.joined()
        } else {
            // One flag: drop the words it shares with the set's name
            // (PROCESS_MRELEASE_REAP_KILL in process_mrelease_flags → REAP_KILL).
            let flagWords = flag.name.split(separator: "_").map(String.init)
            let setWords = set.name.uppercased().split(separator: "_").map(String.init)
            var index = 0
            while index + 1 < flagWords.count, index < setWords.count, flagWords[index] == setWords[index] { index += 1 }
            prefix = flagWords.prefix(index).map { $0 + "_" }.joined()
        }
        let words = flag.name.dropFirst(prefix.count).split(separator: "_").map { $0.lowercased() }
        let name = words.enumerated().map { $0.offset == 0 ? $0.element : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
        return Identifier.swiftKeywords.contains(name) ? "`\(name)`" : name
    }

    /// The Swift argument label for a C parameter.
    static func label(_ parameter: Parameter, in spec: SyscallSpec) -> String {
        if let label = spec.swift.labels[parameter.name] { return label }
        let words = parameter.name.split(separator: "_")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    static func swiftType(_ parameter: Parameter, _ catalogue: Catalogue) -> String {
        switch parameter.role {
        case .pidfd, .fd: return "FileDescriptor"
        case .flags, .enumValue: return catalogue.flagSet(for: parameter)!.swiftName
        default: return parameter.type.scalar?.swiftType ?? "Int"
        }
    }

    /// The expression passing a Swift argument to the C function.
    static func cArgument(_ parameter: Parameter, swiftName: String) -> String {
        switch parameter.role {
        case .pidfd, .fd: return "\(swiftName).rawValue"
        case .flags, .enumValue: return "\(swiftName).rawValue"
        default:
            if parameter.type.scalar?.swiftType == "Int", let scalar = parameter.type.scalar {
                return "\(scalar.isSigned ? "Int" : "UInt")(\(swiftName))"
            }
            return swiftName
        }
    }

    // MARK: - Source

    func source(for spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        var text = "// Generated by sysshim from \(spec.specFileName); do not edit.\n\n"
        text += "import CSysShim\nimport SystemPackage\n#if canImport(Glibc)\nimport Glibc\n#elseif canImport(Musl)\nimport Musl\n#endif\n\n"
        for set in spec.flagSets {
            text += flagSetType(set, catalogue)
        }
        text += function(spec, catalogue)
        text += availability(spec)
        return text
    }

    func rawType(of set: FlagSet, _ catalogue: Catalogue) -> String {
        for spec in catalogue.specs {
            if let parameter = spec.parameters.first(where: { $0.flagSet == set.name }) {
                return parameter.type.scalar?.swiftType ?? "CUnsignedInt"
            }
        }
        return "CUnsignedInt"
    }

    func flagSetType(_ set: FlagSet, _ catalogue: Catalogue) -> String {
        let docc = DocCRenderer()
        let raw = rawType(of: set, catalogue)
        let users = catalogue.specs.filter { $0.parameters.contains { $0.flagSet == set.name } }.map(\.name)
        var lines = docc.lines(set.prose)
        if set.reserved {
            lines += ["", "No option is defined yet: pass an empty set."]
        }
        lines += ["", "The corresponding C argument is the \(set.kind == .bits ? "flag word" : "value") of "
                  + users.map { "`\($0)`" }.joined(separator: ", ") + "."]
        var text = DocCRenderer.comment(lines)
        if set.kind == .bits {
            text += "@frozen\npublic struct \(set.swiftName): OptionSet, Sendable, Hashable {\n"
        } else {
            text += "@frozen\npublic struct \(set.swiftName): RawRepresentable, Sendable, Hashable {\n"
        }
        text += "    /// The C value.\n    public var rawValue: \(raw)\n\n"
        text += "    /// Creates a value from its C representation.\n"
        text += "    @_alwaysEmitIntoClient\n    public init(rawValue: \(raw)) { self.rawValue = rawValue }\n"
        for flag in set.flags {
            var flagLines = docc.lines(flag.prose)
            flagLines += ["", flag.since == .proposed
                          ? "Proposed upstream, in no released kernel: a kernel without it fails with `EINVAL`."
                          : "Available since Linux \(flag.since)."]
            flagLines += ["", "The corresponding C constant is `\(flag.name)`."]
            text += "\n" + DocCRenderer.comment(flagLines, indent: "    ")
            text += "    @_alwaysEmitIntoClient\n"
            text += "    public static var \(Self.memberName(flag, in: set)): Self { Self(rawValue: \(raw)(\(flag.name))) }\n"
        }
        text += "}\n\n"
        return text
    }

    func function(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        let receiver = spec.swift.receiver
        var argumentNames: [String: String] = [:]
        for parameter in spec.parameters {
            argumentNames[parameter.name] = parameter.name == receiver ? "self" : Self.label(parameter, in: spec)
        }
        let docc = DocCRenderer(argumentNames: argumentNames)
        var lines = [docc.summary(spec.summary), ""] + docc.lines(spec.description)
        let swiftParameters = spec.parameters.filter { $0.name != receiver }
        if !swiftParameters.isEmpty { lines.append("") }
        for parameter in swiftParameters {
            let prose = docc.lines(parameter.prose)
            lines.append("- Parameter \(Self.label(parameter, in: spec)): " + (prose.first ?? ""))
            lines += prose.dropFirst().map { $0.isEmpty ? "" : "  " + $0 }
        }
        switch spec.returns.kind {
        case .zero: break
        case .descriptor: lines += ["- Returns: The new file descriptor, which the caller owns and must close."]
        case .count, .value: lines += ["- Returns: " + docc.inline(spec.returns.prose.inlines)]
        }
        lines += ["- Throws: An `Errno`, in the order the kernel checks:"]
        for error in spec.errors {
            lines.append("  - \(Self.errnoReference(error.errno)) (`\(error.errno)`): " + docc.inline(error.condition.inlines))
        }
        lines += ["", "The call is never retried on `EINTR`; a kernel without the call throws ``SystemPackage/Errno/noFunction``.",
                  "", "The corresponding C function is `\(spec.name)`."]

        let signature = swiftParameters.map { parameter -> String in
            let label = Self.label(parameter, in: spec)
            let type = Self.swiftType(parameter, catalogue)
            let defaultValue = parameter.role == .flags ? " = []" : ""
            return "\(label): \(type)\(defaultValue)"
        }.joined(separator: ", ")
        let arguments = spec.parameters.map { parameter -> String in
            parameter.name == receiver ? "self.rawValue" : Self.cArgument(parameter, swiftName: Self.label(parameter, in: spec))
        }.joined(separator: ", ")
        let returnClause: String
        let success: String
        switch spec.returns.kind {
        case .zero: returnClause = ""; success = ""
        case .descriptor: returnClause = " -> FileDescriptor"; success = "    return FileDescriptor(rawValue: CInt(result))\n"
        case .count, .value: returnClause = " -> Int"; success = "    return Int(result)\n"
        }
        let isStatic = receiver == nil ? "static " : ""
        var text = "extension FileDescriptor {\n"
        text += DocCRenderer.comment(lines, indent: "    ")
        text += "    @_alwaysEmitIntoClient\n"
        text += "    public \(isStatic)func \(spec.swift.name)(\(signature)) throws(Errno)\(returnClause) {\n"
        text += "        let result = \(CShimEmitter.shimSymbol(spec))(\(arguments))\n"
        text += "        if result == -1 { throw Errno(rawValue: errno) }\n"
        text += success.isEmpty ? "" : "    " + success
        text += "    }\n}\n\n"
        return text
    }

    func availability(_ spec: SyscallSpec) -> String {
        let arguments = spec.parameters.map { parameter -> String in
            let value = spec.probe.arguments[parameter.name] ?? 0
            return parameter.type.isPointer ? (value == 0 ? "nil" : "UnsafeMutableRawPointer(bitPattern: \(value))") : "\(value)"
        }.joined(separator: ", ")
        let call = "\(spec.name)(\(spec.parameters.map { String(spec.probe.arguments[$0.name] ?? 0) }.joined(separator: ", ")))"
        var requirements = "Linux \(spec.availability.linux) or later"
        for config in spec.kernelConfig { requirements += ", built with `\(config.option)`" }
        let lines = [
            "Whether the running kernel has `\(spec.name)` (\(requirements)).",
            "",
            "Asks the kernel with `\(call)`: a kernel that has the call answers `\(spec.probe.expectedErrno)`,",
            "one without it `ENOSYS`. Each query is one system call, so the answer reflects",
            "seccomp filters installed since the last one.",
        ]
        var text = "extension FileDescriptor {\n"
        text += DocCRenderer.comment(lines, indent: "    ")
        text += "    @_alwaysEmitIntoClient\n"
        text += "    public static var \(spec.swift.availabilityName): Bool {\n"
        text += "        \(CShimEmitter.shimSymbol(spec))(\(arguments)) == -1 && errno == \(spec.probe.expectedErrno)\n"
        text += "    }\n}\n"
        return text
    }
}
