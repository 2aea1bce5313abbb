import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

/// Building and running generated argument-test programs.
enum ArgTestSupport {
    static let generatedTests = TestSupport.packageRoot.appendingPathComponent("generated/tests")
    static let committedProgram = generatedTests.appendingPathComponent("process_mrelease_args.c")
    static let referenceSpec = TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml")

    enum Build: Sendable {
        /// gcc, glibc, linked with libsysshim.a.
        case glibc
        /// gcc with AddressSanitizer and UndefinedBehaviorSanitizer; any report aborts.
        case sanitized
        /// musl-gcc, static, linked with the musl build of libsysshim.a.
        case muslStatic
        /// gcc, the wrappers compiled in (SYSSHIM_INLINE): for programs of temporary specs.
        case inline
    }

    /// Compiles a generated program (with -Wall -Wextra -Werror) into `directory`.
    static func build(_ source: URL, _ build: Build, in directory: URL, include: URL? = nil,
                      defines: [String] = []) throws -> URL {
        let output = directory.appendingPathComponent(source.deletingPathExtension().lastPathComponent + "-\(build)")
        let includeDirectory = (include ?? TestSupport.packageRoot.appendingPathComponent("generated/c/include")).path
        var flags = ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2", "-I\(includeDirectory)",
                     "-I\(source.deletingLastPathComponent().path)"] + defines.map { "-D\($0)" }
        let result: TestSupport.ProcessResult
        switch build {
        case .glibc:
            let library = try CToolchain.library(for: .glibc).appendingPathComponent("libsysshim.a").path
            result = try TestSupport.run("gcc", flags + [source.path, library, "-o", output.path], environment: CToolchain.cLocale)
        case .sanitized:
            flags += ["-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
            let library = try CToolchain.library(for: .glibc).appendingPathComponent("libsysshim.a").path
            result = try TestSupport.run("gcc", flags + [source.path, library, "-o", output.path], environment: CToolchain.cLocale)
        case .muslStatic:
            let library = try CToolchain.library(for: .musl).appendingPathComponent("libsysshim.a").path
            result = try TestSupport.run("musl-gcc", flags + ["-static", source.path, library, "-o", output.path],
                                         environment: CToolchain.cLocale)
        case .inline:
            result = try TestSupport.run("gcc", flags + ["-DSYSSHIM_INLINE", source.path, "-o", output.path],
                                         environment: CToolchain.cLocale)
        }
        guard result.status == 0 else {
            throw CToolchain.BuildFailure(description: "building \(source.lastPathComponent) (\(build)) failed:\n\(result)")
        }
        return output
    }

    /// The committed program, built once per test run for each way.
    static let committedBuilds: Result<[String: URL], CToolchain.BuildFailure> = {
        do {
            let directory = try TestSupport.temporaryDirectory("argtest-committed")
            var programs: [String: URL] = [:]
            for way in [Build.glibc, .sanitized, .muslStatic, .inline] {
                programs["\(way)"] = try build(committedProgram, way, in: directory)
            }
            let leakDirectory = directory.appendingPathComponent("leak")
            try FileManager.default.createDirectory(at: leakDirectory, withIntermediateDirectories: true)
            programs["leak"] = try build(committedProgram, .glibc, in: leakDirectory,
                                         defines: ["ARGTEST_INJECT_LEAK"])
            return .success(programs)
        } catch let failure as CToolchain.BuildFailure {
            return .failure(failure)
        } catch {
            return .failure(CToolchain.BuildFailure(description: "\(error)"))
        }
    }()

    static func committed(_ way: String) throws -> URL {
        try #require(try committedBuilds.get()[way])
    }

    /// What a run printed, parsed.
    struct Run: CustomStringConvertible {
        var result: TestSupport.ProcessResult
        var status: Int32 { result.status }
        var lines: [Substring] { result.stdout.split(separator: "\n") }
        var failures: [Substring] { lines.filter { $0.hasPrefix("not ok") } }
        var passes: [Substring] { lines.filter { $0.hasPrefix("ok ") } }

