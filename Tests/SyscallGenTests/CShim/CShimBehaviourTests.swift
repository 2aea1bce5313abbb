import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// What the wrapper does at run time, beyond the matrix's EBADF: the exact
/// registers the kernel sees, ENOSYS and EINTR handling, the header-only mode,
/// the shared library's exports.
@Suite("C shim: run-time behaviour")
struct CShimBehaviourTests {
    static let fixtures = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/c")

    /// The ways a program can reach the shim's wrapper.
    enum Mode: String, CaseIterable, Sendable {
        case library = ""
        case headerOnly = "SYSSHIM_INLINE"
        case headerOnlyGenericSyscall = "SYSSHIM_INLINE SYSSHIM_GENERIC_SYSCALL"

        var defines: [String] { rawValue.split(separator: " ").map(String.init) }
    }

    /// strace pads the " = result" column; the padding is not what is tested.
    static func collapsingSpaces(_ text: String) -> String {
        text.replacing(/\ {2,}/, with: " ")
    }

    func build(_ fixture: String, mode: Mode, libc: CToolchain.Libc = .glibcForcedShim, in directory: URL) throws -> URL {
        let program = directory.appendingPathComponent(fixture)
        let result = try CToolchain.build(
            source: Self.fixtures.appendingPathComponent("\(fixture).c").path, output: program, compiler: .gcc,
            libc: libc, standard: "gnu11", defines: mode.defines, includes: [CToolchain.generatedInclude],
            linkShim: mode == .library)
        try #require(result.status == 0, "\(result)")
        return program
    }

