import SyscallSpec

/// The argument tests' oracle at generation time. The generated C program
/// evaluates the spec's error table at run time (on the running kernel's
/// version); this side proves, before anything is written, that the table
/// gives every combination of argument classes an expected outcome on every
/// kernel the call exists on, in every context the tests run in.
public enum ArgTestOracle {
    public enum Outcome: Sendable, Hashable {
        /// The error entry at this index of `spec.errors` (the first whose witness matches).
        case error(Int)
        /// The success case at this index of `spec.successes` (0 when the spec lists none).
        case success(Int)
    }

    /// The success cases as the tests use them: the spec's, or one that
    /// matches everything when it lists none.
    static func successCases(_ spec: SyscallSpec) -> [SuccessSpec] {
        spec.successes.isEmpty ? [spec.primarySuccess] : spec.successes
    }

    /// The contexts every combination runs in: `any`, then each context an
    /// error with a witness names, in CallerContext's order.
    public static func contexts(_ spec: SyscallSpec) -> [CallerContext] {
        let named = Set(spec.errors.filter { $0.witness != nil }.map(\.context))
        return CallerContext.allCases.filter { $0 == .any || named.contains($0) }
    }

    /// Whether an error entry applies to a case run in `context`: entries of
    /// context `any` always, the others only in their own context.
    static func applies(_ error: ErrorSpec, in context: CallerContext) -> Bool {
        error.context == .any || error.context == context
    }

    /// What the spec expects for one combination (one class per parameter, in
    /// parameter order), or nil when it expects nothing: no error's witness
    /// matches, and no success case's. Flag terms match no bare class: for
    /// witnesses naming flags, give the arguments with the terms they satisfy.
    public static func expected(_ spec: SyscallSpec, classes: [String], context: CallerContext,
                                kernel: Version) -> Outcome? {
        expected(spec, arguments: classes.map { ClassifiedArgument($0) }, context: context, kernel: kernel)
    }

    public static func expected(_ spec: SyscallSpec, arguments: [ClassifiedArgument], context: CallerContext,
                                kernel: Version) -> Outcome? {
        func matches(_ witness: Witness) -> Bool {
            zip(spec.parameters, arguments).allSatisfy { parameter, argument in
                witness.matches(parameter: parameter.name, argument: argument, kernel: kernel)
            }
        }
        for (index, error) in spec.errors.enumerated() {
            guard let witness = error.witness, error.applies(on: kernel), applies(error, in: context) else { continue }
            if matches(witness) { return .error(index) }
        }
        for (index, success) in successCases(spec).enumerated() {
            if success.witness.map(matches) ?? true { return .success(index) }
        }
        return nil
    }

    /// The flags that the spec's errors and success cases name in flag terms of a parameter.
    static func namedFlags(of parameter: Parameter, in spec: SyscallSpec) -> Set<String> {
        Set(witnesses(spec).compactMap { $0 }.flatMap { $0.flagsNamed(for: parameter.name) })
    }

    /// Every witness of the spec: its errors', then its success cases'.
    static func witnesses(_ spec: SyscallSpec) -> [Witness?] {
        spec.errors.map(\.witness) + successCases(spec).map(\.witness)
    }

