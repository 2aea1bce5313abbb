/// An arithmetic type a spec may name, with what every emitter needs to know of it.
public struct ScalarType: Sendable, Hashable {
    /// The C spelling, e.g. `unsigned int`, `size_t`, `__u64`.
    public let spelling: String
    /// Width in bytes on ILP32 and LP64 Linux ABIs.
    public let sizeILP32: Int
    public let sizeLP64: Int
    public let isSigned: Bool
    /// The header that declares it (nil for the language's own types).
    public let header: String?
    /// The Swift type the C importer gives it.
    public let swiftType: String

    public func size(lp64: Bool) -> Int { lp64 ? sizeLP64 : sizeILP32 }

    /// Whether values of this type can be checked against a `bits`-wide value range.
    public func fits(_ value: Int64, lp64: Bool = true) -> Bool {
        let bits = size(lp64: lp64) * 8
        if isSigned {
            if bits >= 64 { return true }
            let limit = Int64(1) << (bits - 1)
            return value >= -limit && value < limit
        } else {
            if value < 0 { return false }
            if bits >= 64 { return true }
            return value < (Int64(1) << bits)
        }
    }

    public static let all: [ScalarType] = [
        ScalarType(spelling: "char", sizeILP32: 1, sizeLP64: 1, isSigned: true, header: nil, swiftType: "CChar"),
        ScalarType(spelling: "int", sizeILP32: 4, sizeLP64: 4, isSigned: true, header: nil, swiftType: "CInt"),
        ScalarType(spelling: "unsigned int", sizeILP32: 4, sizeLP64: 4, isSigned: false, header: nil, swiftType: "CUnsignedInt"),
        ScalarType(spelling: "long", sizeILP32: 4, sizeLP64: 8, isSigned: true, header: nil, swiftType: "CLong"),
        ScalarType(spelling: "unsigned long", sizeILP32: 4, sizeLP64: 8, isSigned: false, header: nil, swiftType: "CUnsignedLong"),
        ScalarType(spelling: "long long", sizeILP32: 8, sizeLP64: 8, isSigned: true, header: nil, swiftType: "CLongLong"),
        ScalarType(spelling: "unsigned long long", sizeILP32: 8, sizeLP64: 8, isSigned: false, header: nil, swiftType: "CUnsignedLongLong"),
        ScalarType(spelling: "size_t", sizeILP32: 4, sizeLP64: 8, isSigned: false, header: "stddef.h", swiftType: "Int"),
        ScalarType(spelling: "ssize_t", sizeILP32: 4, sizeLP64: 8, isSigned: true, header: "sys/types.h", swiftType: "Int"),
        ScalarType(spelling: "pid_t", sizeILP32: 4, sizeLP64: 4, isSigned: true, header: "sys/types.h", swiftType: "pid_t"),
        ScalarType(spelling: "uid_t", sizeILP32: 4, sizeLP64: 4, isSigned: false, header: "sys/types.h", swiftType: "uid_t"),
        ScalarType(spelling: "mode_t", sizeILP32: 4, sizeLP64: 4, isSigned: false, header: "sys/types.h", swiftType: "mode_t"),
        ScalarType(spelling: "clockid_t", sizeILP32: 4, sizeLP64: 4, isSigned: true, header: "time.h", swiftType: "clockid_t"),
        ScalarType(spelling: "__u8", sizeILP32: 1, sizeLP64: 1, isSigned: false, header: "linux/types.h", swiftType: "UInt8"),
        ScalarType(spelling: "__u16", sizeILP32: 2, sizeLP64: 2, isSigned: false, header: "linux/types.h", swiftType: "UInt16"),
        ScalarType(spelling: "__u32", sizeILP32: 4, sizeLP64: 4, isSigned: false, header: "linux/types.h", swiftType: "UInt32"),
        ScalarType(spelling: "__s32", sizeILP32: 4, sizeLP64: 4, isSigned: true, header: "linux/types.h", swiftType: "Int32"),
        ScalarType(spelling: "__u64", sizeILP32: 8, sizeLP64: 8, isSigned: false, header: "linux/types.h", swiftType: "UInt64"),
        ScalarType(spelling: "__s64", sizeILP32: 8, sizeLP64: 8, isSigned: true, header: "linux/types.h", swiftType: "Int64"),
        ScalarType(spelling: "uint8_t", sizeILP32: 1, sizeLP64: 1, isSigned: false, header: "stdint.h", swiftType: "UInt8"),
        ScalarType(spelling: "uint16_t", sizeILP32: 2, sizeLP64: 2, isSigned: false, header: "stdint.h", swiftType: "UInt16"),
        ScalarType(spelling: "uint32_t", sizeILP32: 4, sizeLP64: 4, isSigned: false, header: "stdint.h", swiftType: "UInt32"),
        ScalarType(spelling: "int32_t", sizeILP32: 4, sizeLP64: 4, isSigned: true, header: "stdint.h", swiftType: "Int32"),
        ScalarType(spelling: "uint64_t", sizeILP32: 8, sizeLP64: 8, isSigned: false, header: "stdint.h", swiftType: "UInt64"),
        ScalarType(spelling: "int64_t", sizeILP32: 8, sizeLP64: 8, isSigned: true, header: "stdint.h", swiftType: "Int64"),
    ]