    @Test("strace shows the call with the arguments given", arguments: Mode.allCases)
    func straceShowsTheCall(_ mode: Mode) throws {
        let directory = try TestSupport.temporaryDirectory("shim-strace")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = try build("mrelease_errno", mode: mode, in: directory)
        let result = try TestSupport.run("strace", ["-qq", "-e", "trace=process_mrelease", "-e", "signal=none", program.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "path=shim result=-1 errno=9\n")
        #expect(Self.collapsingSpaces(result.stderr) == "process_mrelease(-1, 0) = -1 EBADF (Bad file descriptor)\n")
    }

    @Test("32-bit arguments reach the kernel without stray upper bits", arguments: Mode.allCases)
    func exactWidth(_ mode: Mode) throws {
        let directory = try TestSupport.temporaryDirectory("shim-width")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = try build("mrelease_width", mode: mode, in: directory)
        let result = try TestSupport.run("strace", ["-qq", "-e", "trace=process_mrelease", "-e", "raw=process_mrelease",
                                                    "-e", "signal=none", program.path])
        #expect(result.status == 0, "\(result)")
        // pidfd is an int: -1 sign-extended; flags is unsigned: the 0xdeadbeef half is gone.
        #expect(Self.collapsingSpaces(result.stderr) == "process_mrelease(0xffffffffffffffff, 0) = -1 EBADF (Bad file descriptor)\n")
    }

    @Test("a kernel without the call gives -1 and ENOSYS", arguments: Mode.allCases)
    func enosysWithoutTheCall(_ mode: Mode) throws {
        let directory = try TestSupport.temporaryDirectory("shim-enosys")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = try build("mrelease_errno", mode: mode, in: directory)
        let filter = try TestSupport.withoutSyscall.get()
        let result = try TestSupport.run(filter.path, ["448", "\(KernelErrno.valueByName["ENOSYS"]!)", program.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "path=shim result=-1 errno=38\n")
    }

    @Test("EINTR is returned, never retried", arguments: Mode.allCases)
    func eintrIsNotRetried(_ mode: Mode) throws {
        let directory = try TestSupport.temporaryDirectory("shim-eintr")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = try build("mrelease_errno", mode: mode, in: directory)
        let filter = try TestSupport.withoutSyscall.get()
        let result = try TestSupport.run("strace", ["-f", "-qq", "-e", "trace=process_mrelease", "-e", "signal=none",
                                                    filter.path, "448", "4", program.path])
        #expect(result.stdout == "path=shim result=-1 errno=4\n", "\(result)")
        let attempts = result.stderr.split(separator: "\n").filter { $0.contains("process_mrelease(") }
        #expect(attempts.count == 1, "\(result.stderr)")
    }

    @Test("the raw wrapper returns the kernel's -errno, leaves errno alone, and never retries",
          arguments: Mode.allCases)
    func rawWrapper(_ mode: Mode) throws {
        let directory = try TestSupport.temporaryDirectory("shim-raw")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = try build("mrelease_raw", mode: mode, in: directory)
        let traced = try TestSupport.run("strace", ["-qq", "-e", "trace=process_mrelease", "-e", "signal=none", program.path])
        #expect(traced.stdout == "result=-9 errno=12345\n", "\(traced)")
        #expect(Self.collapsingSpaces(traced.stderr) == "process_mrelease(-1, 0) = -1 EBADF (Bad file descriptor)\n")
        // A kernel without the call, and a call interrupted: the same value back, one attempt each.
        let filter = try TestSupport.withoutSyscall.get()
        for errno in [KernelErrno.valueByName["ENOSYS"]!, KernelErrno.valueByName["EINTR"]!] {
            let result = try TestSupport.run("strace", ["-f", "-qq", "-e", "trace=process_mrelease", "-e", "signal=none",
                                                        filter.path, "448", "\(errno)", program.path])
            #expect(result.stdout == "result=-\(errno) errno=12345\n", "\(result)")
            #expect(result.stderr.split(separator: "\n").filter { $0.contains("process_mrelease(") }.count == 1, "\(result.stderr)")
        }
    }

    @Test("a C++ program calling pidfd_open() through <sys/pidfd.h> links, on glibc's function or the shim's",
          arguments: [CToolchain.Libc.glibc, .glibcForcedShim], [CToolchain.Compiler.gcc, .clang])
    func pidfdHeaderLinksInCPlusPlus(_ libc: CToolchain.Libc, _ compiler: CToolchain.Compiler) throws {
        let directory = try TestSupport.temporaryDirectory("shim-cxx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("pidfd_cxx")
        let built = try CToolchain.build(
            source: Self.fixtures.appendingPathComponent("pidfd_cxx.c").path, output: program, compiler: compiler,
            libc: libc, standard: "c++17", defines: [], includes: [CToolchain.replacementInclude, CToolchain.generatedInclude])
        try #require(built.status == 0, "\(built)")
        let result = try TestSupport.run(program.path, [])
        #expect(result.status == 0 && result.stdout == "pidfd_open ok\n", "\(result)")
        // Which function it reached: glibc's own, or the shim's exported wrapper.
        let symbols = try TestSupport.run("nm", [program.path]).stdout
        #expect(symbols.contains(" T sysshim_pidfd_open") == (libc == .glibcForcedShim), "\(symbols)")
    }

    @Test("libsysshim.so exports only the namespaced wrappers (errno-setting and raw), under SONAME libsysshim.so.1")
    func sharedLibraryExports() throws {
        let library = try CToolchain.library(for: .glibc).appendingPathComponent("libsysshim.so.1")
        let catalogue = try Catalogue.load(directory: TestSupport.specDirectory).get()
        let symbols = try TestSupport.run("nm", ["-D", "--defined-only", library.path]).stdout
            .split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(symbols.sorted() == (["SYSSHIM_1"] + catalogue.specs.flatMap {
            ["sysshim_\($0.name)@@SYSSHIM_1", "sysshim_raw_\($0.name)@@SYSSHIM_1"]
        }).sorted())
        let dynamic = try TestSupport.run("readelf", ["-d", library.path]).stdout
        #expect(dynamic.contains("Library soname: [libsysshim.so.1]"))
    }

    @Test("a program linked against libsysshim.so runs through the shim")
    func sharedLibraryRuns() throws {
        let directory = try TestSupport.temporaryDirectory("shim-shared")
        defer { try? FileManager.default.removeItem(at: directory) }
        let libraryDirectory = try CToolchain.library(for: .glibc)
        let program = directory.appendingPathComponent("program")
        let build = try TestSupport.run("gcc", ["-Wall", "-Wextra", "-Werror", "-DSYSSHIM_FORCE_SHIM",
            "-I\(CToolchain.generatedInclude)", Self.fixtures.appendingPathComponent("mrelease_errno.c").path,
            "-L\(libraryDirectory.path)", "-lsysshim", "-o", program.path])
        try #require(build.status == 0, "\(build)")
        let needed = try TestSupport.run("readelf", ["-d", program.path]).stdout
        #expect(needed.contains("Shared library: [libsysshim.so.1]"))
        let run = try TestSupport.run(program.path, [], environment: ["LD_LIBRARY_PATH": libraryDirectory.path])
        #expect(run.stdout == "path=shim result=-1 errno=9\n", "\(run)")
    }

    @Test("header-only mode needs no library and defines nothing global")
    func headerOnlyDefinesNoGlobalSymbol() throws {
        let directory = try TestSupport.temporaryDirectory("shim-inline")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = try build("mrelease_errno", mode: .headerOnly, in: directory)
        let symbols = try TestSupport.run("nm", [program.path]).stdout
        #expect(!symbols.contains("T sysshim_process_mrelease"))
        #expect(!symbols.contains("U sysshim_process_mrelease"))
        #expect(try TestSupport.run(program.path, []).stdout == "path=shim result=-1 errno=9\n")
    }
}
