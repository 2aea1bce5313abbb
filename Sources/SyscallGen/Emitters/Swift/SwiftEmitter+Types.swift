import SyscallSpec

/// Flag sets and structs: the value types the calls take and return.
extension SwiftEmitter {
    // MARK: - Flag sets

    /// The Swift integer type of a set's `rawValue`: the C type of the first
    /// parameter that takes the set (an imported C enum's raw type for enum
    /// parameters), else of the first struct field that holds it, else
    /// `UInt64`: a set nothing names lists constants for a `__u64` field
    /// (statmount's mask, listmount's `LSMT_ROOT`, which is all ones).
    static func rawType(of set: FlagSet, _ catalogue: Catalogue) -> String {
        for (_, parameter) in catalogue.parameters(usingFlagSet: set.name) {
            if case .enumeration = parameter.type.unqualified { return enumRawType(set) }
            if let scalar = parameter.type.scalar { return scalar.swiftType }
        }
        for (_, field) in catalogue.fields(usingFlagSet: set.name) {
            if case .enumeration = field.type.unqualified { return enumRawType(set) }
            if let scalar = field.type.scalar { return scalar.swiftType }
        }
        return "UInt64"
    }

    /// A C enum whose enumerators are all non-negative is unsigned int on Linux.
    static func enumRawType(_ set: FlagSet) -> String {
        set.flags.contains { $0.value < 0 } ? "CInt" : "CUnsignedInt"
    }

    /// Swift conditions for the ABIs Swift can target, for values that differ by ABI.
    static let swiftArchitectures: [String: String] = [
        "x86_64": "arch(x86_64)", "i386": "arch(i386)", "aarch64": "arch(arm64)", "arm-eabi": "arch(arm)",
        "riscv64": "arch(riscv64)", "powerpc64": "arch(powerpc64) || arch(powerpc64le)",
        "powerpc": "arch(powerpc)", "s390x": "arch(s390x)",
    ]

    /// Whether the member takes its value from the spec rather than from the C
    /// library's constant. Swift's Glibc module is built without feature-test
    /// macros, so it lacks constants the C library declares only under one
    /// (glibc's O_PATH, O_TMPFILE and O_DIRECT need _GNU_SOURCE).
    static func usesSpecValue(_ flag: Flag) -> Bool {
        flag.isSystem && flag.featureTestMacro != nil
    }

    static func literal(_ value: Int64, kind: FlagSet.Kind) -> String {
        if value < 0 { return "\(value)" }
        return kind == .bits ? "0x" + String(value, radix: 16) : "\(value)"
    }

    func flagSetType(_ set: FlagSet, _ catalogue: Catalogue) -> String {
        let docc = DocCRenderer()
        let raw = Self.rawType(of: set, catalogue)
        var users: [String] = []
        for (spec, _) in catalogue.parameters(usingFlagSet: set.name) where users.last != "`\(spec.name)`" {
            users.append("`\(spec.name)`")
        }
        users += catalogue.fields(usingFlagSet: set.name).map { "`struct \($0.record.name)`'s `\($0.field.name)`" }
        var lines = docc.lines(set.prose)
        if set.reserved {
            lines += ["", "No option is defined yet: pass an empty set."]
        }
        if set.exclusive {
            lines += ["", "At most one of the options may be given at a time."]
        }
        if !users.isEmpty {
            lines += ["", "The corresponding C argument is the \(set.kind == .bits ? "flag word" : "value") of "
                      + users.joined(separator: ", ") + "."]
        }
        var text = DocCRenderer.comment(lines)
        let conformance = set.kind == .bits ? "OptionSet" : "RawRepresentable"
        text += "@frozen\npublic struct \(set.swiftName): \(conformance), Sendable, Hashable {\n"
        text += "    /// The C value.\n    public var rawValue: \(raw)\n\n"
        text += "    /// Creates a value from its C representation.\n"
        text += "    @_alwaysEmitIntoClient\n    public init(rawValue: \(raw)) { self.rawValue = rawValue }\n"
        let memberPrefix = Self.memberPrefix(of: set)
        for flag in set.flags {
            var flagLines = docc.lines(flag.prose)
            flagLines += ["", flag.since == .proposed
                          ? "Proposed upstream, in no released kernel: a kernel without it fails with `EINVAL`."
                          : "Available since Linux \(flag.since)."]
            flagLines += ["", "The corresponding C constant is `\(flag.name)`."]
            text += "\n" + DocCRenderer.comment(flagLines, indent: "    ")
            text += "    @_alwaysEmitIntoClient\n"
            let member = "    public static var \(Self.memberName(flag, in: set, sharedPrefix: memberPrefix)): Self"
            if Self.usesSpecValue(flag) {
                text += member + " {\n" + specValue(flag, kind: set.kind) + "    }\n"
            } else {
                text += member + " { Self(rawValue: _cConstant(\(flag.name))) }\n"
            }
        }
        text += "}\n\n"
        return text
    }

