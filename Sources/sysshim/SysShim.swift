import ArgumentParser
import Foundation
import HeaderCheck
import SyscallGen
import SyscallSpec

/// Exit status for invalid specs (sysexits.h EX_DATAERR).
let exitSpecError = ExitCode(65)

@main
struct SysShim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sysshim",
        abstract: "Render Linux system-call specs into a C shim, Swift bindings, man pages and tests.",
        subcommands: [Generate.self, Check.self, Validate.self, List.self, New.self]
    )
}

struct Locations: ParsableArguments {
    @Option(name: .customLong("spec-dir"), help: "Directory of spec files (*.yaml).")
    var specDirectory = "spec"

    @Option(name: .customLong("output-dir"), help: "Root under which generated/ and man/ are written.")
    var outputDirectory = "."

    @Option(name: .customLong("emitter"),
            help: ArgumentHelp("Limit the run to this output kind (repeatable); only its directories are compared or written.",
                               valueName: "name"))
    var emitterNames: [String] = []

    func validate() throws {
        let known = EmitterRegistry.all.map(\.name)
        for name in emitterNames where !known.contains(name) {
            throw ValidationError("unknown emitter '\(name)'; the emitters are: \(known.joined(separator: ", "))")
        }
    }

    var emitters: [any Emitter] {
        emitterNames.isEmpty ? EmitterRegistry.all : EmitterRegistry.all.filter { emitterNames.contains($0.name) }
    }

    var specURL: URL { URL(fileURLWithPath: specDirectory) }
    var outputURL: URL { URL(fileURLWithPath: outputDirectory) }

    /// Loads the catalogue or prints every diagnostic and exits 65.
    func loadCatalogue() throws -> Catalogue {
        switch Catalogue.load(directory: specURL, displayPrefix: specDirectory.trimmingTrailingSlashes) {
        case .success(let catalogue):
            return catalogue
        case .failure(let error):
            report(error.diagnostics)
            throw exitSpecError
        }
    }

    func render(_ catalogue: Catalogue) throws -> [GeneratedFile] {
        do {
            return try Generator.render(catalogue, emitters: emitters)
        } catch {
            report(error.diagnostics)
            throw exitSpecError
        }
    }

    var tree: OutputTree {
        OutputTree(root: outputURL, ownedDirectories: Generator.ownedDirectories(emitters))
    }
}

func report(_ diagnostics: [Diagnostic]) {
    let errors = diagnostics.filter { $0.severity == .error }.count
    var text = diagnostics.map(\.description).joined(separator: "\n")
    text += "\n\(errors) error\(errors == 1 ? "" : "s"); nothing was written\n"
    FileHandle.standardError.write(Data(text.utf8))
}

extension String {
    var trimmingTrailingSlashes: String {
        var result = self
        while result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return result
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate every output from the specs.",
        discussion: """
        Loads every spec, and only if all of them are valid renders the outputs and \
        writes the files whose content changed (each through a temporary file and a \
        rename). Outputs whose spec was deleted are removed. Prints what changed.
        """
    )

    @OptionGroup var locations: Locations

