import Foundation
import Testing
import TestSupport
@testable import SyscallSpec
import SyscallGen

@Suite("C shim: packaging and robustness")
struct CShimPackagingTests {
    /// What `make install` must put under DESTDIR for the committed catalogue.
    static func expectedInstall(prefix: String, catalogue: Catalogue) -> [String] {
        var files = [
            "\(prefix)/include/sysshim.h",
            "\(prefix)/include/sysshim/cdefs.h",
            "\(prefix)/include/sysshim/syscall.h",
            "\(prefix)/lib/libsysshim.a",
            "\(prefix)/lib/libsysshim.so",
            "\(prefix)/lib/libsysshim.so.1",
            "\(prefix)/lib/pkgconfig/sysshim.pc",
        ]
        for spec in catalogue.specs {
            files.append("\(prefix)/include/sysshim/\(spec.name).h")
            if !CShimEmitter.isKernelHeader(spec.header) {
                files.append("\(prefix)/include/sysshim/replace/\(spec.header)")
            }
            files.append("\(prefix)/share/man/man2/\(spec.name).2")
        }
        return Array(Set(files)).sorted()
    }

    static func installedFiles(_ root: URL) throws -> [String] {
        let result = try TestSupport.shell("cd '\(root.path)' && find . ! -type d | sed 's|^\\.||' | sort")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test("make install puts exactly the expected files under DESTDIR; uninstall removes them all")
    func installAndUninstall() throws {
        let directory = try TestSupport.temporaryDirectory("shim-install")
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = directory.appendingPathComponent("root")
        let common = ["--no-print-directory", "-C", TestSupport.packageRoot.path,
                      "BUILD_DIR=\(directory.appendingPathComponent("build").path)", "DESTDIR=\(root.path)", "PREFIX=/usr"]
        let install = try TestSupport.run("make", ["install"] + common)
        try #require(install.status == 0, "\(install)")
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory).get()
        #expect(try Self.installedFiles(root) == Self.expectedInstall(prefix: "/usr", catalogue: catalogue))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("usr/lib/libsysshim.so").path)
        #expect(link == "libsysshim.so.1")
        let pc = try String(contentsOf: root.appendingPathComponent("usr/lib/pkgconfig/sysshim.pc"), encoding: .utf8)
        #expect(pc.contains("prefix=/usr\n") && pc.contains("libdir=/usr/lib\n") && pc.contains("includedir=/usr/include\n"))

        let uninstall = try TestSupport.run("make", ["uninstall"] + common)
        try #require(uninstall.status == 0, "\(uninstall)")
        #expect(try Self.installedFiles(root) == [])
        // No directory of ours is left behind; the FHS ones (usr/lib, usr/include) may stay.
        let leftovers = try TestSupport.shell("cd '\(root.path)' && find . -type d -name 'sysshim*' -o -type d -name pkgconfig")
        #expect(leftovers.stdout.isEmpty, "\(leftovers.stdout)")
    }

    /// The packager's promise: a program written for glibc 2.36 builds, without
    /// a source change, against an install of libsysshim built for musl.
    @Test("a glibc 2.36 program builds against a musl install with pkg-config and runs")
    func muslInstallWithPkgConfig() throws {
        let directory = try TestSupport.temporaryDirectory("shim-musl-install")
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = directory.appendingPathComponent("root")
        let install = try TestSupport.run("make", ["--no-print-directory", "-C", TestSupport.packageRoot.path, "install",
            "CC=musl-gcc", "BUILD_DIR=\(directory.appendingPathComponent("build").path)", "DESTDIR=\(root.path)", "PREFIX=/usr"])
        try #require(install.status == 0, "\(install)")
        let program = directory.appendingPathComponent("program.c")
        try """
        #define _GNU_SOURCE
        #include <sys/mman.h>
        #include <errno.h>
        #include <stdio.h>

        int
        main(void)
        {
            int result = process_mrelease(-1, 0);

            printf("%d %s\\n", result, errno == EBADF ? "EBADF" : "other");
            return result == -1 && errno == EBADF ? 0 : 1;
        }

        """.write(to: program, atomically: true, encoding: .utf8)
        let environment = ["PKG_CONFIG_SYSROOT_DIR": root.path, "PKG_CONFIG_LIBDIR": root.appendingPathComponent("usr/lib/pkgconfig").path]
        let flags = try TestSupport.run("pkg-config", ["--cflags", "--libs", "sysshim"], environment: environment)
        try #require(flags.status == 0, "\(flags)")
        let binary = directory.appendingPathComponent("program")
        let build = try TestSupport.shell("musl-gcc -static -Wall -Wextra -Werror '\(program.path)' \(flags.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) -o '\(binary.path)'")
        try #require(build.status == 0, "\(build)")
        let run = try TestSupport.run(binary.path, [])
        #expect(run.status == 0 && run.stdout == "-1 EBADF\n", "\(run)")
        let symbols = try TestSupport.run("nm", [binary.path]).stdout
        #expect(symbols.contains("T sysshim_process_mrelease"))
    }

    /// Prose with comment closers, trigraphs, quotes, backslashes and non-ASCII
    /// text must still give headers and sources that compile without warnings.
    @Test("hostile prose still yields C that compiles", arguments: ["gcc -std=gnu89", "gcc -std=c11", "clang -std=c99", "g++ -std=c++17 -x c++", "clang++ -std=c++20 -x c++"])
    func hostileProse(_ compiler: String) throws {
        let directory = try TestSupport.temporaryDirectory("shim-hostile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/specs/c-hostile")
        let generate = try TestSupport.sysshim(["generate", "--spec-dir", specs.path, "--output-dir", directory.path])
        try #require(generate.status == 0, "\(generate)")
        let include = directory.appendingPathComponent("generated/c/include").path
        let header = try String(contentsOfFile: include + "/sysshim/hostile_prose.h", encoding: .utf8)
        #expect(header.contains("naïve"), "non-ASCII prose is kept in comments")
        #expect(!header.contains("??/") && !header.contains("closer */"), "trigraph and comment closer are broken up")
        let source = directory.appendingPathComponent("generated/c/src/hostile_prose.c").path
        let program = directory.appendingPathComponent("main.c")
        try """
        #include <sysshim.h>
        int main(void) { return hostile_prose(-1, 0) == -1 ? 0 : 1; }

        """.write(to: program, atomically: true, encoding: .utf8)
        let result = try TestSupport.shell("\(compiler) -Wall -Wextra -Werror -pedantic -Wtrigraphs -Wcomment -DSYSSHIM_FORCE_SHIM -I'\(include)' '\(program.path)' '\(source)' -o '\(directory.path)/program' && '\(directory.path)/program'", environment: ["LC_ALL": "C"])
        #expect(result.status == 0, "\(result)")
    }
}
