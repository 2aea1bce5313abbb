import Foundation
import Testing
import TestSupport

/// One build of the matrix program.
struct ShimConfiguration: Sendable, CustomTestStringConvertible {
    enum Order: String, Sendable, CaseIterable {
        case shimFirst = "ORDER_SHIM_FIRST"
        case libcFirst = "ORDER_LIBC_FIRST"
        /// Only <sys/mman.h>, resolved to the replacement header: the program is
        /// written for glibc 2.36 and compiled unchanged.
        case replacement = "ORDER_REPLACEMENT"
    }

    var compiler: CToolchain.Compiler
    var libc: CToolchain.Libc
    var standard: String
    var order: Order
    var gnuSource: Bool

    var testDescription: String {
        "\(compiler.rawValue) \(libc.rawValue) -std=\(standard) \(order.rawValue)\(gnuSource ? " _GNU_SOURCE" : "")"
    }

    static let standards = ["gnu89", "c99", "c11", "c17", "c2x", "c++11", "c++17", "c++20"]

    /// Every combination the shim promises to support. A C program using the
    /// replacement header without _GNU_SOURCE is not one (glibc itself declares
    /// the call only under _GNU_SOURCE; see the test below); C++ compilers define
    /// _GNU_SOURCE themselves, so that axis collapses for C++.
    static let all: [ShimConfiguration] = {
        var result: [ShimConfiguration] = []
        for compiler in CToolchain.Compiler.allCases {
            for libc in CToolchain.Libc.allCases {
                for standard in standards {
                    for order in Order.allCases {
                        for gnuSource in [true, false] {
                            if order == .replacement && !gnuSource { continue }
                            result.append(ShimConfiguration(compiler: compiler, libc: libc, standard: standard,
                                                            order: order, gnuSource: gnuSource))
                        }
                    }
                }
            }
        }
        return result
    }()
}

@Suite("C shim: compile, link and run matrix")
struct CShimMatrixTests {
    static let source = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/c/mrelease_matrix.c").path

    @Test("process_mrelease(-1, 0) fails with EBADF through the expected implementation", arguments: ShimConfiguration.all)
    func matrix(_ configuration: ShimConfiguration) throws {
        let directory = try TestSupport.temporaryDirectory("shim-matrix")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("program")
        var includes = [CToolchain.generatedInclude]
        if configuration.order == .replacement { includes.insert(CToolchain.replacementInclude, at: 0) }
        let build = try CToolchain.build(
            source: Self.source, output: program, compiler: configuration.compiler, libc: configuration.libc,
            standard: configuration.standard,
            defines: [configuration.order.rawValue] + (configuration.gnuSource ? ["WITH_GNU_SOURCE"] : []),
            includes: includes)
        try #require(build.status == 0, "build failed: \(build)")
        #expect(build.stderr.isEmpty, "compiler printed: \(build.stderr)")

        let run = try TestSupport.run(program.path, [])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "path=\(configuration.libc.expectedPath) result=-1 errno=EBADF\n")

        // The binary itself must agree with what the program printed.
        let symbols = try TestSupport.run("nm", [program.path]).stdout
        if configuration.libc.expectedPath == "libc" {
            // gcc's linker records the symbol version, the toolchain clang's does not print it.
            #expect(symbols.contains(/U process_mrelease(@GLIBC_2\.36)?\n/), "\(symbols)")
            #expect(!symbols.contains("sysshim_process_mrelease"))
        } else {
            #expect(symbols.contains("T sysshim_process_mrelease"), "\(symbols)")
            #expect(!symbols.contains(" process_mrelease@"))
        }
    }

    /// The replacement header mirrors glibc: without _GNU_SOURCE a C program
    /// does not get the declaration (on glibc the libc hides it; on musl and with
    /// the forced shim, the replacement does), so the build fails the same way.
    @Test("replacement <sys/mman.h> declares process_mrelease only under _GNU_SOURCE",
          arguments: [CToolchain.Libc.glibc, .glibcForcedShim, .musl])
    func replacementHonoursFeatureTestMacro(_ libc: CToolchain.Libc) throws {
        let directory = try TestSupport.temporaryDirectory("shim-ftm")
        defer { try? FileManager.default.removeItem(at: directory) }
        let build = try CToolchain.build(
            source: Self.source, output: directory.appendingPathComponent("program"), compiler: .gcc, libc: libc,
            standard: "c11", defines: [ShimConfiguration.Order.replacement.rawValue],
            includes: [CToolchain.replacementInclude, CToolchain.generatedInclude])
        #expect(build.status != 0)
        #expect(build.stderr.contains("implicit declaration of function 'process_mrelease'")
                || build.stderr.contains("'SYSSHIM_LIBC_HAS_process_mrelease' undeclared"), "\(build.stderr)")
    }
}
