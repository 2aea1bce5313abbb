import Foundation
import TestSupport

/// How the C shim tests compile against glibc and musl with gcc and clang.
/// Debian's musl-tools ships only a gcc wrapper (musl-gcc) and no C++ headers
/// for musl, so clang and the C++ modes use musl's headers and crt files
/// directly; the test programs use no C++ library, so no libstdc++ is linked.
enum CToolchain {
    static let muslInclude = "/usr/include/x86_64-linux-musl"
    static let muslLib = "/usr/lib/x86_64-linux-musl"

    enum Compiler: String, CaseIterable, Sendable {
        case gcc, clang
    }

    enum Libc: String, CaseIterable, Sendable {
        /// glibc 2.36: the headers defer to the C library's own wrapper.
        case glibc
        /// glibc with SYSSHIM_FORCE_SHIM: the shim's wrapper on a libc that has one.
        case glibcForcedShim = "glibc-forced-shim"
        case musl

        var expectedPath: String { self == .glibc ? "libc" : "shim" }
    }

    /// Compiler messages in ASCII, so tests can match them.
    static let cLocale = ["LC_ALL": "C"]

    static let generatedInclude = TestSupport.packageRoot.appendingPathComponent("generated/c/include").path
    static var replacementInclude: String { generatedInclude + "/sysshim/replace" }

    /// libsysshim built once per test run from the committed generated/c, for
    /// glibc and for musl, by the Makefile's own rules.
    static let libraries: Result<(glibc: URL, musl: URL), BuildFailure> = {
        do {
            let directory = try TestSupport.temporaryDirectory("sysshim-lib")
            let glibc = directory.appendingPathComponent("glibc")
            let musl = directory.appendingPathComponent("musl")
            for (buildDirectory, cc) in [(glibc, "cc"), (musl, "musl-gcc")] {
                let result = try TestSupport.run("make", ["--no-print-directory", "-C", TestSupport.packageRoot.path,
                                                          "shim-lib", "CC=\(cc)", "BUILD_DIR=\(buildDirectory.path)"])
                guard result.status == 0 else { return .failure(BuildFailure(description: "make shim-lib CC=\(cc): \(result)")) }
            }
            return .success((glibc.appendingPathComponent("lib"), musl.appendingPathComponent("lib")))
        } catch {
            return .failure(BuildFailure(description: "\(error)"))
        }
    }()

    struct BuildFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func library(for libc: Libc) throws -> URL {
        let libraries = try libraries.get()
        return libc == .musl ? libraries.musl : libraries.glibc
    }

    /// Compiles and links `source` into `output`; returns the compiler's result.
    static func build(source: String, output: URL, compiler: Compiler, libc: Libc, standard: String,
                      defines: [String], includes: [String], linkShim: Bool = true) throws -> TestSupport.ProcessResult {
        let isCPlusPlus = standard.hasPrefix("c++") || standard.hasPrefix("gnu++")
        var flags = ["-std=\(standard)", "-Wall", "-Wextra", "-Werror", "-pedantic"]
        flags += defines.map { "-D\($0)" }
        if libc == .glibcForcedShim { flags.append("-DSYSSHIM_FORCE_SHIM") }
        flags += includes.map { "-I\($0)" }
        let library = linkShim ? [try library(for: libc).appendingPathComponent("libsysshim.a").path] : []
        let driver: String = switch (compiler, isCPlusPlus) {
        case (.gcc, false): "gcc"
        case (.gcc, true): "g++"
        case (.clang, false): "clang"
        case (.clang, true): "clang++"
        }
        if libc != .musl {
            let input = isCPlusPlus ? ["-x", "c++", source, "-x", "none"] : [source]
            return try TestSupport.run(driver, flags + input + ["-o", output.path] + library, environment: cLocale)
        }
        if compiler == .gcc && !isCPlusPlus {
            return try TestSupport.run("musl-gcc", flags + ["-static", source, "-o", output.path] + library, environment: cLocale)
        }
        // The compiler's own headers (stddef.h, ...) plus musl's, then musl's crt files.
        let builtinInclude = try TestSupport.shell(compiler == .gcc ? "gcc -print-file-name=include" : "clang -print-resource-dir")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines) + (compiler == .gcc ? "" : "/include")
        let object = output.appendingPathExtension("o")
        var compile = flags + ["-nostdinc", "-isystem", builtinInclude, "-isystem", muslInclude, "-c", source, "-o", object.path]
        if isCPlusPlus { compile = ["-x", "c++", "-nostdinc++", "-fno-exceptions", "-fno-rtti"] + compile }
        let compiled = try TestSupport.run(driver, compile, environment: cLocale)
        guard compiled.status == 0 else { return compiled }
        let libgcc = try TestSupport.shell("gcc -print-libgcc-file-name").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return try TestSupport.run("gcc", ["-static", "-nostdlib", "\(muslLib)/crt1.o", "\(muslLib)/crti.o", object.path]
                                   + library + ["\(muslLib)/libc.a", libgcc, "\(muslLib)/crtn.o", "-o", output.path])
    }

    /// The seccomp helper that makes one system call fail with a chosen errno.
    static let withoutSyscall: Result<URL, BuildFailure> = {
        do {
            let directory = try TestSupport.temporaryDirectory("without-syscall")
            let binary = directory.appendingPathComponent("without-syscall")
            let result = try TestSupport.run("gcc", ["-Wall", "-Wextra", "-Werror", "-O2",
                TestSupport.packageRoot.appendingPathComponent("Tests/Tools/without-syscall.c").path, "-o", binary.path])
            guard result.status == 0 else { return .failure(BuildFailure(description: "\(result)")) }
            return .success(binary)
        } catch {
            return .failure(BuildFailure(description: "\(error)"))
        }
    }()
}