        /// "# N passed, M failed" → (N, M).
        var summary: (passed: Int, failed: Int)? {
            guard let line = lines.last(where: { $0.hasPrefix("# ") && $0.contains(" passed, ") }),
                  let match = line.firstMatch(of: /# (\d+) passed, (\d+) failed/) else { return nil }
            return (Int(match.1)!, Int(match.2)!)
        }

        /// "# cases: E exhaustive, R random" → (E, R).
        var planned: (exhaustive: Int, random: Int)? {
            guard let line = lines.first(where: { $0.hasPrefix("# cases: ") }),
                  let match = line.firstMatch(of: /# cases: (\d+) exhaustive, (\d+) random/) else { return nil }
            return (Int(match.1)!, Int(match.2)!)
        }

        var temporaryDirectory: String? {
            lines.first { $0.hasPrefix("# temporary directory: ") }.map { String($0.dropFirst("# temporary directory: ".count)) }
        }

        var description: String {
            let shown = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("ok ") }.prefix(60).joined(separator: "\n")
            return "exit \(status)\nstdout (without ok lines):\n\(shown)\nstderr:\n\(result.stderr.prefix(4000))"
        }
    }

    static func run(_ program: URL, _ arguments: [String]) throws -> Run {
        Run(result: try TestSupport.run(program.path, arguments))
    }

    /// A copy of the reference spec with `edits` applied (each must match), generated
    /// into a fresh output tree; returns that tree's program and include directory.
    struct Variant {
        var directory: URL
        var program: URL
        var include: URL
        var specFile: URL
    }

    static func variant(_ label: String, edits: [(String, String)]) throws -> Variant {
        let directory = try TestSupport.temporaryDirectory("argtest-\(label)")
        let specDirectory = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specDirectory, withIntermediateDirectories: true)
        var text = try String(contentsOf: referenceSpec, encoding: .utf8)
        for (old, new) in edits {
            try #require(text.contains(old), "the reference spec no longer contains \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let specFile = specDirectory.appendingPathComponent("process_mrelease.yaml")
        try text.write(to: specFile, atomically: true, encoding: .utf8)
        let generate = try TestSupport.sysshim(["generate", "--spec-dir", specDirectory.path, "--output-dir", directory.path])
        try #require(generate.status == 0, "generate failed:\n\(generate)")
        return Variant(directory: directory,
                       program: directory.appendingPathComponent("generated/tests/process_mrelease_args.c"),
                       include: directory.appendingPathComponent("generated/c/include"), specFile: specFile)
    }

    static let catalogue: Catalogue = {
        // The tests that use it need the real catalogue; a load failure is a test failure.
        try! Catalogue.load(directory: TestSupport.specDirectory, displayPrefix: "spec").get()
    }()

    static var spec: SyscallSpec { catalogue.spec(named: "process_mrelease")! }

    /// The number of exhaustive cases the spec's domains make in one context:
    /// for each parameter its classes, or its flag words (0, each flag, all of
    /// them, each pair of an exclusive set, each undefined bit, all bits), multiplied.
    static func exhaustiveCount(_ spec: SyscallSpec, _ catalogue: Catalogue) -> Int {
        spec.parameters.map { parameter -> Int in
            switch ArgumentDomains.domain(for: parameter.role).kind {
            case .named:
                return ArgumentDomains.classes(of: parameter, in: catalogue).count
            case .flagBits:
                let flags = catalogue.flagSet(for: parameter)?.flags ?? []
                let width = (parameter.type.scalar?.sizeLP64 ?? 4) * 8
                let mask = flags.reduce(UInt64(0)) { $0 | UInt64(bitPattern: $1.value(for: .host)) }
                var words: Set<UInt64> = [0, width == 64 ? ~0 : (UInt64(1) << width) - 1]
                if flags.count > 1 { words.insert(mask) }
                for flag in flags { words.insert(UInt64(bitPattern: flag.value(for: .host))) }
                if catalogue.flagSet(for: parameter)?.exclusive == true {
                    for (index, first) in flags.enumerated() {
                        for second in flags[(index + 1)...] {
                            words.insert(UInt64(bitPattern: first.value(for: .host) | second.value(for: .host)))
                        }
                    }
                }
                for bit in 0..<width where mask & (UInt64(1) << bit) == 0 { words.insert(UInt64(1) << bit) }
                return words.count
            case .flagValues, .integer:
                Issue.record("exhaustiveCount does not model \(parameter.role) yet")
                return 1
            }
        }.reduce(1, *)
    }
}
