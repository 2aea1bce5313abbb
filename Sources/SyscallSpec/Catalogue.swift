import Foundation

/// Every spec of a directory, loaded and checked together: names that specs
/// share (flag sets, structs, flag macros, syscall numbers) are resolved and
/// checked across the whole catalogue.
public struct Catalogue: Sendable {
    /// Sorted by name, so every output is in a stable order.
    public var specs: [SyscallSpec] { didSet { index = Index(specs: specs, structs: structs, flagSets: flagSets) } }
    public var flagSets: [String: FlagSet] { didSet { index = Index(specs: specs, structs: structs, flagSets: flagSets) } }
    public var structs: [String: StructSpec] { didSet { index = Index(specs: specs, structs: structs, flagSets: flagSets) } }

    /// What emitters look up across the catalogue for every spec (a struct's
    /// users, a flag by name), built once so that rendering a catalogue of n
    /// specs costs n times one spec, not n².
    private var index: Index

    public init(specs: [SyscallSpec], flagSets: [String: FlagSet], structs: [String: StructSpec]) {
        self.specs = specs
        self.flagSets = flagSets
        self.structs = structs
        index = Index(specs: specs, structs: structs, flagSets: flagSets)
    }

    private struct Index: Sendable {
        var specsByName: [String: Int] = [:]
        /// Flag set name → (spec, parameter) positions, in catalogue then parameter order.
        var parametersByFlagSet: [String: [(spec: Int, parameter: Int)]] = [:]
        /// Flag set name → (struct name, field) positions, structs by name, fields in order.
        var fieldsByFlagSet: [String: [(record: String, field: Int)]] = [:]
        var structNames: [String]
        var flagsByName: [String: Flag] = [:]

        init(specs: [SyscallSpec], structs: [String: StructSpec], flagSets: [String: FlagSet]) {
            for (specIndex, spec) in specs.enumerated() {
                if specsByName[spec.name] == nil { specsByName[spec.name] = specIndex }
                for (parameterIndex, parameter) in spec.parameters.enumerated() {
                    if let name = parameter.flagSet { parametersByFlagSet[name, default: []].append((specIndex, parameterIndex)) }
                }
            }
            structNames = structs.keys.sorted()
            for name in structNames {
                for (fieldIndex, field) in structs[name]!.fields.enumerated() {
                    if let setName = field.flagSet { fieldsByFlagSet[setName, default: []].append((name, fieldIndex)) }
                }
            }
            // Flag names are unique across the catalogue (the cross-check says so).
            for name in flagSets.keys.sorted() {
                for flag in flagSets[name]!.flags { flagsByName[flag.name] = flag }
            }
        }
    }

    /// The first spec of that name.
    public func spec(named name: String) -> SyscallSpec? {
        index.specsByName[name].map { specs[$0] }
    }

    /// Every parameter that draws from the flag set, with its spec: specs in
    /// catalogue order, parameters in their order.
    public func parameters(usingFlagSet name: String) -> [(spec: SyscallSpec, parameter: Parameter)] {
        (index.parametersByFlagSet[name] ?? []).map { (specs[$0.spec], specs[$0.spec].parameters[$0.parameter]) }
    }

    /// Every struct field that holds the flag set, with its struct: structs by
    /// name, fields in their order.
    public func fields(usingFlagSet name: String) -> [(record: StructSpec, field: StructField)] {
        (index.fieldsByFlagSet[name] ?? []).map { (structs[$0.record]!, structs[$0.record]!.fields[$0.field]) }
    }

    /// Every struct of the catalogue, by name.
    public var structsByName: [StructSpec] {
        index.structNames.map { structs[$0]! }
    }

    /// The flag (constant) of that name, from whichever flag set declares it.
    public func flag(named name: String) -> Flag? {
        index.flagsByName[name]
    }

    /// The flag set a parameter draws from.
    public func flagSet(for parameter: Parameter) -> FlagSet? {
        parameter.flagSet.flatMap { flagSets[$0] }
    }