    public static let bySpelling: [String: ScalarType] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.spelling, $0) })

    /// Types the C library declares only when POSIX is visible (not in strict
    /// ISO C without feature-test macros).
    public var requiresPOSIX: Bool { spelling == "clockid_t" }
}

/// Struct types that libc or the kernel headers declare and specs may point to
/// without declaring them (a spec's own `structs` cover the rest).
public struct SystemRecordType: Sendable, Hashable {
    /// `struct timespec`, or a typedef name such as `siginfo_t`.
    public let spelling: String
    public let header: String

    public static let all: [SystemRecordType] = [
        SystemRecordType(spelling: "struct timespec", header: "time.h"),
        SystemRecordType(spelling: "struct iovec", header: "sys/uio.h"),
        SystemRecordType(spelling: "siginfo_t", header: "signal.h"),
    ]

    public static let bySpelling: [String: SystemRecordType] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.spelling, $0) })

    /// A typedef the C library declares only when POSIX is visible.
    public var requiresPOSIX: Bool { spelling == "siginfo_t" }
}

/// A C type as written in a spec: qualifiers, a base and pointer levels.
public indirect enum CType: Sendable, Hashable, CustomStringConvertible {
    case void
    case scalar(ScalarType)
    /// `struct NAME` declared by some spec of the catalogue.
    case record(String)
    /// A struct or typedef the system headers declare (`struct timespec`, `siginfo_t`).
    case systemRecord(SystemRecordType)
    /// `enum NAME`, declared by a value set of the catalogue.
    case enumeration(String)
    case const(CType)
    case pointer(CType)

    /// Canonical C spelling, e.g. `const struct open_how *`.
    public var description: String { declaration(named: nil) }

    /// The type written as a declaration of `name` (`const char *__path`), or alone.
    public func declaration(named name: String?) -> String {
        switch self {
        case .pointer(let pointee):
            let base = pointee.declaration(named: nil)
            return name.map { "\(base) *\($0)" } ?? "\(base) *"
        case .const(let inner):
            let base = "const \(inner.declaration(named: nil))"
            return name.map { "\(base) \($0)" } ?? base
        default:
            let base: String
            switch self {
            case .void: base = "void"
            case .scalar(let scalar): base = scalar.spelling
            case .record(let tag): base = "struct \(tag)"
            case .systemRecord(let record): base = record.spelling
            case .enumeration(let tag): base = "enum \(tag)"
            case .const, .pointer: fatalError("handled above")
            }
            return name.map { "\(base) \($0)" } ?? base
        }
    }

    public var isPointer: Bool {
        if case .pointer = self { return true }
        return false
    }

    /// The pointed-to type with qualifiers removed, for pointers; nil otherwise.
    public var pointee: CType? {
        if case .pointer(let inner) = self { return inner }
        return nil
    }

    /// The type with top-level `const` removed.
    public var unqualified: CType {
        if case .const(let inner) = self { return inner.unqualified }
        return self
    }

    public var isConstQualified: Bool {
        if case .const = self { return true }
        return false
    }

    /// The scalar beneath qualifiers, if this is an arithmetic type.
    public var scalar: ScalarType? {
        if case .scalar(let scalar) = unqualified { return scalar }
        return nil
    }

    /// The struct tag beneath qualifiers, if this is a catalogue struct.
    public var recordTag: String? {
        if case .record(let tag) = unqualified { return tag }
        return nil
    }

    /// The struct tag beneath qualifiers: a catalogue struct (`struct open_how`)
    /// or a C library one (`struct iovec`). Nil for typedefs such as siginfo_t.
    public var structTag: String? {
        switch unqualified {
        case .record(let tag): return tag
        case .systemRecord(let record) where record.spelling.hasPrefix("struct "):
            return String(record.spelling.dropFirst("struct ".count))
        default: return nil
        }
    }

    /// Size in bytes for the data model, where the type has a known size here.
    public func size(lp64: Bool) -> Int? {
        switch unqualified {
        case .scalar(let scalar): scalar.size(lp64: lp64)
        case .pointer: lp64 ? 8 : 4
        case .enumeration: 4
        default: nil
        }
    }

    /// Whether naming this type needs POSIX to be visible (clockid_t, siginfo_t).
    public var requiresPOSIX: Bool {
        switch self {
        case .scalar(let scalar): scalar.requiresPOSIX
        case .systemRecord(let record): record.requiresPOSIX
        case .const(let inner), .pointer(let inner): inner.requiresPOSIX
        default: false
        }
    }

    /// Every header the declaration of this type needs.
    public var headers: [String] {
        switch self {
        case .scalar(let scalar): scalar.header.map { [$0] } ?? []
        case .systemRecord(let record): [record.header]
        case .const(let inner), .pointer(let inner): inner.headers
        default: []
        }
    }

    /// Parses a spec's type string. Names of catalogue structs and enums are not
    /// checked here; the catalogue resolves them once every spec is loaded.
    public static func parse(_ text: String) -> Result<CType, CTypeError> {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == "*" {
                if !current.isEmpty { tokens.append(current); current = "" }
                tokens.append("*")
            } else if character == " " || character == "\t" {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        guard !tokens.isEmpty else { return .failure(.empty) }

        var index = 0
        var leadingConst = false
        while index < tokens.count, tokens[index] == "const" {
            leadingConst = true
            index += 1
        }
        var baseWords: [String] = []
        while index < tokens.count, tokens[index] != "*", tokens[index] != "const" {
            baseWords.append(tokens[index])
            index += 1
        }
        while index < tokens.count, tokens[index] == "const" {
            leadingConst = true
            index += 1
        }
        guard !baseWords.isEmpty else { return .failure(.unknown(text)) }
        let baseSpelling = baseWords.joined(separator: " ")

        var base: CType
        if baseSpelling == "void" {
            base = .void
        } else if let scalar = ScalarType.bySpelling[baseSpelling] {
            base = .scalar(scalar)
        } else if let record = SystemRecordType.bySpelling[baseSpelling] {
            base = .systemRecord(record)
        } else if baseWords.count == 2, baseWords[0] == "struct", Identifier.isValidC(baseWords[1]) {
            base = .record(baseWords[1])
        } else if baseWords.count == 2, baseWords[0] == "enum", Identifier.isValidC(baseWords[1]) {
            base = .enumeration(baseWords[1])
        } else {
            return .failure(.unknown(baseSpelling))
        }
        if leadingConst { base = .const(base) }

        while index < tokens.count {
            guard tokens[index] == "*" else { return .failure(.unknown(text)) }
            base = .pointer(base)
            index += 1
            if index < tokens.count, tokens[index] == "const" {
                // A const pointer (not pointee) changes nothing a caller sees.
                return .failure(.constPointer(text))
            }
        }
        if case .void = base { return .success(base) }
        return .success(base)
    }
}

public enum CTypeError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unknown(String)
    case constPointer(String)

    public var description: String {
        switch self {
        case .empty:
            return "empty C type"
        case .unknown(let spelling):
            let known = ScalarType.all.map(\.spelling) + SystemRecordType.all.map(\.spelling) + ["void"]
            return "unknown C type '\(spelling)'\(Spelling.didYouMean(spelling, among: known))"
                + " (known: scalar types such as int, unsigned int, size_t, __u64; struct NAME; enum NAME; pointers)"
        case .constPointer(let spelling):
            return "C type '\(spelling)' has a const-qualified pointer; write the pointee's const only"
        }
    }
}