    /// The kernel versions at which the spec's answers can change: the call's
    /// first release and every later since/until the spec mentions. Between two
    /// of them every answer is the same, so checking these covers every kernel.
    static func boundaryVersions(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [Version] {
        var versions: Set<Version> = [spec.availability.linux]
        for error in spec.errors {
            if let since = error.since { versions.insert(since) }
            if let until = error.until { versions.insert(until) }
        }
        for witness in witnesses(spec).compactMap({ $0 }) {
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

    /// Arguments that every witness treats alike on `kernel`, so that one of
    /// them stands for all in the search (the search stays small for calls
    /// with many parameters).
    static func classGroups(of parameter: Parameter, _ arguments: [ClassifiedArgument], _ spec: SyscallSpec,
                            kernel: Version) -> [[ClassifiedArgument]] {
        let witnesses = witnesses(spec)
        var groups: [[ClassifiedArgument]] = []
        var keyOfGroup: [[UInt8]: Int] = [:]
        for argument in arguments {
            let key = witnesses.map { witness -> UInt8 in
                guard let witness, witness.classes[parameter.name] != nil else { return 2 }
                return witness.matches(parameter: parameter.name, argument: argument, kernel: kernel) ? 1 : 0
            }
            if let index = keyOfGroup[key] {
                groups[index].append(argument)
            } else {
                keyOfGroup[key] = groups.count
                groups.append([argument])
            }
        }
        return groups
    }

    /// One entry of the table (an error that applies, or a success case) as
    /// the search sees it: for each parameter it names, the class groups it
    /// accepts on the kernel searched.
    struct Constraint {
        /// (parameter index, accepted group indexes), for the named parameters only.
        var accepted: [(parameter: Int, groups: Set<Int>)]
        /// The largest index of a parameter it names (-1: it names none, and matches everything).
        var lastParameter: Int
    }

    /// The combinations of class groups (one per parameter) that no
    /// constraint matches. A depth-first search over the parameters that stops
    /// descending as soon as some constraint whose parameters are all chosen
    /// already matches: every combination below then has an outcome. So a spec
    /// with a catch-all success costs nothing, and the search visits only the
    /// prefixes that could still lack an outcome. `limit` bounds the answers.
    static func uncovered(groupCounts: [Int], constraints: [Constraint], limit: Int) -> (answers: [[Int]], visited: Int) {
        var answers: [[Int]] = []
        var visited = 0
        var choice = [Int](repeating: 0, count: groupCounts.count)
        // Constraints by the parameter after which they are decided.
        var decidedAfter = [[Int]](repeating: [], count: groupCounts.count + 1)
        for (index, constraint) in constraints.enumerated() {
            decidedAfter[constraint.lastParameter + 1].append(index)
        }
        func covered(upTo depth: Int) -> Bool {
            decidedAfter[depth].contains { index in
                constraints[index].accepted.allSatisfy { $0.groups.contains(choice[$0.parameter]) }
            }
        }
        func search(_ depth: Int) {
            visited += 1
            if answers.count >= limit || covered(upTo: depth) { return }
            if depth == groupCounts.count {
                answers.append(choice)
                return
            }
            for group in 0..<groupCounts[depth] {
                choice[depth] = group
                search(depth + 1)
                if answers.count >= limit { return }
            }
        }
        search(0)
        return (answers, visited)
    }

    /// How much the completeness search of a spec costs: the combinations of
    /// class groups it stands for (every kernel boundary and context counted),
    /// and the nodes it visits. For tests: the second stays far below the first.
    static func searchCost(_ spec: SyscallSpec, _ catalogue: Catalogue) -> (combinations: Int, visited: Int) {
        var combinations = 0, visited = 0
        _ = completenessProblems(spec, catalogue) { groupCounts, cost in
            combinations += groupCounts.reduce(1, *)
            visited += cost
        }
        return (combinations, visited)
    }

    /// One diagnostic per combination (of class groups) that has no expected
    /// outcome on some kernel, located at the spec's success entry.
    public static func completenessProblems(_ spec: SyscallSpec, _ catalogue: Catalogue, limit: Int = 8) -> [Diagnostic] {
        completenessProblems(spec, catalogue, limit: limit) { _, _ in }
    }

    static func completenessProblems(_ spec: SyscallSpec, _ catalogue: Catalogue, limit: Int = 8,
                                     searched: (_ groupCounts: [Int], _ visited: Int) -> Void) -> [Diagnostic] {
        let cases = successCases(spec)
        // A success case without a witness matches everything: nothing can lack an outcome.
        guard !cases.contains(where: { $0.witness == nil }) else { return [] }
        let location = spec.locations["success"] ?? .start(of: spec.sourcePath)
        // Combination → the indexes of the boundary versions where it has no outcome.
        var problems: [String] = []
        var failing: [String: [Int]] = [:]
        var truncated = false
        let versions = boundaryVersions(spec, catalogue)
        // Enough answers per search to show `limit` distinct problems and to say that there are more.
        let searchLimit = 10_000
        for (versionIndex, kernel) in versions.enumerated() {
            let groups = spec.parameters.map { parameter in
                classGroups(of: parameter, ArgumentDomains.possibleArguments(of: parameter, in: catalogue, on: kernel,
                                                                              naming: namedFlags(of: parameter, in: spec)),
                            spec, kernel: kernel)
            }
            for context in contexts(spec) {
                var witnesses: [Witness] = []
                for error in spec.errors where error.applies(on: kernel) && applies(error, in: context) {
                    if let witness = error.witness { witnesses.append(witness) }
                }
                witnesses += cases.compactMap(\.witness)
                let constraints = witnesses.map { witness -> Constraint in
                    var accepted: [(parameter: Int, groups: Set<Int>)] = []
                    for (index, parameter) in spec.parameters.enumerated() where witness.classes[parameter.name] != nil {
                        let hits = groups[index].indices.filter { group in
                            witness.matches(parameter: parameter.name, argument: groups[index][group][0], kernel: kernel)
                        }
                        accepted.append((index, Set(hits)))
                    }
                    return Constraint(accepted: accepted, lastParameter: accepted.map(\.parameter).max() ?? -1)
                }
                let (answers, visited) = uncovered(groupCounts: groups.map(\.count), constraints: constraints, limit: searchLimit)
                searched(groups.map(\.count), visited)
                if answers.count >= searchLimit { truncated = true }
                for answer in answers {
                    let call = zip(spec.parameters, zip(groups, answer)).map { parameter, choice in
                        let members = choice.0[choice.1]
                        // A group of flag words may hold thousands of them: name a few.
                        let shown = members.prefix(12).map(\.description).joined(separator: "|")
                        return "\(parameter.name)=<\(shown)\(members.count > 12 ? "|... (\(members.count - 12) more)" : "")>"
                    }.joined(separator: ", ")
                    let text = "\(spec.name)(\(call))\(context == .any ? "" : " called in context \(context.rawValue)")"
                    if failing[text] == nil { problems.append(text) }
                    if failing[text]?.last != versionIndex { failing[text, default: []].append(versionIndex) }
                }
            }
        }
        var diagnostics = problems.prefix(limit).map { problem in
            Diagnostic(at: location, "the spec is incomplete: \(problem) matches no error's witness and no success case's \(kernels(failing[problem]!, versions)), so the argument tests have no expected outcome for it; add its classes to a witness")
        }
        if problems.count > limit {
            diagnostics.append(Diagnostic(.note, at: location, "\(truncated ? "at least " : "")\(problems.count - limit) more combinations have no expected outcome"))
        }
        return diagnostics
    }
}