    /// Flag sets a spec uses but another spec declares (their header must be included).
    public func foreignFlagSets(of spec: SyscallSpec) -> [FlagSet] {
        let names = Set(spec.parameters.compactMap(\.flagSet))
        return names.sorted().compactMap { flagSets[$0] }.filter { $0.owner != spec.name }
    }

    /// Loads every `*.yaml` file of `directory`. Paths in diagnostics are
    /// `displayPrefix/<file>` (e.g. `spec/process_mrelease.yaml`).
    public static func load(directory: URL, displayPrefix: String? = nil) -> Result<Catalogue, SpecLoadError> {
        let prefix = displayPrefix ?? directory.path
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            return .failure(SpecLoadError([Diagnostic(at: .start(of: prefix), "cannot read spec directory: \(error.localizedDescription)")]))
        }
        var files: [(path: String, data: Data)] = []
        var log = DiagnosticLog()
        for name in names.sorted() {
            // Dotfiles are editors' and tools' (lock files, .gitkeep), never specs.
            if name.hasPrefix(".") { continue }
            if name.hasSuffix(".yml") {
                log.error("spec files end in .yaml; rename '\(name)'", at: .start(of: "\(prefix)/\(name)"))
                continue
            }
            guard name.hasSuffix(".yaml") else { continue }
            let url = directory.appendingPathComponent(name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes?[.size] as? Int, size > SpecLoader.maximumFileSize {
                // Refuse before reading a huge file into memory.
                log.error("file is \(size) bytes, over the 1 MiB limit for a spec", at: .start(of: "\(prefix)/\(name)"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                log.error("cannot read file", at: .start(of: "\(prefix)/\(name)"))
                continue
            }
            files.append(("\(prefix)/\(name)", data))
        }
        if files.isEmpty && !log.hasErrors {
            log.error("no spec files (*.yaml) in the spec directory", at: .start(of: prefix))
        }
        switch load(files: files) {
        case .success(let catalogue) where !log.hasErrors:
            return .success(catalogue)
        case .success:
            return .failure(SpecLoadError(log.sorted))
        case .failure(let error):
            log.append(contentsOf: DiagnosticLog(error.diagnostics))
            return .failure(SpecLoadError(log.sorted))
        }
    }

    /// Loads specs from memory (tests use this with synthetic files).
    public static func load(files: [(path: String, data: Data)]) -> Result<Catalogue, SpecLoadError> {
        var log = DiagnosticLog()
        var specs: [SyscallSpec] = []
        let inputs = files.map { SpecFile(path: $0.path, data: $0.data) }
        for result in inputs.concurrentMap({ SpecLoader.load(data: $0.data, path: $0.path) }) {
            switch result {
            case .success(let spec): specs.append(spec)
            case .failure(let error): log.append(contentsOf: DiagnosticLog(error.diagnostics))
            }
        }
        specs.sort { $0.name < $1.name }
        let catalogue = crossCheck(specs, log: &log)
        if log.hasErrors { return .failure(SpecLoadError(log.sorted)) }
        return .success(catalogue)
    }

    /// The pairs of specs (by index, earlier first, in the order of a nested
    /// loop over the specs) that share a number on at least one ABI. Found per
    /// ABI through a table by number, so that a catalogue of thousands of specs
    /// costs no more per spec than one of sixteen.
    static func clashingPairs(_ specs: [SyscallSpec]) -> [(Int, Int)] {
        var pairs: Set<Int> = []
        for abi in ABI.all {
            var byNumber: [Int: [Int]] = [:]
            for (index, spec) in specs.enumerated() {
                if case .number(let number) = spec.numbers.entry(for: abi) {
                    byNumber[number, default: []].append(index)
                }
            }
            for indices in byNumber.values where indices.count > 1 {
                for (position, earlier) in indices.enumerated() {
                    for later in indices[(position + 1)...] {
                        pairs.insert(earlier * specs.count + later)
                    }
                }
            }
        }
        return pairs.sorted().map { ($0 / specs.count, $0 % specs.count) }
    }

    static func crossCheck(_ specs: [SyscallSpec], log: inout DiagnosticLog) -> Catalogue {
        var flagSets: [String: FlagSet] = [:]
        var structs: [String: StructSpec] = [:]
        var flagOwners: [String: Flag] = [:]
        var specNames: [String: SyscallSpec] = [:]

        for spec in specs {
            if let earlier = specNames[spec.name] {
                log.error("a second spec for '\(spec.name)'", at: .start(of: spec.sourcePath))
                log.note("the first is here", at: .start(of: earlier.sourcePath))
            }
            specNames[spec.name] = spec
            for set in spec.flagSets {
                if let earlier = flagSets[set.name] {
                    log.error("flag set '\(set.name)' is declared again; share the one in \(earlier.owner).yaml by naming it in 'flag_set'", at: set.location)
                    continue
                }
                flagSets[set.name] = set
                for flag in set.flags {
                    if let earlier = flagOwners[flag.name] {
                        if let difference = sharedConstantDifference(earlier, flag) {
                            // A value that differs is blamed on the value (or the override) written for that ABI.
                            let location = difference.abi.flatMap { abi in
                                (flag.overrides[abi.name] != nil ? spec.locations["flags.\(flag.name).overrides.\(abi.name)"] : nil)
                                    ?? spec.locations["flags.\(flag.name).value"]
                            } ?? flag.location
                            log.error("flag '\(flag.name)' is declared twice\(difference.message)", at: location)
                            log.note("first declared here", at: earlier.location)
                        }
                        continue
                    }
                    flagOwners[flag.name] = flag
                }
            }
            for record in spec.structs {
                if let earlier = structs[record.name] {
                    log.error("struct '\(record.name)' is declared again; the one in \(earlier.owner).yaml serves every spec", at: record.location)
                    continue
                }
                structs[record.name] = record
            }
        }

        var allConstants: Set<String>?
        func everyConstant() -> Set<String> {
            if let allConstants { return allConstants }
            let constants = Set(flagOwners.keys)
            allConstants = constants
            return constants
        }

        func checkRecord(_ type: CType, at location: SourceLocation, what: String) {
            if let tag = type.pointee?.recordTag ?? type.recordTag, structs[tag] == nil {
                log.error("\(what) uses struct \(tag), which no spec declares\(Spelling.didYouMean(tag, among: structs.keys))", at: location)
            }
        }

        for spec in specs {
            for parameter in spec.parameters {
                checkRecord(parameter.type, at: parameter.location, what: "parameter '\(parameter.name)'")
                guard let setName = parameter.flagSet else { continue }
                let flagSetLocation = spec.locations["parameters.\(parameter.name).flag_set"] ?? parameter.location
                guard let set = flagSets[setName] else {
                    log.error("parameter '\(parameter.name)' names flag set '\(setName)', which no spec declares\(Spelling.didYouMean(setName, among: flagSets.keys))", at: flagSetLocation)
                    continue
                }
                let wanted: FlagSet.Kind = parameter.role == .flags ? .bits : .values
                if set.kind != wanted {
                    log.error("parameter '\(parameter.name)' has role '\(parameter.role.rawValue)' but flag set '\(setName)' is of kind '\(set.kind.rawValue)'", at: flagSetLocation)
                }
                guard let scalar = parameter.type.scalar else { continue }
                let ownerLocations = specNames[set.owner]?.locations ?? [:]
                for flag in set.flags {
                    guard let abi = ABI.all.first(where: { !scalar.fits(flag.value(for: $0), lp64: $0.isLP64) }) else { continue }
                    let value = flag.value(for: abi)
                    let overridden = flag.overrides[abi.name] != nil
                    let location = (overridden ? ownerLocations["flags.\(flag.name).overrides.\(abi.name)"] : nil)
                        ?? ownerLocations["flags.\(flag.name).value"] ?? flag.location
                    let bits = scalar.size(lp64: abi.isLP64) * 8
                    let on = overridden || scalar.sizeILP32 != scalar.sizeLP64 ? " on \(abi.name)" : ""
                    let hex = (value < 0 ? "-0x" : "0x") + String(value.magnitude, radix: 16)
                    let whose = set.owner == spec.name ? "" : " of \(spec.name)"
                    log.error("flag '\(flag.name)' (\(hex)) does not fit parameter '\(parameter.name)'\(whose) of type \(scalar.spelling) (\(bits) bits\(scalar.isSigned ? ", signed" : "")\(on))", at: location)
                }
            }
            for record in spec.structs {
                for field in record.fields {
                    checkRecord(field.type, at: field.location, what: "field '\(record.name).\(field.name)'")
                    if let setName = field.flagSet, flagSets[setName] == nil {
                        log.error("field '\(record.name).\(field.name)' names flag set '\(setName)', which no spec declares\(Spelling.didYouMean(setName, among: flagSets.keys))", at: field.location)
                    }
                }
                // Instance values name constants of the field's flag set, or of any set.
                // (Every constant of the catalogue as a set is built once, when first needed.)
                for instance in record.instances {
                    for (fieldName, value) in instance.values {
                        guard case .constants(let names) = value, let field = record.field(named: fieldName) else { continue }
                        let allowed: Set<String> = field.flagSet.flatMap { flagSets[$0] }.map { Set($0.flags.map(\.name)) }
                            ?? everyConstant()
                        for name in names where !allowed.contains(name) {
                            let scope = field.flagSet.map { "flag set '\($0)'" } ?? "any flag set of the catalogue"
                            log.error("struct \(record.name) instance '\(instance.name)': '\(name)' is not a constant of \(scope)\(Spelling.didYouMean(name, among: allowed))", at: instance.location)
                        }
                    }
                }
            }
            // Classes that name a struct's instances must name one that exists,
            // and flag terms a flag of the parameter's set.
            let witnesses = spec.errors.compactMap(\.witness) + spec.successes.compactMap(\.witness)
                + spec.errors.compactMap(\.race?.witness) + spec.successes.compactMap(\.race?.witness)
            for witness in witnesses {
                checkFlagTerms(witness, of: spec, flagSets: flagSets, log: &log)
                for (parameterName, classes) in witness.classes {
                    guard let parameter = spec.parameter(named: parameterName), parameter.role.takesStructInstances else { continue }
                    let record = parameter.type.pointee?.structTag.flatMap { structs[$0] }
                    for argumentClass in classes where !parameter.role.argumentClasses.contains(argumentClass.name) {
                        if record?.instance(named: argumentClass.name) == nil {
                            let instances = record?.instances.map(\.name) ?? []
                            let known = parameter.role.argumentClasses + instances
                            let tag = parameter.type.pointee?.structTag ?? "?"
                            log.error("'\(argumentClass.name)' is neither an argument class of role '\(parameter.role.rawValue)' nor an instance of struct \(tag)\(Spelling.didYouMean(argumentClass.name, among: known))\(record == nil ? " (no spec declares struct \(tag))" : "")", at: argumentClass.location)
                        }
                    }
                }
            }
        }

        // One number names one call per ABI. Each clashing pair of specs is
        // reported once, at the first ABI where they clash, and blamed on the
        // number written for that ABI (an override is more specific than 'common').
        func numberLocation(_ spec: SyscallSpec, _ abi: ABI) -> (location: SourceLocation, isOverride: Bool) {
            if let location = spec.locations["numbers.overrides.\(abi.name)"] { return (location, true) }
            return (spec.locations["numbers.common"] ?? spec.locations["numbers"] ?? .start(of: spec.sourcePath), false)
        }
        for (index, laterIndex) in clashingPairs(specs) {
            let earlier = specs[index], later = specs[laterIndex]
            let clashes = ABI.all.filter { abi in
                if case .number(let number) = earlier.numbers.entry(for: abi) {
                    return later.numbers.entry(for: abi) == .number(number)
                }
                return false
            }
            guard let abi = clashes.first, case .number(let number) = later.numbers.entry(for: abi) else { continue }
            var (blamed, other) = (later, earlier)
            if numberLocation(earlier, abi).isOverride && !numberLocation(later, abi).isOverride {
                (blamed, other) = (earlier, later)
            }
            let more = clashes.count > 1 ? "; the two specs share a number on \(clashes.count) ABIs" : ""
            log.error("syscall number \(number) on \(abi.name) is also \(other.name)'s\(more)", at: numberLocation(blamed, abi).location)
            log.note("\(other.name)'s number is given here", at: numberLocation(other, abi).location)
        }
        return Catalogue(specs: specs, flagSets: flagSets, structs: structs)
    }
}

extension Catalogue {
    /// A constant may belong to several flag sets (O_CLOEXEC is memfd_secret's
    /// only flag and one of openat2's `how.flags`) when the C library defines
    /// it and both declarations say the same of it; each set keeps its own
    /// `since` and prose. Otherwise why the second declaration is refused
    /// (and the ABI whose value differs, if that is why).
    static func sharedConstantDifference(_ first: Flag, _ second: Flag) -> (message: String, abi: ABI?)? {
        guard let header = first.systemHeader, second.systemHeader != nil else {
            return ("; only a constant the C library defines (system_header) may belong to several flag sets", nil)
        }
        if second.systemHeader != header {
            return (": here from <\(second.systemHeader!)>, first from <\(header)>", nil)
        }
        if let abi = ABI.all.first(where: { first.value(for: $0) != second.value(for: $0) }) {
            func hex(_ value: Int64) -> String { (value < 0 ? "-0x" : "0x") + String(value.magnitude, radix: 16) }
            return (" with another value: \(hex(second.value(for: abi))) on \(abi.name), first \(hex(first.value(for: abi)))", abi)
        }
        if first.featureTestMacro != second.featureTestMacro {
            return (" with another feature_test_macro: \(second.featureTestMacro ?? "none"), first \(first.featureTestMacro ?? "none")", nil)
        }
        return nil
    }

    /// Flag terms (`FLAG`, `with-FLAG`, `without-FLAG`) must name a flag of
    /// the parameter's set; `with-` and `without-` a flag that is not 0,
    /// which every word would hold.
    static func checkFlagTerms(_ witness: Witness, of spec: SyscallSpec, flagSets: [String: FlagSet], log: inout DiagnosticLog) {
        for (parameterName, terms) in witness.classes.sorted(by: { $0.key < $1.key }) {
            guard let parameter = spec.parameter(named: parameterName), let set = parameter.flagSet.flatMap({ flagSets[$0] }) else { continue }
            for item in terms {
                guard let term = item.flagTerm else { continue }
                guard let flag = set.flags.first(where: { $0.name == term.flag }) else {
                    let names = set.flags.map(\.name)
                    let known = names.isEmpty ? " (the set defines no flags)" : " (its flags: \(names.joined(separator: ", ")))"
                    log.error("'\(item.name)' names \(term.flag), which is not a flag of set '\(set.name)' of parameter '\(parameterName)'\(Spelling.didYouMean(term.flag, among: names))\(known)", at: item.location)
                    continue
                }
                if term.relation != .exactly, let abi = ABI.all.first(where: { flag.value(for: $0) == 0 }) {
                    log.error("'\(item.name)': \(flag.name) is 0\(flag.overrides[abi.name] != nil ? " on \(abi.name)" : ""), which every word holds; write \(flag.name) alone for the word 0", at: item.location)
                }
            }
        }
    }
}

/// A spec file's path and bytes, as the loader receives them.
struct SpecFile: Sendable {
    var path: String
    var data: Data
}

extension DiagnosticLog {
    init(_ diagnostics: [Diagnostic]) {
        self.init()
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .note: note(diagnostic.message, at: diagnostic.location)
            default: error(diagnostic.message, at: diagnostic.location)
            }
        }
    }
}
