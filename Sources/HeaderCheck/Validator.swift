internal import CClang
import Foundation
import SyscallGen
import SyscallSpec

/// Where the headers to validate are, and this machine's other include trees.
public struct ValidationOptions: Sendable {
    /// The root under which generated/c/include is (the `--output-dir`).
    public var outputRoot: URL
    /// musl's headers as Debian's musl-tools installs them.
    public var muslInclude: String
    /// This machine's multiarch include directory (kernel `asm/` headers live there).
    public var hostMultiarchInclude: String

    public init(outputRoot: URL,
                muslInclude: String = "/usr/include/\(ValidationOptions.hostArchitecture)-linux-musl",
                hostMultiarchInclude: String = "/usr/include/\(ValidationOptions.hostArchitecture)-linux-gnu") {
        self.outputRoot = outputRoot
        self.muslInclude = muslInclude
        self.hostMultiarchInclude = hostMultiarchInclude
    }

    /// The first word of this machine's Debian multiarch triple.
    public static var hostArchitecture: String {
        ABI.host.clangTarget.map { String($0.prefix { $0 != "-" }) } ?? "x86_64"
    }

    var includeDirectory: String {
        outputRoot.appendingPathComponent("generated/c/include").standardizedFileURL.path
    }
}

public enum HeaderValidator {
    /// Runs every check over the headers under `options.outputRoot`.
    public static func validate(_ catalogue: Catalogue, options: ValidationOptions) -> ValidationReport {
        let run = ValidationRun(catalogue: catalogue, options: options)
        run.run()
        return ValidationReport(diagnostics: run.log.diagnostics, checksRun: run.log.checksRun,
                                checksFailed: run.log.checksFailed, translationUnits: run.translationUnits,
                                skipped: run.log.skipped)
    }

    /// Writes every translation unit the validator parses (and the stub headers)
    /// under `directory`, and returns one `clang -fsyntax-only` command line per
    /// unit that does the same parse: the baseline `make bench` times against.
    public static func clangCommands(_ catalogue: Catalogue, options: ValidationOptions, directory: URL,
                                     clang: String = "clang") throws -> [String] {
        let run = ValidationRun(catalogue: catalogue, options: options)
        let stubDirectory = directory.appendingPathComponent("include").standardizedFileURL.path
        for file in StubHeaders.files(for: catalogue) {
            let url = URL(fileURLWithPath: stubDirectory).appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
        let unitDirectory = directory.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: unitDirectory, withIntermediateDirectories: true)
        var commands: [String] = []
        for (index, unit) in run.plannedUnits().enumerated() {
            let url = unitDirectory.appendingPathComponent(String(format: "%04d.c", index + 1))
            try Data(unit.source.utf8).write(to: url)
            let arguments = unit.arguments.map { $0 == StubHeaders.virtualDirectory ? stubDirectory : $0 }
            commands.append(([clang, "-fsyntax-only"] + arguments + [url.standardizedFileURL.path]).map(shellQuoted).joined(separator: " "))
        }
        return commands
    }