    /// The spec's value of a constant, per ABI where it differs.
    func specValue(_ flag: Flag, kind: FlagSet.Kind) -> String {
        // Architectures Swift targets where the value differs, grouped by value.
        var conditions: [(value: Int64, architectures: [String])] = []
        for abi in ABI.all {
            guard let value = flag.overrides[abi.name], value != flag.value,
                  let architecture = Self.swiftArchitectures[abi.name] else { continue }
            if let index = conditions.firstIndex(where: { $0.value == value }) {
                conditions[index].architectures.append(architecture)
            } else {
                conditions.append((value, [architecture]))
            }
        }
        let comment = "        // \(flag.name) needs \(flag.featureTestMacro!), which Swift's C library module does not define.\n"
        if conditions.isEmpty {
            return comment + "        Self(rawValue: \(Self.literal(flag.value, kind: kind)))\n"
        }
        var text = comment
        for (index, condition) in conditions.enumerated() {
            text += "        #\(index == 0 ? "if" : "elseif") \(condition.architectures.joined(separator: " || "))\n"
            text += "        Self(rawValue: \(Self.literal(condition.value, kind: kind)))\n"
        }
        text += "        #else\n        Self(rawValue: \(Self.literal(flag.value, kind: kind)))\n        #endif\n"
        return text
    }

    // MARK: - Structs

    /// The unit a struct's bytes are stored in: its alignment, so the storage
    /// has the C struct's size and alignment and an array of values has the C
    /// array's layout.
    static func storageUnit(_ record: StructSpec) -> (type: String, count: Int) {
        let unit = [8, 4, 2, 1].first { record.alignment >= $0 && record.size % $0 == 0 } ?? 1
        let type = ["UInt8", "UInt16", "", "UInt32", "", "", "", "UInt64"][unit - 1]
        return (type, record.size / unit)
    }

    /// A homogeneous tuple of `count` elements, wrapped every 16.
    static func tuple(_ element: String, count: Int, indent: String) -> String {
        guard count > 1 else { return element }
        let rows = stride(from: 0, to: count, by: 16).map { start in
            Array(repeating: element, count: min(16, count - start)).joined(separator: ", ")
        }
        if rows.count == 1 { return "(\(rows[0]))" }
        return "(\n" + rows.map { indent + "    " + $0 }.joined(separator: ",\n") + "\n\(indent))"
    }

    /// The Swift type of a struct field as a property, and how it converts
    /// from and to the C field's integer.
    struct FieldAccess {
        var type: String
        var defaultValue: String
        /// Builds the property's value from the C field's value.
        var fromC: (String) -> String
        /// Builds the C field's value from the property's value.
        var toC: (String) -> String
    }

    static func fieldAccess(_ field: StructField, _ catalogue: Catalogue) -> FieldAccess {
        let cType = field.type.scalar?.swiftType ?? (field.type.pointee == nil ? enumFieldType(field, catalogue) : importedType(field.type))
        if let setName = field.flagSet, let set = catalogue.flagSets[setName] {
            let raw = rawType(of: set, catalogue)
            return FieldAccess(
                type: set.swiftName,
                defaultValue: set.kind == .bits ? "[]" : "\(set.swiftName)(rawValue: 0)",
                fromC: { "\(set.swiftName)(rawValue: \(convert($0, from: cType, to: raw)))" },
                toC: { convert("\($0).rawValue", from: raw, to: cType) })
        }
        if field.type.pointee != nil {
            return FieldAccess(type: importedType(field.type) + "?", defaultValue: "nil", fromC: { $0 }, toC: { $0 })
        }
        return FieldAccess(type: cType, defaultValue: "0", fromC: { $0 }, toC: { $0 })
    }

    static func enumFieldType(_ field: StructField, _ catalogue: Catalogue) -> String {
        if let setName = field.flagSet, let set = catalogue.flagSets[setName] { return enumRawType(set) }
        return "CUnsignedInt"
    }

