import SyscallSpec

/// The argument tests' oracle at generation time. The generated C program
/// evaluates the spec's error table at run time (on the running kernel's
/// version); this side proves, before anything is written, that the table
/// gives every combination of argument classes an expected outcome on every
/// kernel the call exists on.
public enum ArgTestOracle {
    public enum Outcome: Sendable, Hashable {
        /// The error entry at this index of `spec.errors` (the first whose witness matches).
        case error(Int)
        case success
    }

    /// What the spec expects for one combination (one class per parameter, in
    /// parameter order), or nil when it expects nothing: a success witness
    /// exists and does not match, and no error's witness does.
    public static func expected(_ spec: SyscallSpec, classes: [String], context: CallerContext,
                                kernel: Version) -> Outcome? {
        func matches(_ witness: Witness) -> Bool {
            zip(spec.parameters, classes).allSatisfy { parameter, name in
                witness.matches(parameter: parameter.name, argumentClass: name, kernel: kernel)
            }
        }
        for (index, error) in spec.errors.enumerated() {
            guard let witness = error.witness, error.applies(on: kernel) else { continue }
            if error.context == .unprivileged && context != .unprivileged { continue }
            if matches(witness) { return .error(index) }
        }
        if let witness = spec.primarySuccess.witness, !matches(witness) { return nil }
        return .success
    }

    /// The kernel versions at which the spec's answers can change: the call's
    /// first release and every later since/until the spec mentions. Between two
    /// of them every answer is the same, so checking these covers every kernel.
    static func boundaryVersions(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [Version] {
        var versions: Set<Version> = [spec.availability.linux]
        var witnesses = spec.errors.compactMap(\.witness)
        if let success = spec.primarySuccess.witness { witnesses.append(success) }
        for error in spec.errors {
            if let since = error.since { versions.insert(since) }
            if let until = error.until { versions.insert(until) }
        }
        for witness in witnesses {
            for classes in witness.classes.values {
                for item in classes {
                    if let since = item.since { versions.insert(since) }
                    if let until = item.until { versions.insert(until) }
                }
            }
        }
        for parameter in spec.parameters {
            for flag in catalogue.flagSet(for: parameter)?.flags ?? [] {
                if case .released(let version) = flag.since { versions.insert(version) }
            }
        }
        return versions.filter { $0 >= spec.availability.linux }.sorted()
    }

    /// "from Linux 5.15 on", "from Linux 6.15 until 6.17", ...: the ranges the
    /// failing boundary versions stand for (each up to the next boundary).
    static func kernels(_ indexes: [Int], _ versions: [Version]) -> String {
        var ranges: [String] = []
        var start = 0
        while start < indexes.count {
            var end = start
            while end + 1 < indexes.count, indexes[end + 1] == indexes[end] + 1 { end += 1 }
            let from = versions[indexes[start]]
            let next = indexes[end] + 1
            ranges.append(next < versions.count ? "from Linux \(from) until \(versions[next])" : "from Linux \(from) on")
            start = end + 1
        }
        return ranges.joined(separator: " and ")
    }

    /// Classes that every witness treats alike, so that one of them stands for
    /// all in the search (the search stays small for calls with many parameters).
    static func classGroups(of parameter: Parameter, _ classes: [String], _ spec: SyscallSpec) -> [[String]] {
        var witnesses = spec.errors.map(\.witness)
        witnesses.append(spec.primarySuccess.witness)
        var groups: [[String]] = []
        var keyOfGroup: [String: Int] = [:]
        for name in classes {
            let key = witnesses.enumerated().map { index, witness -> String in
                guard let accepted = witness?.classes[parameter.name] else { return "\(index):any" }
                let ranges = accepted.filter { $0.name == name }.map { "\($0.since?.description ?? "")-\($0.until?.description ?? "")" }
                return "\(index):[\(ranges.joined(separator: ","))]"
            }.joined(separator: ";")
            if let index = keyOfGroup[key] {
                groups[index].append(name)
            } else {
                keyOfGroup[key] = groups.count
                groups.append([name])
            }
        }
        return groups
    }

    /// One diagnostic per combination (of class groups) that has no expected
    /// outcome on some kernel, located at the spec's success entry.
    public static func completenessProblems(_ spec: SyscallSpec, _ catalogue: Catalogue, limit: Int = 8) -> [Diagnostic] {
        guard spec.primarySuccess.witness != nil else { return [] }
        let location = spec.locations["success"] ?? .start(of: spec.sourcePath)
        let contexts: [CallerContext] = spec.errors.contains { $0.context == .unprivileged } ? [.any, .unprivileged] : [.any]
        // Combination → the indexes of the boundary versions where it has no outcome.
        var problems: [String] = []
        var failing: [String: [Int]] = [:]
        let versions = boundaryVersions(spec, catalogue)
        for (versionIndex, kernel) in versions.enumerated() {
            let groups = spec.parameters.map { parameter in
                classGroups(of: parameter,
                            ArgumentDomains.possibleClasses(of: parameter, flagSet: catalogue.flagSet(for: parameter), on: kernel),
                            spec)
            }
            for context in contexts {
                var index = [Int](repeating: 0, count: groups.count)
                combinations: while true {
                    let representative = zip(groups, index).map { $0[$1][0] }
                    if expected(spec, classes: representative, context: context, kernel: kernel) == nil {
                        let call = zip(spec.parameters, zip(groups, index)).map { parameter, choice in
                            "\(parameter.name)=<\(choice.0[choice.1].joined(separator: "|"))>"
                        }.joined(separator: ", ")
                        let text = "\(spec.name)(\(call))\(context == .unprivileged ? " called unprivileged" : "")"
                        if failing[text] == nil { problems.append(text) }
                        failing[text, default: []].append(versionIndex)
                    }
                    // Next combination, in mixed radix.
                    var position = groups.count - 1
                    while position >= 0 {
                        index[position] += 1
                        if index[position] < groups[position].count { break }
                        index[position] = 0
                        position -= 1
                    }
                    if position < 0 { break combinations }
                }
            }
        }
        var diagnostics = problems.prefix(limit).map { problem in
            Diagnostic(at: location, "the spec is incomplete: \(problem) matches no error's witness and not the success witness \(kernels(failing[problem]!, versions)), so the argument tests have no expected outcome for it; add its classes to a witness")
        }
        if problems.count > limit {
            diagnostics.append(Diagnostic(.note, at: location, "\(problems.count - limit) more combinations have no expected outcome"))
        }
        return diagnostics
    }
}