    static func shellQuoted(_ word: String) -> String {
        if word.allSatisfy({ $0.isLetter || $0.isNumber || "-_=./+:,@".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A translation unit as the validator parses it, also for printing as a clang command.
struct PlannedUnit {
    var arguments: [String]
    var source: String
}

/// One validation: one libclang index, every configuration's unit parsed from
/// memory, findings collected per check.
final class ValidationRun {
    let catalogue: Catalogue
    let options: ValidationOptions
    let index = ClangIndex()
    var log = FindingLog()
    var translationUnits = 0
    let headers: HeaderTexts
    static let mainFile = "/__sysshim_validate__/unit.c"
    /// Calls the C library declares with C++ linkage (see LibraryLinkage.swift).
    lazy var cxxLinkageDeclarations: [String: ClangLocation] = findCXXLinkageDeclarations()
    /// Constants the C library defines that some configuration compared with the spec.
    var systemFlagsCompared: Set<String> = []

    init(catalogue: Catalogue, options: ValidationOptions) {
        self.catalogue = catalogue
        self.options = options
        self.headers = HeaderTexts(includeDirectory: options.includeDirectory, catalogue: catalogue)
    }

    /// A run that parses some of `parent`'s configurations on another thread:
    /// the same catalogue, options and plan, but an index, a log and caches of
    /// its own (libclang allows an index per thread, not one shared by several).
    private init(workerOf parent: ValidationRun) {
        self.catalogue = parent.catalogue
        self.options = parent.options
        self.headers = HeaderTexts(includeDirectory: parent.options.includeDirectory, catalogue: parent.catalogue)
        self.targetableCache = parent.targetableCache
        self.configurations = parent.configurations
        self.cxxLinkageDeclarations = parent.cxxLinkageDeclarations
    }

    // MARK: - Planning

    private var targetableCache: [String: Bool] = [:]

    /// Whether this libclang knows the ABI's target (LLVM 14 has no LoongArch, say)
    /// and gives it its builtin headers without the system's (its Hexagon driver
    /// drops them with -nostdlibinc).
    func isTargetable(_ abi: ABI) -> Bool {
        guard let triple = abi.clangTarget else { return false }
        if let known = targetableCache[triple] { return known }
        let probe = ClangIndex.UnsavedFile(path: Self.mainFile, contents: "#include <stddef.h>\n#include <stdint.h>\ntypedef size_t sysshim_check_size;\n")
        let unit = try? index.parse(mainFile: Self.mainFile, arguments: ["--target=\(triple)", "-nostdlibinc"], unsavedFiles: [probe])
        let result = unit.map { $0.diagnostics.isEmpty } ?? false
        targetableCache[triple] = result
        return result
    }

    lazy var configurations: [Configuration] = {
        var result = Configuration.all(catalogue: catalogue, targetable: isTargetable)
        if !FileManager.default.fileExists(atPath: options.muslInclude) {
            log.skip("musl's headers are not at \(options.muslInclude) (Debian's musl-tools); the musl configurations did not run")
            result.removeAll { $0.libc == .musl }
        }
        // Each shared and per-call header alone, for self-containment and its include guard.
        let single = ShimHeaders.shared + catalogue.specs.map(ShimHeaders.call) + [ShimHeaders.umbrella]
        for header in single {
            for standard in [LanguageStandard.referenceC, .referenceCPlusPlus] {
                result.append(Configuration(platform: .host(.glibc), standard: standard, order: .alone,
                                            gnuSource: false, singleHeader: header))
            }
        }
        return result
    }()

    func arguments(for configuration: Configuration) -> [String] {
        var arguments = ["-x", configuration.standard.isCPlusPlus ? "c++" : "c", "-std=\(configuration.standard.name)",
                         "-Wall", "-Wextra", "-pedantic", "-ferror-limit=0"]
        switch configuration.platform {
        case .host(.musl):
            arguments += ["-nostdlibinc", "-isystem", options.muslInclude]
        case .host:
            break
        case .foreign(_, let triple):
            arguments += ["--target=\(triple)", "-nostdlibinc", "-isystem", StubHeaders.virtualDirectory]
        case .simulated(_, let simulated):
            arguments += ["--target=\(simulated.baseTriple)", "-nostdlibinc", "-isystem", StubHeaders.virtualDirectory]
            arguments += simulated.undefine.map { "-U\($0)" } + simulated.define.map { "-D\($0)" }
        }
        if configuration.nonGNU {
            arguments += ["-U__GNUC__", "-U__GNUC_MINOR__", "-U__GNUC_PATCHLEVEL__"]
        }
        if configuration.order == .replacement {
            arguments += ["-I", options.includeDirectory + "/sysshim/replace"]
        }
        arguments += ["-I", options.includeDirectory]
        return arguments
    }

    func plannedUnits() -> [PlannedUnit] {
        configurations.map { configuration in
            PlannedUnit(arguments: arguments(for: configuration),
                        source: UnitSourceBuilder.source(for: configuration, catalogue: catalogue).text)
        } + uapiUnits().map { PlannedUnit(arguments: $0.arguments, source: $0.source) }
    }

    // MARK: - Running

    func run() {
        let missing = catalogue.specs.filter { !FileManager.default.fileExists(atPath: headers.path(of: ShimHeaders.call($0))) }
        for spec in missing {
            log.check([Finding(primary: Diagnostic(at: SourceLocation(file: headers.display(headers.path(of: ShimHeaders.call(spec))), line: 1, column: 1),
                                                   "the generated header is missing; run `sysshim generate`"),
                               notes: [Diagnostic(.note, at: spec.locations["name"] ?? .start(of: spec.sourcePath), "the spec of \(spec.name) is here")])],
                      in: "files")
        }
        if !missing.isEmpty { return }
        validateConfigurationsConcurrently()
        validateAgainstUAPI()
        for set in catalogue.flagSets.values.sorted(by: { $0.name < $1.name }) {
            // insert: a constant of several sets is reported once.
            for flag in set.flags where flag.isSystem && systemFlagsCompared.insert(flag.name).inserted {
                log.skip("no configuration's C library defines \(flag.name) (<\(flag.systemHeader!)>); its value is not compared with the spec's")
            }
        }
    }

    /// Every configuration, parsed on every core. Each configuration's
    /// findings go into a log of their own, merged afterwards in the
    /// configurations' order: the report is the same as one thread's.
    func validateConfigurationsConcurrently() {
        // Computed here, once, before the workers copy them.
        let plan = configurations
        _ = cxxLinkageDeclarations
        let queue = ConfigurationQueue(count: plan.count)
        let workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, plan.count))
        let workers = (0..<workerCount).map { _ in ValidationWorker(run: ValidationRun(workerOf: self)) }
        _ = workers.concurrentMap { worker in
            worker.validate(taking: queue)
            return true
        }
        let results = workers.flatMap(\.results).sorted { $0.index < $1.index }
        for result in results { log.merge(result.log) }
        for worker in workers {
            translationUnits += worker.run.translationUnits
            systemFlagsCompared.formUnion(worker.run.systemFlagsCompared)
        }
    }

    func parse(_ configuration: Configuration, source: UnitSource, detailed: Bool = false) throws -> TranslationUnit {
        var files = [ClangIndex.UnsavedFile(path: Self.mainFile, contents: source.text)]
        if configuration.platform.usesStubs { files += StubHeaders.unsavedFiles(for: catalogue) }
        translationUnits += 1
        return try index.parse(mainFile: Self.mainFile, arguments: arguments(for: configuration), unsavedFiles: files,
                               detailedPreprocessingRecord: detailed)
    }

    func validate(_ configuration: Configuration) {
        let source = UnitSourceBuilder.source(for: configuration, catalogue: catalogue)
        let unit: TranslationUnit
        do {
            unit = try parse(configuration, source: source)
        } catch {
            log.check([Finding(primary: Diagnostic(at: headers.location(ShimHeaders.umbrella), "\(error)"))], in: configuration.name)
            return
        }

        var diagnostics = unit.diagnostics
        // The number block's #error is the promised outcome where the spec has no number.
        for name in source.expectedErrors {
            guard let spec = catalogue.spec(named: name) else { continue }
            let header = headers.path(of: ShimHeaders.call(spec))
            if let index = diagnostics.firstIndex(where: {
                $0.severity.rawValue >= ClangDiagnostic.Severity.error.rawValue && $0.location?.file == header && $0.message.contains(spec.name)
            }) {
                diagnostics.remove(at: index)
                log.check([], in: configuration.name)
            } else {
                let abiName = configuration.platform.abi?.name ?? "an unknown architecture"
                log.check([Finding(primary: Diagnostic(at: headers.location(ShimHeaders.call(spec)),
                                                       "\(CShimEmitter.numberMacro(spec)) must stop with #error naming \(spec.name) on \(abiName), which the spec has no number for"),
                                   notes: specNotes(spec, key: "numbers", "the spec's numbers are here"))],
                          in: configuration.name)
            }
        }
        let linkageConflicts = removeLibraryLinkageConflicts(&diagnostics, configuration: configuration)
        // A probe of such a call then fails too (an ambiguous call): the same conflict.
        diagnostics.removeAll { diagnostic in
            guard let location = diagnostic.location, location.file == Self.mainFile,
                  let spec = source.probeLines[location.line]?.spec else { return false }
            return linkageConflicts.contains(spec)
        }
        log.check(diagnostics.map { finding(from: $0, source: source) }, in: configuration.name)

        if let single = configuration.singleHeader {
            if !configuration.standard.isCPlusPlus { checkIncludeGuard(single, unit: unit, configuration: configuration) }
            return
        }

        let probes = Probes(unit: unit)
        var macroLocator = MacroLocator(run: self, configuration: configuration, source: source)
        let glibc = probes.value(ProbeName.glibcVersion).map { Version([Int($0 / 1000), Int($0 % 1000)]) }
        let abi = configuration.platform.abi
        lazy var topLevelFunctions = unit.topLevelFunctions()

        for spec in catalogue.specs where source.visibleSpecs.contains(spec.name) {
            var libcHas = false
            if configuration.libc == .glibc, let glibc, let since = spec.availability.glibc { libcHas = glibc >= since }
            if source.hiddenPrototypes.contains(spec.name) {
                checkHiddenPrototype(spec, functions: topLevelFunctions, probes: probes, configuration: configuration)
            } else {
                checkPrototype(spec, symbol: CShimEmitter.shimSymbol(spec), probes: probes, configuration: configuration)
                checkPrototype(spec, symbol: CShimEmitter.rawSymbol(spec), probes: probes, configuration: configuration)
                // The name is the C library's function, the shim's redirected
                // declaration, or (header-only mode) a macro calling the shim's wrapper.
                if probes.value(ProbeName.macro(spec)) == nil {
                    checkPrototype(spec, symbol: spec.name, probes: probes, configuration: configuration)
                }
                if !linkageConflicts.contains(spec.name) {
                    checkResolution(spec, libcHas: libcHas, probes: probes, configuration: configuration, macroLocator: &macroLocator)
                }
            }
            checkTag(spec, probes: probes, configuration: configuration, macroLocator: &macroLocator)
            if let value = probes.value(ProbeName.libcHas(spec)) {
                var findings: [Finding] = []
                if (value != 0) != libcHas {
                    let macro = CShimEmitter.libcHasMacro(spec)
                    findings.append(Finding(
                        primary: Diagnostic(at: macroLocator.definition(of: macro, probe: ProbeName.libcHas(spec)) ?? headers.location(ShimHeaders.call(spec)),
                                            "\(macro) is \(value), but the C library \(libcHas ? "has" : "lacks") \(spec.name) here"
                                            + (glibc.map { " (glibc \($0)\(configuration.forcesShim ? " with SYSSHIM_FORCE_SHIM" : ""))" } ?? "")),
                        notes: specNotes(spec, key: "availability", "the spec's availability is here")))
                }
                log.check(findings, in: configuration.name)
            }
            if let abi, let value = probes.value(ProbeName.number(spec)) {
                let expected: Int64 = switch spec.numbers.entry(for: abi) {
                case .number(let number): Int64(number)
                case .notWired, .unknown: -1
                }
                var findings: [Finding] = []
                if value != expected {
                    let macro = CShimEmitter.numberMacro(spec)
                    findings.append(Finding(
                        primary: Diagnostic(at: macroLocator.definition(of: macro, probe: ProbeName.number(spec)) ?? headers.location(ShimHeaders.call(spec)),
                                            "\(macro) is \(number: value) on \(abi.name), but the spec says \(number: expected)"),
                        notes: numberNotes(spec, abi: abi)))
                }
                log.check(findings, in: configuration.name)
            }
        }

        var checkedFlags: Set<String> = []  // a C library constant may belong to several sets
        for set in catalogue.flagSets.values.sorted(by: { $0.name < $1.name }) where source.visibleSpecs.contains(set.owner) {
            for flag in set.flags where checkedFlags.insert(flag.name).inserted {
                guard let value = probes.value(ProbeName.flag(flag)) else { continue }
                let expected = flag.value(for: abi ?? .host)
                var findings: [Finding] = []
                if flag.isSystem {
                    // Stub headers define no constants; only a real C library's count.
                    if configuration.platform.usesStubs { continue }
                    systemFlagsCompared.insert(flag.name)
                }
                if value != expected {
                    let owner = catalogue.spec(named: set.owner)
                    let definedBy = flag.systemHeader.map { " (defined by the C library's <\($0)>)" } ?? ""
                    findings.append(Finding(
                        primary: Diagnostic(at: macroLocator.definition(of: flag.name, probe: ProbeName.flag(flag))
                                                ?? headers.location(owner.map(ShimHeaders.call) ?? ShimHeaders.umbrella),
                                            "\(flag.name)\(definedBy) is \(hex(value)) on \(abi?.name ?? "this target"), but the spec says \(hex(expected))"),
                        notes: flagNotes(flag, owner: set.owner, abi: abi ?? .host)))
                }
                log.check(findings, in: configuration.name)
            }
        }

        if case .simulated = configuration.platform { return }  // the base target's layout rules, not the ABI's
        let linux = probes.value(ProbeName.linuxVersion).map(Self.linuxVersion)
        for record in catalogue.structs.values.sorted(by: { $0.name < $1.name }) where source.visibleSpecs.contains(record.owner) {
            checkLayout(record, probes: probes, configuration: configuration, headersVersion: linux)
        }
    }

    /// LINUX_VERSION_CODE as a version.
    static func linuxVersion(_ code: Int64) -> Version {
        Version([Int(code >> 16), Int((code >> 8) & 0xff), Int(code & 0xff)])
    }

    // MARK: - Checks

    func checkPrototype(_ spec: SyscallSpec, symbol: String, probes: Probes, configuration: Configuration) {
        guard let variable = probes.cursor(ProbeName.function(symbol)) else { return }  // reported as a diagnostic
        var findings: [Finding] = []
        // Without a reference the probe did not compile; its diagnostic says why.
        guard let declaration = variable.descendants.first(where: { $0.kind == CXCursor_DeclRefExpr })?.referenced,
              !declaration.isNull else { return }
        let declarationLocation = declaration.location.map(sourceLocation) ?? headers.location(ShimHeaders.call(spec))
        let prototypeNotes = specNotes(spec, key: "parameters", "the prototype comes from the spec's returns and parameters")

        let function = variable.type.canonical.pointee
        if function.kind == CXType_FunctionNoProto {
            findings.append(Finding(primary: Diagnostic(at: declarationLocation, "\(symbol) is declared without a prototype"),
                                    notes: prototypeNotes))
        } else if function.kind != CXType_FunctionProto {
            findings.append(Finding(primary: Diagnostic(at: declarationLocation, "\(symbol) is not a function (its type is '\(variable.type.spelling)')"),
                                    notes: prototypeNotes))
        } else {
            let result = clang_getResultType(function)
            if let expected = probes.typedefType(ProbeName.returnType(spec)), !result.isSame(as: expected) {
                findings.append(Finding(
                    primary: Diagnostic(at: declarationLocation,
                                        "\(symbol) returns '\(result.spelling)', but the spec says '\(spec.returns.type)'\(canonicalNote(expected))"),
                    notes: specNotes(spec, key: "returns", "the spec's return type is here")))
            }
            let count = Int(clang_getNumArgTypes(function))
            if count != spec.parameters.count {
                findings.append(Finding(
                    primary: Diagnostic(at: declarationLocation,
                                        "\(symbol) takes \(count) parameter\(count == 1 ? "" : "s"), but the spec declares \(spec.parameters.count)"),
                    notes: prototypeNotes))
            }
            for (index, parameter) in spec.parameters.enumerated() where index < count {
                let actual = clang_getArgType(function, UInt32(index))
                guard let expected = probes.typedefType(ProbeName.argumentType(spec, index)), !actual.isSame(as: expected) else { continue }
                var location = declarationLocation
                if index < Int(clang_Cursor_getNumArguments(declaration)),
                   let parameterLocation = clang_Cursor_getArgument(declaration, UInt32(index)).location {
                    location = sourceLocation(parameterLocation)
                }
                findings.append(Finding(
                    primary: Diagnostic(at: location,
                                        "parameter \(index + 1) of \(symbol) has type '\(actual.spelling)', but the spec's '\(parameter.name)' is '\(parameter.type)'\(canonicalNote(expected))"
                                        + sameNameNote(actual, expected)),
                    notes: [Diagnostic(.note, at: parameter.location, "parameter '\(parameter.name)' is declared here")]))
            }
            if clang_isFunctionTypeVariadic(function) != 0 {
                findings.append(Finding(primary: Diagnostic(at: declarationLocation, "\(symbol) is variadic, but the spec's prototype is not"),
                                        notes: prototypeNotes))
            }
        }
        log.check(findings, in: configuration.name)
    }

    /// Which function a call of the C library name reaches, and so which symbol
    /// the program links to: the C library's own where it has the call; the
    /// shim's exported wrapper through an assembler name otherwise; in
    /// header-only mode the header's own wrapper through a function-like macro.
    func checkResolution(_ spec: SyscallSpec, libcHas: Bool, probes: Probes, configuration: Configuration,
                         macroLocator: inout MacroLocator) {
        guard let probe = probes.cursor(ProbeName.call(spec)),
              let call = probe.descendants.first(where: { $0.kind == CXCursor_CallExpr }),
              let callee = call.descendants.first(where: { $0.kind == CXCursor_DeclRefExpr })?.referenced,
              !callee.isNull else { return }  // the probe did not compile; its diagnostic says why
        let shim = CShimEmitter.shimSymbol(spec)
        // Without the redirect (header-only mode, or no GNU C to give an assembler
        // name), a function-like macro stands for the shim's wrapper.
        let throughMacro = !libcHas && (configuration.inlineWrappers || configuration.nonGNU)
        let isMacro = probes.value(ProbeName.macro(spec)) != nil
        let expectedSymbol = libcHas ? spec.name : shim
        let symbol = callee.mangledName
        let availabilityNote = specNotes(spec, key: "availability", "the spec's availability decides which is used")
        let whose = libcHas ? "the C library's own \(spec.name)" : "the shim's \(shim)"

        // glibc 2.36's <sys/pidfd.h> has no extern "C": in C++ its declarations
        // name C++ symbols, which the library does not define. The shim defers to
        // that header there, so the defect is the library's; it is reported, not failed.
        if libcHas, configuration.standard.isCPlusPlus, symbol != expectedSymbol, cxxLinkageDeclarations[spec.name] != nil,
           !isGenerated(callee) {
            log.skip("in C++, this machine's <\(spec.header)> declares \(spec.name) without extern \"C\", so calls go to the C++ symbol \(symbol), which the C library does not define; the shim uses the library's declaration there, and the symbol is not checked")
            return
        }

        var findings: [Finding] = []
        // Looked up only for a finding: the header's text is searched where the
        // declaration found is the C library's.
        lazy var location = generatedDeclaration(of: callee).flatMap(\.location).map(sourceLocation)
            ?? headers.location(ShimHeaders.call(spec), line: redirectLine(spec) ?? 1)
        if isMacro != throughMacro {
            let definition = isMacro ? macroLocator.definition(of: spec.name, probe: ProbeName.call(spec)) : nil
            let message = !throughMacro
                ? "\(spec.name) is a macro here, but it must be a declaration of \(whose) (taking its address must work)"
                : configuration.inlineWrappers
                ? "in SYSSHIM_INLINE mode \(spec.name) must be a function-like macro for \(shim), the header's own wrapper (a declaration would call the external \(shim), which that mode does not need a library for)"
                : "for a compiler that is not GNU C (no assembler names) \(spec.name) must be a function-like macro for \(shim)"
            findings.append(Finding(primary: Diagnostic(at: definition ?? location, message), notes: availabilityNote))
        }
        if isMacro != throughMacro {
            // Reported above; which function the call then reaches follows from it.
        } else if throughMacro && (callee.spelling != shim || !isGenerated(callee)) {
            findings.append(Finding(
                primary: Diagnostic(at: location,
                                    "a call of \(spec.name) reaches \(callee.spelling) (symbol \(symbol)), not the shim's \(shim) (through the macro \(spec.name))"),
                notes: availabilityNote))
        } else if configuration.inlineWrappers && !libcHas {
            // The header's own static wrapper: local to the unit, so its symbol
            // (C++ mangles it) does not matter, only that the call reaches it.
        } else if symbol != expectedSymbol {
            let via = callee.spelling == spec.name ? "" : " (through \(callee.spelling))"
            findings.append(Finding(
                primary: Diagnostic(at: location,
                                    "a call of \(spec.name) goes to the symbol \(symbol)\(via), but it must go to \(expectedSymbol), \(libcHas ? "the C library's own function" : "the shim's wrapper")"
                                    + (libcHas ? "" : redirectHint(callee: callee, spec: spec))),
                notes: availabilityNote))
        }
        log.check(findings, in: configuration.name)
    }

    /// Why a call missed the shim: no assembler name at all, or another one.
    func redirectHint(callee: CXCursor, spec: SyscallSpec) -> String {
        guard callee.spelling == spec.name else { return "" }
        if let label = callee.assemblerName {
            return " (its declaration's assembler name is \"\(label)\")"
        }
        return " (its declaration has no assembler name: SYSSHIM_REDIRECT_THROW (\"\(CShimEmitter.shimSymbol(spec))\") is missing)"
    }

    /// The line of the call header that redirects the name to the shim.
    func redirectLine(_ spec: SyscallSpec) -> Int? {
        headers.line(in: ShimHeaders.call(spec), where: { $0.contains("REDIRECT") && $0.contains(" \(spec.name) (") })
    }

    func isGenerated(_ cursor: CXCursor) -> Bool {
        cursor.location.map { $0.file.hasPrefix(headers.includeDirectory + "/") } ?? false
    }

    /// The declaration of a function in the generated headers: the one found,
    /// or else the first (another may come from the C library's header).
    func generatedDeclaration(of cursor: CXCursor) -> CXCursor? {
        if isGenerated(cursor) { return cursor }
        let first = clang_getCanonicalCursor(cursor)
        return isGenerated(first) ? first : nil
    }

    /// A macro named like the call must be function-like, so that `struct NAME`
    /// (struct statmount, struct cachestat) keeps its name.
    func checkTag(_ spec: SyscallSpec, probes: Probes, configuration: Configuration, macroLocator: inout MacroLocator) {
        guard let type = probes.typedefType(ProbeName.tag(spec)) else { return }
        let tag = clang_getTypeDeclaration(type.canonical).spelling
        var findings: [Finding] = []
        if tag != spec.name {
            let definition = macroLocator.definition(of: spec.name, probe: ProbeName.tag(spec))
            findings.append(Finding(
                primary: Diagnostic(at: definition ?? headers.location(ShimHeaders.call(spec)),
                                    "struct \(spec.name) becomes struct \(tag): the macro \(spec.name) must be function-like"),
                notes: specNotes(spec, key: "name", "generated from this spec")))
        }
        log.check(findings, in: configuration.name)
    }

    /// In strict ISO C without feature-test macros the C library hides
    /// clockid_t and siginfo_t, so a prototype naming them must not be there
    /// either (it would not compile); the rest of the header stays.
    func checkHiddenPrototype(_ spec: SyscallSpec, functions: [String: CXCursor], probes: Probes, configuration: Configuration) {
        let types = ([spec.returns.type] + spec.parameters.map(\.type)).filter(\.requiresPOSIX).map(\.description)
        let why = "where the C library hides its POSIX type\(types.count == 1 ? "" : "s") \(types.joined(separator: ", ")) (strict ISO C without feature-test macros); it belongs under SYSSHIM_POSIX_VISIBLE"
        var findings: [Finding] = []
        for symbol in [CShimEmitter.shimSymbol(spec), CShimEmitter.rawSymbol(spec), spec.name] {
            guard let declaration = functions[symbol], isGenerated(declaration), let location = declaration.location else { continue }
            findings.append(Finding(primary: Diagnostic(at: sourceLocation(location), "\(symbol) is declared \(why)"),
                                    notes: specNotes(spec, key: "parameters", "the prototype comes from the spec's returns and parameters")))
        }
        if probes.value(ProbeName.macro(spec)) != nil {
            findings.append(Finding(primary: Diagnostic(at: headers.location(ShimHeaders.call(spec), line: headers.line(in: ShimHeaders.call(spec), where: { $0.contains("define \(spec.name)(") }) ?? 1),
                                                        "the macro \(spec.name) is defined \(why)"),
                                    notes: specNotes(spec, key: "parameters", "the prototype comes from the spec's returns and parameters")))
        }
        log.check(findings, in: configuration.name)
    }

    func checkLayout(_ record: StructSpec, probes: Probes, configuration: Configuration, headersVersion: Version?) {
        guard let type = probes.typedefType(ProbeName.structType(record))?.canonical else { return }
        let owner = catalogue.spec(named: record.owner)
        let fallback = headers.location(owner.map(ShimHeaders.call) ?? ShimHeaders.umbrella)
        let structNote = Diagnostic(.note, at: record.location, "struct \(record.name) is declared here")
        guard let size = type.size, let alignment = type.alignment else {
            log.check([Finding(primary: Diagnostic(at: fallback, "struct \(record.name) is not defined by the generated headers"),
                               notes: [structNote])], in: configuration.name)
            return
        }
        let declaration = clang_getTypeDeclaration(type)
        let location = declaration.location.map(sourceLocation) ?? fallback
        let abi = configuration.platform.abi ?? .host
        let fields = declaration.children.filter { $0.kind == CXCursor_FieldDecl }
        // The shim's own definition is the spec's whole struct; the kernel's
        // may be an older version of a struct that grew.
        let shimOwn = isGenerated(declaration)
        let expected = ExpectedLayout(record, abi: abi, headersVersion: shimOwn ? nil : headersVersion, fields: fields, alignment: alignment)
        let source = shimOwn ? "the generated headers" : definitionSource(record, file: location.file, version: headersVersion, expected: expected)
        var findings = layoutFindings(record, expected: expected, size: size, alignment: alignment, abi: abi, fields: fields,
                                      offset: { type.offset(ofField: $0) }, structLocation: location, source: source)
        for (index, field) in expected.fields.enumerated() {
            guard let expectedType = probes.typedefType(ProbeName.fieldType(record, index)),
                  let actual = fields.first(where: { $0.spelling == field.name }),
                  !actual.type.isSame(as: expectedType) else { continue }
            findings.append(Finding(
                primary: Diagnostic(at: actual.location.map(sourceLocation) ?? location,
                                    "field '\(field.name)' of struct \(record.name) has type '\(actual.type.spelling)', but the spec says '\(field.type)'\(canonicalNote(expectedType))"),
                notes: [Diagnostic(.note, at: field.location, "field '\(field.name)' is declared here")]))
        }
        if findings.isEmpty { noteOlderStruct(record, expected: expected, file: location.file, version: headersVersion) }
        log.check(findings, in: configuration.name)
    }

    /// How diagnostics name a definition of a struct that is not the shim's own:
    /// by its UAPI header, with the headers' version where that version is older.
    func definitionSource(_ record: StructSpec, file: String, version: Version?, expected: ExpectedLayout) -> String {
        let header = record.uapiHeader.map { "<\($0)>" } ?? headers.display(file)
        guard expected.olderThan != nil, let version else { return header }
        return "\(header) (Linux \(Self.release(version)) headers)"
    }

    /// Says once that this machine's headers define an older version of a struct
    /// and that it was accepted as such (called only when it matched that version).
    func noteOlderStruct(_ record: StructSpec, expected: ExpectedLayout, file: String, version: Version?) {
        guard let older = expected.olderThan, let version else { return }
        let header = record.uapiHeader.map { "<\($0)>" } ?? headers.display(file)
        let missing = record.fields.dropFirst(expected.fields.count).map(\.name)
        log.skip("this machine's \(header) (Linux \(Self.release(version)) headers) defines struct \(record.name) as it was before Linux \(older) (\(expected.size) bytes: \(expected.fields.map(\.name).joined(separator: ", "))); it is accepted as that version, and \(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") checked in the shim's own definition only")
    }

    /// A kernel release as people name it: "6.1", not "6.1.187".
    static func release(_ version: Version) -> String { "\(version.major).\(version.minor)" }

    /// Size, alignment, field names, order and offsets against the spec's declared layout
    /// (or, for an older version of a struct that grew, the part of it that version has).
    func layoutFindings(_ record: StructSpec, expected: ExpectedLayout, size: Int, alignment: Int, abi: ABI, fields: [CXCursor],
                        offset: (String) -> Int?, structLocation: SourceLocation, source: String) -> [Finding] {
        var findings: [Finding] = []
        let structNote = Diagnostic(.note, at: record.location, "struct \(record.name) is declared here")
        let spec = expected.basis
        if size != expected.size {
            findings.append(Finding(primary: Diagnostic(at: structLocation, "struct \(record.name) in \(source) is \(size) bytes on \(abi.name), but \(spec) declares \(expected.size)"),
                                    notes: [structNote]))
        }
        // ILP32 ABIs such as i386 align 64-bit members to 4 bytes; the kernel copies
        // these structs by size, so only the LP64 alignment is part of the interface.
        // An older version may have had only narrower members.
        let exact = abi.isLP64 && expected.olderThan == nil
        if alignment != expected.alignment && (exact || alignment > expected.alignment) {
            findings.append(Finding(primary: Diagnostic(at: structLocation, "struct \(record.name) in \(source) is aligned to \(alignment) bytes on \(abi.name), but \(spec) declares \(expected.alignment)"),
                                    notes: [structNote]))
        }
        let names = fields.map(\.spelling)
        if names != expected.fields.map(\.name) {
            findings.append(Finding(primary: Diagnostic(at: structLocation, "struct \(record.name) in \(source) has fields \(names.joined(separator: ", ")), but \(spec) declares \(expected.fields.map(\.name).joined(separator: ", "))"),
                                    notes: [structNote]))
        }
        for field in expected.fields {
            guard let actual = offset(field.name), actual != field.offset else { continue }
            let cursor = fields.first { $0.spelling == field.name }
            findings.append(Finding(
                primary: Diagnostic(at: cursor?.location.map(sourceLocation) ?? structLocation,
                                    "field '\(field.name)' of struct \(record.name) in \(source) is at offset \(actual) on \(abi.name), but \(spec) declares \(field.offset)"),
                notes: [Diagnostic(.note, at: field.location, "field '\(field.name)' is declared here")]))
        }
        return findings
    }

    func checkIncludeGuard(_ header: String, unit: TranslationUnit, configuration: Configuration) {
        let path = headers.path(of: header)
        var findings: [Finding] = []
        if unit.isIncludeGuarded(path) == false {
            let spec = catalogue.specs.first { ShimHeaders.call($0) == header }
            findings.append(Finding(primary: Diagnostic(at: headers.location(header), "\(headers.display(path)) has no include guard around its whole text"),
                                    notes: spec.map { specNotes($0, key: "name", "generated from this spec") } ?? []))
        }
        log.check(findings, in: configuration.name)
    }

    // MARK: - Diagnostics

    func sourceLocation(_ location: ClangLocation) -> SourceLocation {
        SourceLocation(file: headers.display(location.file), line: location.line, column: location.column)
    }

    func specNotes(_ spec: SyscallSpec, key: String, _ message: String) -> [Diagnostic] {
        [Diagnostic(.note, at: spec.locations[key] ?? spec.locations["name"] ?? .start(of: spec.sourcePath), message)]
    }

    /// The spec value a call's number on `abi` comes from: its override, else the
    /// common number, else the `numbers` key (for loaders that record less).
    func numberNotes(_ spec: SyscallSpec, abi: ABI) -> [Diagnostic] {
        if let location = spec.locations["numbers.overrides.\(abi.name)"] {
            return [Diagnostic(.note, at: location, "the spec's number for \(abi.name) is here")]
        }
        if let location = spec.locations["numbers.common"] {
            return [Diagnostic(.note, at: location, "the spec's common number is here (\(abi.name) adds \(abi.commonOffset))")]
        }
        return specNotes(spec, key: "numbers", "the spec's numbers are here")
    }

    /// The spec value a flag's macro comes from on `abi`.
    func flagNotes(_ flag: Flag, owner: String, abi: ABI) -> [Diagnostic] {
        let locations = catalogue.spec(named: owner)?.locations ?? [:]
        let location = locations["flags.\(flag.name).overrides.\(abi.name)"] ?? locations["flags.\(flag.name).value"] ?? flag.location
        return [Diagnostic(.note, at: location, "flag \(flag.name) is declared here")]
    }

    func canonicalNote(_ expected: CXType) -> String {
        let canonical = expected.canonical.spelling
        return canonical == expected.spelling ? "" : " ('\(canonical)' here)"
    }

    /// Two distinct types can print alike: a struct first declared inside a
    /// prototype is a new type, visible only there.
    func sameNameNote(_ actual: CXType, _ expected: CXType) -> String {
        actual.spelling == expected.spelling
            ? " (a distinct type of the same name: is the struct declared before the prototype?)" : ""
    }

    func hex(_ value: Int64) -> String {
        value < 0 ? String(value) : "0x" + String(value, radix: 16)
    }

    /// A compiler diagnostic as a finding: where it is in a generated header, a
    /// note names the spec field the line came from; in the validator's own
    /// probes, it is reported against the header the probe exercises.
    func finding(from diagnostic: ClangDiagnostic, source: UnitSource) -> Finding {
        let severity: Diagnostic.Severity = switch diagnostic.severity {
        case .ignored, .note: .note
        case .warning: .warning
        case .error, .fatal: .error
        }
        let option = diagnostic.option.isEmpty ? "" : " [\(diagnostic.option)]"
        // The include stack differs between include orders and says nothing new.
        let clangNotes = diagnostic.notes.filter {
            !$0.message.hasPrefix("in file included from") && $0.location?.file != Self.mainFile
        }
        var notes = clangNotes.compactMap { note in
            note.location.map { Diagnostic(.note, at: sourceLocation($0), note.message) }
        }
        guard let location = diagnostic.location else {
            return Finding(primary: Diagnostic(severity, at: headers.location(ShimHeaders.umbrella), diagnostic.message + option), notes: notes)
        }
        if location.file == Self.mainFile {
            let origin = source.probeLines[location.line]
            let spec = origin?.spec.flatMap { catalogue.spec(named: $0) }
            let header = spec.map(ShimHeaders.call) ?? ShimHeaders.umbrella
            return Finding(primary: Diagnostic(severity, at: headers.location(header),
                                               "using \(origin?.what ?? "the headers") fails: \(diagnostic.message)\(option)"),
                           notes: notes + (spec.map { specNotes($0, key: "name", "generated from this spec") } ?? []))
        }
        let generated = ([location] + clangNotes.compactMap(\.location)).first { headers.spec(owning: $0.file) != nil }
        if let generated, let note = headers.specNote(file: generated.file, line: generated.line) {
            notes.append(note)
        }
        return Finding(primary: Diagnostic(severity, at: sourceLocation(location), diagnostic.message + option), notes: notes)
    }
}

/// The probe declarations of a parsed unit, by name.
struct Probes {
    var cursors: [String: CXCursor] = [:]

    init(unit: TranslationUnit) {
        for cursor in unit.mainFileCursors() where cursor.kind == CXCursor_VarDecl || cursor.kind == CXCursor_TypedefDecl {
            let name = cursor.spelling
            if name.hasPrefix("sysshim_check_") { cursors[name] = cursor }
        }
    }

    func cursor(_ name: String) -> CXCursor? { cursors[name] }

    func value(_ name: String) -> Int64? { cursors[name]?.integerValue }

    func typedefType(_ name: String) -> CXType? {
        cursors[name].map { clang_getTypedefDeclUnderlyingType($0) }
    }
}

/// Finds where a macro used by a probe was defined. Parsing with a detailed
/// preprocessing record costs a fifth more, so it is done only for a
/// configuration that has a wrong constant, and at most once.
struct MacroLocator {
    let run: ValidationRun
    let configuration: Configuration
    let source: UnitSource
    private var unit: TranslationUnit?
    private var tried = false

    init(run: ValidationRun, configuration: Configuration, source: UnitSource) {
        self.run = run
        self.configuration = configuration
        self.source = source
    }

    mutating func definition(of macro: String, probe: String) -> SourceLocation? {
        if !tried {
            tried = true
            unit = try? run.parse(configuration, source: source, detailed: true)
        }
        guard let unit, let line = source.lineOfProbe[probe] else { return nil }
        let expansion = unit.mainFileCursors().first {
            $0.kind == CXCursor_MacroExpansion && $0.spelling == macro && $0.location?.line == line
        }
        guard let definition = expansion?.referenced, !definition.isNull, let location = definition.location else { return nil }
        return run.sourceLocation(location)
    }
}

/// The layout a struct definition must have: the spec's declared one (LP64's,
/// see docs/spec.md); on an ILP32 ABI, for a struct with fields whose size
/// depends on the data model (pointers, size_t, long: struct iovec), the one C
/// gives the same fields there; and where kernel headers older than some of
/// its fields define it, the version those headers have — the leading fields
/// whose `since` they reach, at the spec's offsets, and the size that version
/// had (where its last field ends, rounded up to its alignment).
struct ExpectedLayout {
    var fields: [StructField]
    var size: Int
    var alignment: Int
    /// The release that added the first field this version lacks.
    var olderThan: Version?
    /// Laid out for ILP32 from the field types rather than declared.
    var laidOutForILP32 = false

    /// Who says so, in diagnostics: "the spec declares 16".
    var basis: String {
        if let olderThan { return "the spec's struct before Linux \(olderThan)" }
        return laidOutForILP32 ? "the spec, laid out for ILP32," : "the spec"
    }

    init(_ record: StructSpec, abi: ABI, headersVersion: Version?, fields actual: [CXCursor], alignment actualAlignment: Int) {
        fields = record.fields
        size = record.size
        alignment = record.alignment
        if !abi.isLP64, let ilp32 = Self.ilp32Layout(record) {
            (fields, size, alignment) = ilp32
            laidOutForILP32 = true
        }
        let reached = { (field: StructField) in field.since.map { $0 <= (headersVersion ?? $0) } ?? true }
        let prefix = Array(fields.prefix(while: reached))
        guard headersVersion != nil, prefix.count < fields.count else { return }
        let firstMissing = fields[prefix.count]
        size = firstMissing.offset
        if let last = prefix.last, let lastSize = actual.first(where: { $0.spelling == last.name })?.type.size, actualAlignment > 0 {
            size = (last.offset + lastSize + actualAlignment - 1) / actualAlignment * actualAlignment
        }
        fields = prefix
        olderThan = firstMissing.since
    }

    /// The layout C gives the fields on ILP32 (each at its natural alignment, as
    /// the loader checks the declared LP64 layout), where it differs from LP64's;
    /// nil where every field has the same size in both or a size unknown here.
    static func ilp32Layout(_ record: StructSpec) -> (fields: [StructField], size: Int, alignment: Int)? {
        guard record.fields.contains(where: { $0.type.size(lp64: false) != $0.type.size(lp64: true) }) else { return nil }
        var fields: [StructField] = []
        var offset = 0, alignment = 1
        for field in record.fields {
            guard let elementSize = field.type.size(lp64: false) else { return nil }
            let fieldAlignment = record.packed ? 1 : elementSize
            var placed = field
            placed.offset = (offset + fieldAlignment - 1) / fieldAlignment * fieldAlignment
            fields.append(placed)
            offset = placed.offset + elementSize * (field.arrayLength ?? 1)
            alignment = max(alignment, fieldAlignment)
        }
        return (fields, (offset + alignment - 1) / alignment * alignment, alignment)
    }
}

/// The next configuration to validate, handed to whichever worker asks first.
private final class ConfigurationQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// One thread's share of a validation. Unchecked Sendable: a worker, its run
/// and the run's libclang index are only ever used by the one thread that
/// `concurrentMap` gives it, and read by the caller after the map returns.
private final class ValidationWorker: @unchecked Sendable {
    let run: ValidationRun
    private(set) var results: [(index: Int, log: FindingLog)] = []

    init(run: ValidationRun) { self.run = run }

    func validate(taking queue: ConfigurationQueue) {
        while let index = queue.take() {
            run.log = FindingLog()
            run.validate(run.configurations[index])
            results.append((index, run.log))
        }
        run.log = FindingLog()
    }
}