    func structDocumentation(_ record: StructSpec) -> [String] {
        var lines = DocCRenderer().lines(record.prose)
        if let minimum = record.minimumSize {
            lines += ["", "The kernel reads this struct with its size: the bindings pass all \(record.size) bytes, "
                      + "which kernels that predate the later fields accept as long as those fields are 0 "
                      + "(the first version had \(minimum) bytes)."]
        }
        lines += ["", "The corresponding C type is `struct \(record.name)`."]
        return lines
    }

    func fieldDocumentation(_ field: StructField) -> [String] {
        var lines = DocCRenderer().lines(field.prose)
        if let since = field.since { lines += ["", "Read by Linux \(since) and later; earlier kernels require it to be 0."] }
        lines += ["", "The corresponding C field is `\(field.name)`."]
        return lines
    }

    func structType(_ record: StructSpec, _ catalogue: Catalogue) -> String {
        record.systemHeader == nil ? specLayoutStruct(record, catalogue) : libraryStruct(record, catalogue)
    }

    /// A struct laid out from its spec: the bytes live in a tuple of the
    /// struct's size and alignment and fields are read at their offsets, so
    /// the value has every field the spec knows even where this system's
    /// kernel headers declare an older, shorter version of the struct.
    func specLayoutStruct(_ record: StructSpec, _ catalogue: Catalogue) -> String {
        let name = record.swiftName
        let (unit, count) = Self.storageUnit(record)
        let zero = Self.tuple("0", count: count, indent: "        ")
        let fieldNames = Self.fieldNames(record)
        let exposed = record.fields.filter { !Self.isHidden($0) }
        var text = DocCRenderer.comment(structDocumentation(record))
        text += "@frozen\npublic struct \(name): Sendable, Hashable {\n"
        text += "    /// The C struct's \(record.size) bytes, in units of its alignment.\n"
        text += "    @usableFromInline\n    internal var _storage: \(Self.tuple(unit, count: count, indent: "    "))\n\n"

        let initParameters = exposed.filter { $0.arrayLength == nil }.map { field -> String in
            let access = Self.fieldAccess(field, catalogue)
            return "\(fieldNames[field.name]!): \(access.type) = \(access.defaultValue)"
        }
        text += "    /// Creates a value; reserved fields are 0.\n    @_alwaysEmitIntoClient\n"
        text += Self.declaration("    public init(", initParameters, ") {\n")
        text += "        _storage = \(zero)\n"
        for field in exposed where field.arrayLength == nil {
            text += "        self.\(fieldNames[field.name]!) = \(fieldNames[field.name]!)\n"
        }
        text += "    }\n\n"

        text += """
            /// Creates a value from the C struct. Fields that this system's declaration
            /// lacks (kernel headers older than the struct's last field) are 0.
            @_alwaysEmitIntoClient
            public init(_ cStruct: \(record.name)) {
                _storage = \(zero)
                _copyBytes(from: cStruct, into: &_storage)
            }

            /// The value as the C struct. Fields that this system's declaration lacks
            /// (kernel headers older than the struct's last field) are left out.
            @_alwaysEmitIntoClient
            public var cStruct: \(record.name) {
                var cStruct = \(record.name)()
                _copyBytes(from: _storage, into: &cStruct)
                return cStruct
            }

            /// Calls `body` with the struct's \(record.size) bytes as the kernel reads them,
            /// for calls that take it through an untyped pointer.
            @_alwaysEmitIntoClient
            public func withUnsafeBytes<Result, Failure: Error>(
                _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
            ) throws(Failure) -> Result {
                try Swift.withUnsafeBytes(of: _storage) { bytes throws(Failure) in try body(bytes) }
            }

        """
        for field in exposed {
            let property = fieldNames[field.name]!
            text += "\n" + DocCRenderer.comment(fieldDocumentation(field), indent: "    ")
            text += "    @_alwaysEmitIntoClient\n"
            let access = Self.fieldAccess(field, catalogue)
            let cType = field.type.scalar?.swiftType ?? Self.enumFieldType(field, catalogue)
            if let length = field.arrayLength {
                let size = field.type.size(lp64: true) ?? 1
                text += """
                    public var \(property): [\(access.type)] {
                        get { (0..<\(length)).map { \(access.fromC("_loadField(\(cType).self, from: _storage, at: \(field.offset) + $0 * \(size))")) } }
                        set {
                            precondition(newValue.count == \(length), "\(record.name).\(field.name) has \(length) elements")
                            for (index, element) in newValue.enumerated() {
                                _storeField(\(access.toC("element")), into: &_storage, at: \(field.offset) + index * \(size))
                            }
                        }
                    }

                """
            } else {
                text += "    public var \(property): \(access.type) {\n"
                text += "        get { \(access.fromC("_loadField(\(cType).self, from: _storage, at: \(field.offset))")) }\n"
                text += "        set { _storeField(\(access.toC("newValue")), into: &_storage, at: \(field.offset)) }\n"
                text += "    }\n"
            }
        }
        text += """

            @_alwaysEmitIntoClient
            public static func == (lhs: Self, rhs: Self) -> Bool { _bytesEqual(lhs._storage, rhs._storage) }

            @_alwaysEmitIntoClient
            public func hash(into hasher: inout Hasher) { _hashBytes(of: _storage, into: &hasher) }
        }

        extension \(name): _CLayout {
            @inlinable
            func _withUnsafeCBytes<Result>(_ body: (UnsafeRawPointer) -> Result) -> Result {
                Swift.withUnsafeBytes(of: _storage) { body($0.baseAddress!) }
            }

            @inlinable
            mutating func _withUnsafeMutableCBytes<Result>(_ body: (UnsafeMutableRawPointer) -> Result) -> Result {
                Swift.withUnsafeMutableBytes(of: &_storage) { body($0.baseAddress!) }
            }
        }


        """
        return text
    }