    func run() throws {
        let catalogue = try locations.loadCatalogue()
        let files = try locations.render(catalogue)
        let plan: OutputPlan
        do {
            plan = try locations.tree.apply(files)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        for path in plan.missing { print("created \(path)") }
        for path in plan.stale { print("updated \(path)") }
        for path in plan.extra { print("removed \(path)") }
        print("\(catalogue.specs.count) spec\(catalogue.specs.count == 1 ? "" : "s"): "
              + "\(plan.missing.count) created, \(plan.stale.count) updated, \(plan.extra.count) removed, "
              + "\(plan.unchangedCount) unchanged")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fail when generated/ or man/ differ from what the specs produce.",
        discussion: "Exits 1 and lists every missing, stale or extra file; exits 0 when the tree is up to date."
    )

    @OptionGroup var locations: Locations

    func run() throws {
        let catalogue = try locations.loadCatalogue()
        let files = try locations.render(catalogue)
        let plan = locations.tree.plan(for: files)
        guard plan.isUpToDate else {
            for path in plan.missing { print("missing: \(path)") }
            for path in plan.stale { print("stale: \(path)") }
            for path in plan.extra { print("extra: \(path)") }
            print("outputs differ from the specs; run `sysshim generate` and commit the result")
            throw ExitCode.failure
        }
        print("up to date: \(files.count) files from \(catalogue.specs.count) spec\(catalogue.specs.count == 1 ? "" : "s")")
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every generated C header with libclang.",
        discussion: """
        Parses the headers under OUTPUT-DIR/generated/c/include in every supported \
        configuration (C and C++ dialects; glibc, forced shim and musl; both include \
        orders; foreign targets with stub headers) and checks that they compile without \
        a diagnostic, that prototypes, constants and struct layouts equal the specs', \
        and that this machine's kernel UAPI headers agree. Prints problems as \
        file:line:column, then a summary line; exits 1 when any check fails. \
        See docs/validation.md.
        """
    )

    @OptionGroup var locations: Locations

    @Option(name: .customLong("emit-clang-commands"), help: ArgumentHelp(
        "Instead of validating, write every translation unit into DIR and print the equivalent clang -fsyntax-only command lines (the benchmark's baseline).",
        valueName: "DIR"))
    var clangCommandsDirectory: String?

    @Option(name: .customLong("clang"), help: "The clang driver named in --emit-clang-commands output.")
    var clang = "clang"

    func run() throws {
        let catalogue = try locations.loadCatalogue()
        let options = ValidationOptions(outputRoot: locations.outputURL)
        if let clangCommandsDirectory {
            let directory = URL(fileURLWithPath: clangCommandsDirectory)
            let commands: [String]
            do {
                commands = try HeaderValidator.clangCommands(catalogue, options: options, directory: directory, clang: clang)
            } catch {
                FileHandle.standardError.write(Data("cannot write \(clangCommandsDirectory): \(error.localizedDescription)\n".utf8))
                throw ExitCode.failure
            }
            print(commands.joined(separator: "\n"))
            return
        }
        let report = HeaderValidator.validate(catalogue, options: options)
        print(report.text, terminator: "")
        if !report.passed { throw ExitCode.failure }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the catalogue as a table.")

    @Option(name: .customLong("spec-dir"), help: "Directory of spec files (*.yaml).")
    var specDirectory = "spec"

    func run() throws {
        let catalogue = try Locations.parse(["--spec-dir", specDirectory]).loadCatalogue()
        let x86 = ABI.byName["x86_64"]!
        var rows: [[String]] = [["NAME", "x86_64", "LINUX", "GLIBC", "MUSL", "SUMMARY"]]
        for spec in catalogue.specs {
            let number: String
            switch spec.numbers.entry(for: x86) {
            case .number(let value): number = String(value)
            case .notWired: number = "none"
            case .unknown: number = "?"
            }
            rows.append([spec.name, number, spec.availability.linux.description,
                         spec.availability.glibc?.description ?? "none", spec.availability.musl?.description ?? "none",
                         spec.summary.plainText])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a scaffold spec for a new system call.",
        discussion: "The scaffold loads and validates as written; replace each TODO with the call's facts."
    )

    @Argument(help: "The system call's name, e.g. pidfd_open.")
    var name: String

    @Option(name: .customLong("spec-dir"), help: "Directory of spec files (*.yaml).")
    var specDirectory = "spec"

    /// A bad name is a usage error (exit 64, with this command's usage).
    func validate() throws {
        if let problem = Identifier.problem(with: name) {
            throw ValidationError("cannot name a spec that way: \(problem)")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: specDirectory).appendingPathComponent("\(name).yaml")
        if FileManager.default.fileExists(atPath: url.path) {
            // Not a usage error: the command is right, the file is in the way.
            FileHandle.standardError.write(Data("error: \(specDirectory)/\(name).yaml exists already; edit it, or remove it first\n".utf8))
            throw ExitCode.failure
        }
        // A number no other spec uses, so the scaffold loads beside them.
        var number = 1000
        if case .success(let catalogue) = Catalogue.load(directory: URL(fileURLWithPath: specDirectory)) {
            let used = catalogue.specs.compactMap(\.numbers.common)
            number = max(number, (used.max() ?? 0) + 1)
            while used.contains(number) { number += 1 }
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let text = Scaffold.render(name: name, number: number, date: formatter.string(from: Date()))
        do {
            try FileManager.default.createDirectory(atPath: specDirectory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            FileHandle.standardError.write(Data("error: cannot write \(url.path): \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        print("wrote \(specDirectory)/\(name).yaml")
    }
}
