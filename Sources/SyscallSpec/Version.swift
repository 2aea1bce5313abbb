/// A dotted release number such as Linux "5.15" or glibc "2.36".
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var components: [Int]

    public init(_ components: [Int]) {
        self.components = components
    }

    /// Parses "5.15" or "6.1.2"; at least major and minor, all decimal.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                  let number = Int(part), number < 1_000_000 else { return nil }
            numbers.append(number)
        }
        self.components = numbers
    }

    public var major: Int { components[0] }
    public var minor: Int { components.count > 1 ? components[1] : 0 }
    public var patch: Int { components.count > 2 ? components[2] : 0 }

    public var description: String { components.map(String.init).joined(separator: ".") }

    /// "6.1" and "6.1.0" are the same release: equality and hashing ignore
    /// trailing zero components, as the ordering does.
    private var significant: ArraySlice<Int> {
        var components = self.components[...]
        while components.count > 1, components.last == 0 { components = components.dropLast() }
        return components
    }

    public static func == (lhs: Version, rhs: Version) -> Bool {
        lhs.significant == rhs.significant
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Array(significant))
    }

    public static func < (lhs: Version, rhs: Version) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count {
            let l = index < lhs.components.count ? lhs.components[index] : 0
            let r = index < rhs.components.count ? rhs.components[index] : 0
            if l != r { return l < r }
        }
        return false
    }
}

/// When a flag or behaviour appeared in the kernel: a release, or only proposed
/// upstream (no released kernel has it, so every running kernel predates it).
public enum KernelRelease: Sendable, Hashable, CustomStringConvertible {
    case released(Version)
    case proposed

    public var description: String {
        switch self {
        case .released(let version): version.description
        case .proposed: "proposed"
        }
    }

    /// Whether a kernel of the given version has it.
    public func isAvailable(on kernel: Version) -> Bool {
        switch self {
        case .released(let version): version <= kernel
        case .proposed: false
        }
    }
}