    /// A struct the C library declares (`struct iovec`): a wrapper of the
    /// library's own type, as swift-system's `Stat` wraps `struct stat`, since
    /// the library's layout is the one for this ABI.
    func libraryStruct(_ record: StructSpec, _ catalogue: Catalogue) -> String {
        let name = record.swiftName
        let cName = record.name
        let fieldNames = Self.fieldNames(record)
        let exposed = record.fields.filter { !Self.isHidden($0) && $0.arrayLength == nil }
        let sendable = record.fields.contains { $0.type.isPointer } ? "" : ", Sendable"
        var text = DocCRenderer.comment(structDocumentation(record))
        text += "@frozen\npublic struct \(name): RawRepresentable\(sendable) {\n"
        text += "    /// The C struct.\n    public var rawValue: \(cName)\n\n"
        text += "    /// Creates a value from the C struct.\n    @_alwaysEmitIntoClient\n"
        text += "    public init(rawValue: \(cName)) { self.rawValue = rawValue }\n\n"
        let initParameters = exposed.map { field -> String in
            let access = Self.fieldAccess(field, catalogue)
            return "\(fieldNames[field.name]!): \(access.type) = \(access.defaultValue)"
        }
        text += "    /// Creates a value; fields not given are 0.\n    @_alwaysEmitIntoClient\n"
        text += Self.declaration("    public init(", initParameters, ") {\n") + "        rawValue = \(cName)()\n"
        for field in exposed {
            text += "        self.\(fieldNames[field.name]!) = \(fieldNames[field.name]!)\n"
        }
        text += "    }\n"
        for field in exposed {
            let property = fieldNames[field.name]!
            let access = Self.fieldAccess(field, catalogue)
            text += "\n" + DocCRenderer.comment(fieldDocumentation(field), indent: "    ")
            text += "    @_alwaysEmitIntoClient\n"
            text += "    public var \(property): \(access.type) {\n"
            text += "        get { \(access.fromC("rawValue.\(field.name)")) }\n"
            text += "        set { rawValue.\(field.name) = \(access.toC("newValue")) }\n"
            text += "    }\n"
        }
        text += "}\n\n" + Self.cLayoutConformance(name, storage: "rawValue") + "\n"
        return text
    }

    /// The `_CLayout` conformance through which the bindings pass a value's C
    /// bytes: `storage` is the C struct (a generated type's `rawValue`, or
    /// `self` for a C library type passed as it is).
    static func cLayoutConformance(_ type: String, storage: String) -> String {
        """
        extension \(type): _CLayout {
            @inlinable
            func _withUnsafeCBytes<Result>(_ body: (UnsafeRawPointer) -> Result) -> Result {
                withUnsafeBytes(of: \(storage)) { body($0.baseAddress!) }
            }

            @inlinable
            mutating func _withUnsafeMutableCBytes<Result>(_ body: (UnsafeMutableRawPointer) -> Result) -> Result {
                withUnsafeMutableBytes(of: &\(storage)) { body($0.baseAddress!) }
            }
        }

        """
    }
}
