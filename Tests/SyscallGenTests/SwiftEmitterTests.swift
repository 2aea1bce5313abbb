import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

@Suite("Swift bindings emitter")
struct SwiftEmitterTests {
    /// process_mrelease with one more flag, as a developer adding a flag would
    /// write it: one spec entry.
    static func specWithAddedFlag() throws -> String {
        let original = try String(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"), encoding: .utf8)
        let reserved = "    reserved: true\n"
        #expect(original.contains(reserved))
        return original.replacingOccurrences(of: reserved, with: """
            flags:
              - name: PROCESS_MRELEASE_REAP_KILL
                value: 0x1
                since: proposed
                prose: Kill the target first, then release its memory.

        """)
    }

    @Test("a flag added to the spec becomes a member of the option set, and the module type-checks")
    func addedFlagBecomesOptionSetMember() throws {
        let directory = try TestSupport.temporaryDirectory("swift-flag")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try Self.specWithAddedFlag().write(to: specs.appendingPathComponent("process_mrelease.yaml"), atomically: true, encoding: .utf8)
        let generate = try TestSupport.sysshim(["generate", "--spec-dir", specs.path, "--output-dir", directory.path])
        try #require(generate.status == 0, "\(generate)")

        let swift = try String(contentsOf: directory.appendingPathComponent("generated/swift/ProcessMrelease.swift"), encoding: .utf8)
        #expect(swift.contains("public static var reapKill: Self { Self(rawValue: CUnsignedInt(PROCESS_MRELEASE_REAP_KILL)) }"))
        #expect(swift.contains("The corresponding C constant is `PROCESS_MRELEASE_REAP_KILL`."))
        let header = try String(contentsOf: directory.appendingPathComponent("generated/c/include/sysshim/process_mrelease.h"), encoding: .utf8)
        #expect(header.contains("# define PROCESS_MRELEASE_REAP_KILL 0x1"))

        // Type-check the generated module against the generated C module and
        // swift-system, as built for these tests.
        let modules = TestSupport.sysshimExecutable.deletingLastPathComponent().appendingPathComponent("Modules")
        let cSystem = TestSupport.packageRoot.appendingPathComponent(".build/checkouts/swift-system/Sources/CSystem/include/module.modulemap")
        let include = directory.appendingPathComponent("generated/c/include")
        let typecheck = try TestSupport.run("swiftc", [
            "-typecheck", "-swift-version", "6", "-strict-concurrency=complete", "-warnings-as-errors",
            "-module-name", "SysShim", "-I", modules.path,
            "-Xcc", "-fmodule-map-file=\(include.path)/module.modulemap", "-Xcc", "-I\(include.path)",
            "-Xcc", "-fmodule-map-file=\(cSystem.path)",
            directory.appendingPathComponent("generated/swift/ProcessMrelease.swift").path,
        ])
        #expect(typecheck.status == 0, "\(typecheck)")
    }

    @Test("DocC escaping keeps markup characters literal")
    func doccEscaping() {
        #expect(DocCRenderer.escape("a*b_c`d[e]<f>#") == "a\\*b\\_c\\`d\\[e\\]\\<f\\>\\#")
        #expect(DocCRenderer.codeSpan("x`y") == "``x`y``")
        let renderer = DocCRenderer(argumentNames: ["flags": "options"])
        #expect(renderer.inline([.emphasis("flags"), .text(" is "), .strong("EINVAL"), .text(" or "), .emphasis("other")])
                == "`options` is `EINVAL` or *other*")
    }

    @Test("flag member names drop the prefix the set's flags share")
    func memberNames() {
        func flag(_ name: String) -> Flag {
            Flag(name: name, value: 1, overrides: [:], since: .proposed, prose: .empty, uapiHeader: nil,
                 swiftName: nil, systemHeader: nil, location: .start(of: "x"))
        }
        let set = FlagSet(name: "pidfd_flags", kind: .bits, reserved: false, prose: .empty,
                          flags: [flag("PIDFD_NONBLOCK"), flag("PIDFD_THREAD")], enumTag: nil,
                          exclusive: false, swiftName: "PIDFDOptions", owner: "x", location: .start(of: "x"))
        #expect(SwiftEmitter.memberName(set.flags[0], in: set) == "nonblock")
        #expect(SwiftEmitter.memberName(set.flags[1], in: set) == "thread")
        let single = FlagSet(name: "process_mrelease_flags", kind: .bits, reserved: false, prose: .empty, flags: [flag("PROCESS_MRELEASE_REAP_KILL")],
                             enumTag: nil, exclusive: false, swiftName: "S", owner: "x", location: .start(of: "x"))
        #expect(SwiftEmitter.memberName(single.flags[0], in: single) == "reapKill")
    }
}
